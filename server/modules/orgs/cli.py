"""`saishang import members --tenant SLUG FILE` and `saishang orgs ...` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

import_app = typer.Typer(help="Bulk imports.", no_args_is_help=True)
cli = typer.Typer(help="Orgs, members and restructuring (组织与会员).", no_args_is_help=True)

MOVES_SHOWN = 50  # moves listed after an import (the API's result lists up to bulk.MOVES_LISTED)
STAGES = {
    "read": "读取（字节） reading (bytes)",
    "validate": "校验 validating",
    "match": "比对 matching",
    "write": "写入 writing",
    "copy": "写入会员 copying members",
    "placements": "写入隶属 copying placements",
}


@import_app.command("members")
def import_members(
    file: Annotated[
        Path,
        typer.Argument(help="CSV or XLSX with Chinese or English headers", exists=True, dir_okay=False, readable=True),
    ],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count, write nothing")] = False,
) -> None:
    """Import members: every row validated first; any bad row and nothing is written."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from server.errors import InvalidInput
    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import bulk
    from server.platform.console import err, language, out, run

    content = file.read_bytes()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        async def body(settings) -> bulk.ImportResult:
            async with tenant_scope(tenant):
                return await bulk.import_members(content, filename=file.name, dry_run=dry_run, progress=progress)

        try:
            result = run(body, tenant=tenant)
        except InvalidInput as exc:
            bar.stop()
            lang = language()  # SAISHANG_LANG, as every CLI error
            table = Table("行 line", "列 column", "原因 reason", title=exc.detail_in(lang))
            for e in exc.errors[:200]:
                table.add_row(str(e.row or ""), e.field, e.message_in(lang))
            err.print(table)
            total = exc.extra.get("error_count", len(exc.errors))  # the list stops at importfile.MAX_ROW_ERRORS
            if total > 200:
                err.print(f"... and {total - 200} more errors")
            raise typer.Exit(1) from None
    verb = "would import" if dry_run else "imported"
    out.print(
        f"{verb} {result.rows} rows: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
    )
    if result.moved:
        shown = result.moves[:MOVES_SHOWN]
        title = f"{'would move' if dry_run else 'moved'} {result.moved} existing member(s) to another union"
        table = Table("会员 member", "从 from", "到 to", title=title, title_justify="left")
        for m in shown:
            table.add_row(f"{m.name} #{m.member_id}", f"{m.from_org} #{m.from_org_id}", f"{m.to_org} #{m.to_org_id}")
        out.print(table)
        if result.moved > len(shown):
            out.print(f"... and {result.moved - len(shown)} more")


@cli.command("export")
def export(
    what: Annotated[str, typer.Argument(help="members or orgs")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.csv or .xlsx)")],
    org: Annotated[int | None, typer.Option(help="Only this org's subtree")] = None,
    english: Annotated[bool, typer.Option("--english", help="English headers")] = False,
) -> None:
    """Export members (re-importable, full ID numbers) or orgs to CSV or XLSX."""
    from server.infra import sheets
    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import export_rows
    from server.modules.orgs.service import MemberFilter, OrgFilter
    from server.platform.console import cli_actor, fail, out, run

    if what not in ("members", "orgs"):
        fail("export members or orgs")
    fmt = "xlsx" if output.suffix.lower() == ".xlsx" else "csv"

    async def body(settings) -> bytes:
        async with tenant_scope(tenant):
            if what == "members":
                found = MemberFilter(org_id=org, subtree=True, active=None)
                headers, rows = await export_rows.member_rows(found, reveal=True, english=english, actor=cli_actor())
            else:
                headers, rows = await export_rows.org_rows(OrgFilter(include_closed=True, within=org), english=english)
            return sheets.to_xlsx(sheets.Sheet(what, headers, rows)) if fmt == "xlsx" else sheets.to_csv(headers, rows)

    output.write_bytes(run(body, tenant=tenant))
    out.print(f"wrote {output}")


@cli.command("tree")
def tree(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    root: Annotated[int | None, typer.Option(help="Start at this org")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD")] = None,
    depth: Annotated[int, typer.Option(help="Levels to show")] = 2,
) -> None:
    """Print the org tree (as of a date)."""
    from rich.tree import Tree

    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import service
    from server.platform.console import fail, out, run

    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")

    async def body(settings):
        async with tenant_scope(tenant):
            return await service.tree(root, as_of=day)

    nodes = run(body, tenant=tenant)
    top = Tree(f"{tenant}" + (f" as of {day}" if day else ""))
    branch = {None: top}
    for n in nodes:
        if n.depth > depth:
            continue
        parent = branch.get(n.parent_id, top) if n.depth else top
        branch[n.id] = parent.add(f"#{n.id} {n.name} [dim]({service.ORG_TYPE_ZH[n.type]}, {n.member_count} 人)[/]")
    out.print(top)
