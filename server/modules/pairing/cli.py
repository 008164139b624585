"""`saishang pairing ...`: propose (and accept) from the command line, with a Rich table."""

from __future__ import annotations

import json
from typing import Annotated

import msgspec
import typer
from rich.table import Table

from server.modules.pairing import messages as msg
from server.platform.console import language, out, word_table

cli = typer.Typer(help="名师带高徒 master-apprentice pairing.", no_args_is_help=True)


def _reasons(reasons, lang: str) -> str:
    return "; ".join(r.en for r in reasons) if lang == "en" else "；".join(r.zh for r in reasons)


def print_proposal(proposal, *, lang: str, limit: int | None = None) -> None:
    """The proposal's pairs and its unpaired apprentices, each with reasons, in `lang` (the CLI's)."""
    s = proposal.summary
    title = {
        "proposal": proposal.id,
        "programme": proposal.programme_id,
        "pairs": s.pairs,
        "target": s.target_pairs,
        "unpaired": s.unpaired,
        "cost": s.cost,
        "blocking": s.blocking_pairs,
        "optimal": (msg.CLI_OPTIMAL if s.optimal else msg.CLI_NOT_OPTIMAL).render(lang),
        "ms": s.solve_ms,
    }
    table = Table(title=msg.CLI_PROPOSAL_TITLE.render(lang, title))
    table.add_column(msg.CLI_PAIR.render(lang), no_wrap=True)
    table.add_column(msg.CLI_TRADE.render(lang), no_wrap=True)
    table.add_column(msg.CLI_COST.render(lang), justify="right")
    table.add_column(msg.CLI_REASONS.render(lang), ratio=1, overflow="fold")
    for p in proposal.pairs[:limit]:
        mark = " ✔" if p.agreement_id else (" 🔒" if p.locked else "")
        table.add_row(
            f"{p.master_name} → {p.apprentice_name}{mark}\n#{p.master_member_id} → #{p.apprentice_member_id}",
            p.apprentice_trade or "—",
            str(p.cost),
            _reasons(p.reasons, lang),
        )
    out.print(table)
    if limit is not None and len(proposal.pairs) > limit:
        out.print(msg.CLI_MORE_PAIRS.render(lang, {"count": len(proposal.pairs) - limit}), markup=False)
    if proposal.unpaired:
        missing = Table(title=msg.CLI_UNPAIRED.render(lang))
        missing.add_column(msg.CLI_APPRENTICE.render(lang), no_wrap=True)
        missing.add_column(msg.CLI_TRADE.render(lang), no_wrap=True)
        missing.add_column(msg.CLI_WHY_UNPAIRED.render(lang), ratio=1, overflow="fold")
        for u in proposal.unpaired[:limit]:
            missing.add_row(f"{u.name} #{u.apprentice_member_id}", u.trade or "—", _reasons(u.reasons, lang))
        out.print(missing)
    for w in proposal.warnings:
        out.print(f"! {w.en if lang == 'en' else w.zh}", style="yellow", markup=False)


@cli.command("propose")
def propose(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    programme: Annotated[str, typer.Option(help="Programme id or exact name")],
    accept: Annotated[bool, typer.Option(help="Accept the proposal: its new pairs become agreements")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Every pair, not the first 50")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Propose the optimal pairing for a programme and print it: pairs with reasons, unpaired with
    reasons, in the CLI's language (SAISHANG_LANG)."""
    from server.infra.tenancy import tenant_scope
    from server.modules.pairing import service
    from server.platform import service as platform
    from server.platform.console import run

    async def body(settings):
        await platform.active_tenant(tenant)
        async with tenant_scope(tenant):
            found = await service.find_programme(programme)
            proposal = await service.propose(found.id)
        accepted = None
        if accept:
            async with tenant_scope(tenant):
                accepted = await service.accept(proposal.id)
        return proposal, accepted

    proposal, accepted = run(body, tenant=tenant, module="pairing")
    if as_json:
        data = {"proposal": msgspec.to_builtins(proposal)}
        if accepted is not None:
            data["accepted"] = msgspec.to_builtins(accepted)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    lang = language()
    print_proposal(proposal, lang=lang, limit=None if show_all else 50)
    out.print(msg.CLI_LEGEND.render(lang), markup=False)
    if accepted is not None:
        out.print(msg.CLI_ACCEPTED.render(lang, {"count": accepted.agreements_created}), style="green", markup=False)


@cli.command("programmes")
def programmes(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    year: Annotated[int | None, typer.Option(help="Only this year")] = None,
) -> None:
    """List the tenant's pairing programmes."""
    from server.infra.tenancy import tenant_scope
    from server.modules.pairing import service
    from server.platform import service as platform
    from server.platform.console import run

    async def body(settings):
        await platform.active_tenant(tenant)
        async with tenant_scope(tenant):
            return (await service.list_programmes(year=year, limit=500)).items

    lang = language()
    words = [
        msg.CLI_ID,
        msg.CLI_YEAR,
        msg.CLI_TARGET,
        msg.CLI_MASTERS,
        msg.CLI_APPRENTICES,
        msg.CLI_AGREEMENTS,
    ]
    table = word_table(words, lang, title=msg.CLI_PROGRAMMES.render(lang))
    table.add_column(msg.CLI_NAME.render(lang), no_wrap=True)
    for p in run(body, tenant=tenant, module="pairing"):
        table.add_row(
            str(p.id), str(p.year), str(p.target_pairs), str(p.masters), str(p.apprentices), str(p.agreements), p.name
        )
    out.print(table)
