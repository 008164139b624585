"""`saishang pairing ...`: propose (and accept) from the command line, with a Rich table."""

from __future__ import annotations

import json
from typing import Annotated

import msgspec
import typer
from rich.table import Table

from server.platform.console import out

cli = typer.Typer(help="名师带高徒 master-apprentice pairing.", no_args_is_help=True)


def _reasons(reasons, lang: str) -> str:
    return "；".join(getattr(r, lang) for r in reasons) if lang == "zh" else "; ".join(r.en for r in reasons)


def print_proposal(proposal, *, lang: str = "zh", limit: int | None = None) -> None:
    s = proposal.summary
    title = (
        f"方案 #{proposal.id} · 项目 #{proposal.programme_id} · {s.pairs} 对 (目标 {s.target_pairs}) · "
        f"未配对 {s.unpaired} · 成本 {s.cost} · 阻塞对 {s.blocking_pairs} · "
        f"{'最优' if s.optimal else '非最优'} · {s.solve_ms} ms"
    )
    table = Table(title=title)
    table.add_column("师傅 → 徒弟 (member ids)", no_wrap=True)
    table.add_column("工种", no_wrap=True)
    table.add_column("成本", justify="right")
    table.add_column("理由 reasons", ratio=1, overflow="fold")
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
        out.print(f"… {len(proposal.pairs) - limit} more pairs (--all shows every pair)")
    if proposal.unpaired:
        missing = Table(title="未配对 unpaired")
        missing.add_column("徒弟 apprentice", no_wrap=True)
        missing.add_column("工种", no_wrap=True)
        missing.add_column("原因 why unpaired", ratio=1, overflow="fold")
        for u in proposal.unpaired[:limit]:
            missing.add_row(f"{u.name} #{u.apprentice_member_id}", u.trade or "—", _reasons(u.reasons, lang))
        out.print(missing)
    for w in proposal.warnings:
        out.print(f"[yellow]! {getattr(w, lang)}[/]")


@cli.command("propose")
def propose(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    programme: Annotated[str, typer.Option(help="Programme id or exact name")],
    accept: Annotated[bool, typer.Option(help="Accept the proposal: its new pairs become agreements")] = False,
    lang: Annotated[str, typer.Option(help="Reasons in zh or en")] = "zh",
    show_all: Annotated[bool, typer.Option("--all", help="Every pair, not the first 50")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Propose the optimal pairing for a programme and print it: pairs with reasons, unpaired with reasons."""
    from server.infra.tenancy import tenant_scope
    from server.modules.pairing import service
    from server.platform import service as platform
    from server.platform.console import fail, run

    if lang not in ("zh", "en"):
        fail("--lang must be zh or en")

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
    print_proposal(proposal, lang=lang, limit=None if show_all else 50)
    out.print("✔ agreed (已签协议)  🔒 locked by an officer (锁定)")
    if accepted is not None:
        out.print(f"[green]accepted: {accepted.agreements_created} agreement(s) created[/]")


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

    table = Table("id", "年 year", "目标 target", "师傅", "徒弟", "协议", title="名师带高徒 programmes")
    table.add_column("名称 name", no_wrap=True)
    for p in run(body, tenant=tenant, module="pairing"):
        table.add_row(
            str(p.id), str(p.year), str(p.target_pairs), str(p.masters), str(p.apprentices), str(p.agreements), p.name
        )
    out.print(table)
