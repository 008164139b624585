"""`saishang import members --tenant SLUG FILE` and `saishang orgs ...` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from server.platform.console import word_table

import_app = typer.Typer(help="Bulk imports.", no_args_is_help=True)
cli = typer.Typer(help="Orgs, members and restructuring (组织与会员).", no_args_is_help=True)

MOVES_SHOWN = 50  # moves listed after an import (the API's result lists up to bulk.MOVES_LISTED)


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

    from server.errors import InvalidInput
    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import bulk
    from server.modules.orgs import messages as msg
    from server.platform.console import err, language, out, run

    lang = language()  # SAISHANG_LANG, as every CLI word and error
    stages = {
        "read": msg.CLI_STAGE_READ,
        "validate": msg.CLI_STAGE_VALIDATE,
        "match": msg.CLI_STAGE_MATCH,
        "write": msg.CLI_STAGE_WRITE,
        "copy": msg.CLI_STAGE_COPY,
        "placements": msg.CLI_STAGE_PLACEMENTS,
    }
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
                said = stages.get(stage)
                tasks[stage] = bar.add_task(said.render(lang) if said else stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        async def body(settings) -> bulk.ImportResult:
            async with tenant_scope(tenant):
                return await bulk.import_members(content, filename=file.name, dry_run=dry_run, progress=progress)

        try:
            result = run(body, tenant=tenant)
        except InvalidInput as exc:
            bar.stop()
            words = [msg.CLI_ROW, msg.CLI_COLUMN, msg.CLI_REASON]
            table = word_table(words, lang, title=exc.detail_in(lang))
            for e in exc.errors[:200]:
                table.add_row(str(e.row or ""), e.field, e.message_in(lang))
            err.print(table)
            total = exc.extra.get("error_count", len(exc.errors))  # the list stops at importfile.MAX_ROW_ERRORS
            if total > 200:
                err.print(msg.CLI_MORE_ERRORS.render(lang, {"count": total - 200}), markup=False)
            raise typer.Exit(1) from None
    counts = {"rows": result.rows, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    out.print((msg.CLI_WOULD_IMPORT if dry_run else msg.CLI_IMPORTED).render(lang, counts), markup=False)
    if result.moved:
        shown = result.moves[:MOVES_SHOWN]
        title = (msg.CLI_WOULD_MOVE if dry_run else msg.CLI_MOVED).render(lang, {"count": result.moved})
        words = [msg.CLI_MEMBER, msg.CLI_FROM, msg.CLI_TO]
        table = word_table(words, lang, title=title, title_justify="left")
        for m in shown:
            table.add_row(f"{m.name} #{m.member_id}", f"{m.from_org} #{m.from_org_id}", f"{m.to_org} #{m.to_org_id}")
        out.print(table)
        if result.moved > len(shown):
            out.print(msg.CLI_MORE_MOVES.render(lang, {"count": result.moved - len(shown)}), markup=False)


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
    from server.modules.orgs import messages as msg
    from server.modules.orgs.service import MemberFilter, OrgFilter
    from server.platform.console import cli_actor, fail, language, out, run
    from server.platform.messages import CLI_WROTE

    if what not in ("members", "orgs"):
        fail(msg.CLI_EXPORT_WHAT, what=what)
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
    out.print(CLI_WROTE.render(language(), {"path": output}), markup=False)


@cli.command("tree")
def tree(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    root: Annotated[int | None, typer.Option(help="Start at this org")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD")] = None,
    depth: Annotated[int, typer.Option(help="Levels to show")] = 2,
) -> None:
    """Print the org tree (as of a date)."""
    from rich.text import Text
    from rich.tree import Tree

    from server.infra.tenancy import tenant_scope
    from server.modules.orgs import messages as msg
    from server.modules.orgs import service
    from server.modules.orgs.columns import ORG_TYPES
    from server.platform import exports
    from server.platform.console import fail, language, out, run
    from server.platform.messages import OPTION_NOT_A_DATE

    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(OPTION_NOT_A_DATE, option="--as-of", value=as_of)

    async def body(settings):
        async with tenant_scope(tenant):
            return await service.tree(root, as_of=day)

    nodes = run(body, tenant=tenant)
    # in the CLI's language: an org's type in words, as the exports write it
    lang = language()
    top = Tree(msg.CLI_TREE_AS_OF.render(lang, {"tenant": tenant, "day": day}) if day else tenant)
    branch = {None: top}
    for n in nodes:
        if n.depth > depth:
            continue
        parent = branch.get(n.parent_id, top) if n.depth else top
        kind = ORG_TYPES.get(n.type)
        said = {"type": exports.words(kind, lang) if kind else n.type, "count": n.member_count}
        label = Text(f"#{n.id} {n.name} ")
        label.append(msg.CLI_TREE_NODE.render(lang, said), style="dim")
        branch[n.id] = parent.add(label)
    out.print(top)
