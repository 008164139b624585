"""`saishang welfare ...`: the simulated channel, live progress, paying and reconciling."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from server.platform.console import word_table

cli = typer.Typer(help="送温暖与救助 Welfare & relief: campaigns, payouts, the payment channel.", no_args_is_help=True)


@cli.command("channel-sim")
def channel_sim(
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8700,
    host: Annotated[str, typer.Option(help="Bind address")] = "127.0.0.1",
    fault_rate: Annotated[float, typer.Option(help="Share of requests that get a fault (0-1)")] = 0.0,
    fault: Annotated[
        list[str] | None, typer.Option("--fault", help="Fault kinds to inject (repeat); default all")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the fault draws")] = 0,
    stall: Annotated[float, typer.Option(help="Seconds a timeout-before-apply stalls")] = 3.0,
    slow: Annotated[float, typer.Option(help="Seconds a slow answer takes at most")] = 0.4,
    processing: Annotated[
        float, typer.Option(help="Seconds a payment stays processing under the not-found fault")
    ] = 0.5,
    no_dedupe: Annotated[
        bool, typer.Option("--no-dedupe", help="NEGATIVE CONTROL ONLY: apply a repeated reference again")
    ] = False,
    journal: Annotated[
        Path | None,
        typer.Option(help="Where the bank keeps its record (default $SAISHANG_HOME/channel-sim/journal.jsonl)"),
    ] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Keep no record on disk (forgotten on restart)")] = False,
) -> None:
    """Run the simulated payment channel (a local bank API with injectable faults)."""
    from server.modules.welfare import messages as msg
    from server.modules.welfare.channels.simulated import FAULT_KINDS, FaultConfig, serve
    from server.platform.console import fail, language, out
    from server.settings import Settings

    if not forget and journal is None:
        journal = Settings.from_env().home / "channel-sim" / "journal.jsonl"

    kinds = fault or list(FAULT_KINDS)
    bad = set(kinds) - set(FAULT_KINDS)
    if bad:
        fail(msg.CLI_UNKNOWN_FAULTS, unknown=", ".join(sorted(bad)), known=", ".join(FAULT_KINDS))
    if not 0 <= fault_rate <= 1:
        fail(msg.CLI_FAULT_RATE)
    lang = language()
    record = msg.CLI_RECORD_NOT_KEPT if forget else msg.CLI_RECORD_KEPT
    said = {
        "host": host,
        "port": port,
        "rate": f"{fault_rate:.0%}",
        "kinds": ", ".join(kinds),
        "seed": seed,
        "dedupe": (msg.CLI_DEDUPE_OFF if no_dedupe else msg.CLI_DEDUPE_ON).render(lang),
        "record": record.render(lang, {"path": journal}),
    }
    out.print(msg.CLI_SIMULATING.render(lang, said), markup=False)
    serve(
        host,
        port,
        FaultConfig(
            rate=fault_rate,
            kinds=kinds,
            seed=seed,
            stall_seconds=stall,
            slow_seconds=slow,
            processing_seconds=processing,
            dedupe=not no_dedupe,
        ),
        None if forget else journal,
    )


def progress_words(p: Any) -> dict[str, Any]:
    """A payout batch's progress (`disbursement.Progress`) as `messages.CLI_PROGRESS` says it;
    skills' reward runs are paid by the same engine and say it the same way."""
    keys = ("paid", "failed", "in_flight", "unknown", "pending", "recovered")
    return {k: getattr(p, k) for k in keys} | {"paid_yuan": f"{p.paid_fen / 100:,.2f}"}


def _bar(campaign: int, tenant: str, *, pay: bool) -> None:
    import asyncio
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from server.infra.tenancy import tenant_scope
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare import messages as msg
    from server.modules.welfare import service
    from server.modules.welfare.channels import channel_for
    from server.platform.console import language, out, run

    lang = language()

    async def body(settings) -> engine.Progress:
        async with tenant_scope(tenant):
            c = await service.get_campaign(campaign)
            p = await service.campaign_progress(campaign)  # refuses a campaign not approved yet
        batch_id = p.batch_id
        channel = channel_for(settings, tenant) if pay else None
        worker: asyncio.Task | None = None
        if channel is not None:
            worker = asyncio.create_task(
                engine.pay_until_settled(
                    tenant,
                    batch_id,
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
            with Progress(*columns, console=out, transient=False) as bar:
                task = bar.add_task(c.name, total=p.total, detail="")
                while True:
                    async with tenant_scope(tenant):
                        p = await engine.progress(batch_id)
                    bar.update(
                        task,
                        completed=p.paid + p.failed,
                        detail=msg.CLI_PROGRESS.render(lang, progress_words(p)),
                    )
                    if p.done or (worker is not None and worker.done()):
                        break
                    await asyncio.sleep(0.3)
            if worker is not None:
                await worker
        finally:
            if channel is not None:
                await channel.aclose()
        return p

    start = time.monotonic()
    p = run(body, tenant=tenant, module="welfare")
    said = progress_words(p) | {"open": p.pending + p.in_flight, "seconds": f"{time.monotonic() - start:.1f}"}
    out.print(msg.CLI_PAID.render(lang, said), markup=False)


@cli.command("progress")
def progress(
    campaign: Annotated[int, typer.Argument(help="Campaign id")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
) -> None:
    """Watch a campaign being paid, live (Ctrl-C stops watching, not paying)."""
    _bar(campaign, tenant, pay=False)


@cli.command("pay")
def pay(
    campaign: Annotated[int, typer.Argument(help="Campaign id")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
) -> None:
    """Pay an approved campaign from this process (as a worker would), with a live progress bar."""
    _bar(campaign, tenant, pay=True)


@cli.command("reconcile")
def reconcile(
    campaign: Annotated[int, typer.Argument(help="Campaign id")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Compare the campaign's ledger with the channel's statement and list every difference."""

    from server.infra.tenancy import tenant_scope
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare import messages as msg
    from server.modules.welfare import service
    from server.modules.welfare.channels import channel_for
    from server.modules.welfare.columns import PAYOUT_STATES
    from server.platform import exports
    from server.platform.console import language, out, print_json, run

    async def body(settings):
        async with tenant_scope(tenant):
            batch_id = (await service.get_campaign(campaign)).batch_id
        if batch_id is None:
            from server.platform.console import fail

            fail(msg.NOT_APPROVED, campaign=campaign)
        channel = channel_for(settings, tenant)
        try:
            return await engine.reconcile(
                tenant, batch_id, channel, trigger="manual", settlement_seconds=settings.bank_settlement_seconds
            )
        finally:
            await channel.aclose()

    rec = run(body, tenant=tenant, module="welfare")
    if as_json:
        print_json(rec)
        if not rec.ok:
            raise typer.Exit(1)
        return
    # in words, in the CLI's language; a payout's reference as the bank's statement writes it
    lang = language()
    verdict = msg.CLI_CONSISTENT if rec.ok else msg.CLI_DIFFERENCES
    line = {
        "checked": rec.checked,
        "ledger": f"{rec.ledger_paid_fen / 100:,.2f}",
        "channel": f"{rec.channel_fen / 100:,.2f}",
        "duplicated": rec.duplicated,
        "verdict": verdict.render(lang),
    }
    out.print(msg.CLI_RECONCILED.render(lang, line), markup=False)
    if rec.differences:
        words = [
            msg.CLI_REFERENCE,
            msg.CLI_DIFFERENCE,
            msg.CLI_LEDGER,
            msg.CLI_LEDGER_YUAN,
            msg.CLI_CHANNEL_YUAN,
            msg.CLI_APPLICATIONS,
        ]
        table = word_table(words, lang, fold=True)
        kinds = {
            "missing_in_channel": msg.CLI_MISSING_IN_CHANNEL,
            "not_paid_in_ledger": msg.CLI_NOT_PAID_IN_LEDGER,
            "amount_mismatch": msg.CLI_AMOUNT_MISMATCH,
            "duplicated": msg.CLI_DUPLICATED,
            "unsettled": msg.CLI_UNSETTLED,
        }
        for d in rec.differences[:200]:
            kind, state = kinds.get(d.kind), PAYOUT_STATES.get(d.ledger_state)
            table.add_row(
                d.reference,
                kind.render(lang) if kind else d.kind,
                exports.words(state, lang) if state else d.ledger_state,
                f"{d.ledger_fen / 100:,.2f}",
                f"{d.channel_fen / 100:,.2f}",
                str(d.applications),
            )
        out.print(table)
    if not rec.ok:
        raise typer.Exit(1)  # differences found: scripts and operators must not read this as success


@cli.command("bank-import")
def bank_import(path: Annotated[Path, typer.Argument(help="The bank's result file (CSV, see bank_file.py)")]) -> None:
    """Check a bank result file and record its answers with the bank-file channel (in the database,
    for every tenant that exported the references); the sweeper settles the payouts, and
    reconciles again the batches already reconciled that the file mentions."""
    from server.infra.tenancy import tenant_scope
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare import messages as msg
    from server.modules.welfare.channels.bank_file import import_results, parse_result_file
    from server.platform.console import fail, language, out, run
    from server.settings import Settings

    if not path.is_file():
        fail(msg.NO_SUCH_FILE, path=str(path))
    results = parse_result_file(path.read_text(encoding="utf-8"))

    async def record(settings: Settings) -> tuple[int, int]:
        from server.platform import service as platform

        refs = [r.reference for r in results]
        matched = marked = 0
        for t in await platform.list_tenants():
            async with tenant_scope(t.slug):
                matched += await import_results(results, path.name)
            if t.active and platform.module_enabled(t, "welfare"):
                marked += await engine.recheck_references(t.slug, refs)
        return matched, marked

    matched, marked = run(record)
    ok = sum(1 for r in results if r.outcome.value == "applied")
    lang = language()
    said = {"file": path.name, "paid": ok, "failed": len(results) - ok, "matched": matched, "count": len(results)}
    out.print(msg.CLI_BANK_IMPORTED.render(lang, said), markup=False)
    if matched < len(results):
        out.print(msg.CLI_NEVER_EXPORTED.render(lang, {"count": len(results) - matched}), markup=False)
    if marked:
        out.print(msg.CLI_RECONCILE_AGAIN.render(lang, {"count": marked}), markup=False)


@cli.command("bank-files")
def bank_files(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the payment files into")],
    again: Annotated[bool, typer.Option("--all", help="Every file, also those written out before")] = False,
) -> None:
    """Write the tenant's bank payment files (银行代发文件) into a folder, for the bank: those not
    written out yet, or all of them. The files are kept in the database; writing one out again
    gives the same text."""
    from server.infra.tenancy import tenant_scope
    from server.modules.welfare import messages as msg
    from server.modules.welfare.channels import bank_file
    from server.platform.console import language, out, run
    from server.platform.messages import CLI_WROTE

    async def body(settings: object) -> dict[str, str]:
        async with tenant_scope(tenant):
            files = await bank_file.bank_files(unfetched_only=not again)
            return {f.name: await bank_file.file_text(f.name) for f in files}

    async def written(settings: object) -> None:
        async with tenant_scope(tenant):
            await bank_file.mark_fetched(list(texts))

    texts = run(body, tenant=tenant)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        tmp = out_dir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out_dir / name)
        out.print(CLI_WROTE.render(language(), {"path": out_dir / name}), markup=False)
    if texts:
        run(written, tenant=tenant)
    out.print(msg.CLI_FILES_WRITTEN.render(language(), {"count": len(texts)}), markup=False)
