"""`saishang skills reward-run`: compute a reward run, show it, approve it, and pay it from this
process with a live Rich progress bar (killed half-way, run it again with `--run ID --pay`: the
disbursement engine pays each certificate once)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from server.platform.console import word_table

cli = typer.Typer(help="五位一体技能提升 Yinchuan's skills pipeline: reward runs.", no_args_is_help=True)


def _show(run: Any) -> None:

    from server.modules.orgs.columns import LEVEL_WORDS
    from server.modules.skills import messages as msg
    from server.modules.skills.columns import CODES
    from server.platform import exports
    from server.platform.console import language, out

    lang = language()
    state = CODES["RunOut.state"].get(run.state)
    line = {
        "run": run.id,
        "year": run.year,
        "up_to": run.up_to,
        "state": exports.words(state, lang) if state else run.state,
        "lines": run.line_count,
        "total": f"{run.total_fen / 100:,.2f}",
    }
    batch = msg.CLI_RUN_BATCH.render(lang, {"batch": run.batch_id}) if run.batch_id else ""
    out.print(msg.CLI_RUN_LINE.render(lang, line) + batch, style="bold", markup=False)
    if run.groups:
        # in words, in the CLI's language: a certificate's level as the exports write it, an honour by its title
        words = [msg.CLI_KIND, msg.CLI_LEVEL_OR_HONOUR, msg.CLI_RULE_FROM, msg.CLI_LINES, msg.CLI_EACH, msg.CLI_TOTAL]
        table = word_table(words, lang, fold=True)
        kinds = {"certificate": msg.CLI_CERTIFICATE, "honour": msg.CLI_HONOUR}
        for g in run.groups:
            level = LEVEL_WORDS.get(str(g.level)) if g.kind == "certificate" else None
            kind = kinds.get(g.kind)
            table.add_row(
                kind.render(lang) if kind else g.kind,
                exports.words(level, lang) if level else g.label,
                str(g.rule_effective_from or ""),
                str(g.lines),
                f"{g.amount_fen / 100:,.2f}",
                f"{g.total_fen / 100:,.2f}",
            )
        out.print(table)
    if run.without_account:
        out.print(msg.CLI_WITHOUT_ACCOUNT.render(lang, {"count": run.without_account}), markup=False)
    for skip in run.skipped:  # a certificate of a level its member is rewarded for already
        out.print(skip.en if lang == "en" else skip.zh, markup=False)


async def _pay(tenant: str, run: Any, settings: Any) -> Any:
    """Pay the run's batch here, as a worker would, with a progress bar; the run as it ends."""
    import asyncio

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from server.infra.tenancy import tenant_scope
    from server.modules.skills import messages as msg
    from server.modules.skills import service
    from server.modules.welfare import disbursement
    from server.modules.welfare import messages as welfare
    from server.modules.welfare.channels import channel_for
    from server.modules.welfare.cli import progress_words
    from server.platform.console import language, out

    lang = language()

    channel = channel_for(settings, tenant)
    worker = asyncio.create_task(
        disbursement.pay_until_settled(
            tenant,
            run.batch_id,
            channel,
            chunk=settings.payout_chunk,
            lease_seconds=settings.payout_lease_seconds,
            timeout=3600,
        )
    )
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
    ]
    try:
        with Progress(*columns, console=out) as bar:
            task = bar.add_task(msg.CLI_RUN_PROGRESS.render(lang, {"run": run.id}), total=run.line_count, detail="")
            while True:
                async with tenant_scope(tenant):
                    p = await disbursement.progress(run.batch_id)
                bar.update(
                    task,
                    completed=p.paid + p.failed,
                    detail=welfare.CLI_PROGRESS.render(lang, progress_words(p)),
                )
                if p.done or worker.done():
                    break
                await asyncio.sleep(0.2)
        await worker
    finally:
        await channel.aclose()
    async with tenant_scope(tenant):
        return await service.get_run(run.id)


@cli.command("reward-run")
def reward_run(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    year: Annotated[int | None, typer.Option(help="Reward the certificates and honours of this year")] = None,
    up_to: Annotated[str | None, typer.Option("--up-to", help="Only those up to this day (YYYY-MM-DD)")] = None,
    run_id: Annotated[int | None, typer.Option("--run", help="An existing run instead of a new one")] = None,
    approve: Annotated[bool, typer.Option("--approve", help="Approve the run: one payout batch")] = False,
    pay: Annotated[bool, typer.Option("--pay", help="Pay the approved run here, with a progress bar")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Compute who is owed what under the rule in force on each certificate's date, show it, and on
    `--approve` hand it to the disbursement engine; `--pay` pays it from this process."""
    from server.infra.tenancy import tenant_scope
    from server.modules.skills import messages as msg
    from server.modules.skills import service
    from server.modules.skills.columns import CODES
    from server.platform import exports
    from server.platform.console import fail, language, out, print_json, run
    from server.platform.messages import OPTION_NOT_A_DATE
    from server.platform.roles import Actor, Role

    if run_id is None and year is None:
        fail(msg.CLI_YEAR_OR_RUN)
    day = None
    if up_to:
        try:
            day = dt.date.fromisoformat(up_to)
        except ValueError:
            fail(OPTION_NOT_A_DATE, option="--up-to", value=up_to)
    actor = Actor(account_id=None, name="saishang skills reward-run", role=Role.tenant_admin, tenant=tenant)

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            r = (
                await service.get_run(run_id)
                if run_id is not None
                else await service.create_run(service.RunIn(year=year or 0, up_to=day), actor)
            )
            if approve:
                r = await service.approve_run(r.id, actor)
        if not as_json:
            _show(r)
        if pay:
            if r.batch_id is None:
                if r.state != "approved":
                    state = CODES["RunOut.state"].get(r.state)
                    fail(msg.CLI_APPROVE_FIRST, run=r.id, state=exports.words(state, language()) if state else r.state)
                out.print(msg.CLI_NOTHING_TO_PAY.render(language()), markup=False)
                return r
            r = await _pay(tenant, r, settings)
            if not as_json:
                said = {"paid": r.paid, "paid_yuan": f"{r.paid_fen / 100:,.2f}", "failed": r.failed, "open": r.open}
                out.print(msg.CLI_RUN_PAID.render(language(), said), markup=False)
        return r

    result = run(body, tenant=tenant, module="skills")
    if as_json:
        print_json(result)
