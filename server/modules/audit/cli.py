"""`saishang audit`: load and export evaluation standards (TOML), and print an audit's scoring sheet
and its report (XLSX, PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from server.platform.console import word_table

cli = typer.Typer(help="经费绩效审计 Wuzhong's union-fund performance audit.", no_args_is_help=True)


def _actor(tenant: str, name: str) -> Any:
    from server.platform.roles import Actor, Role

    return Actor(account_id=None, name=name, role=Role.tenant_admin, tenant=tenant)


@cli.command("load-standard")
def load_standard(
    file: Annotated[Path, typer.Argument(help="The standard's TOML file", exists=True, dir_okay=False)],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Load a standard from its TOML file: a new one, or an edit (a version some audit uses makes the next)."""
    from server.infra.tenancy import tenant_scope
    from server.modules.audit import messages as msg
    from server.modules.audit import service
    from server.platform.console import language, out, print_json, run

    content = file.read_bytes()

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            return await service.load_standard(content, _actor(tenant, "saishang audit load-standard"))

    s = run(body, tenant=tenant, module="audit")
    if as_json:
        print_json(s)
    else:
        said = {"id": s.id, "code": s.code, "version": s.version, "title": s.title, "count": len(s.indicators)}
        out.print(msg.CLI_STANDARD_LOADED.render(language(), said), markup=False)


@cli.command("export-standard")
def export_standard(
    standard_id: Annotated[int, typer.Argument(help="The standard version's id")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    output: Annotated[Path | None, typer.Option("--out", help="Write here instead of to stdout")] = None,
) -> None:
    """Export a standard version as the TOML file a person edits."""
    from server.infra.tenancy import tenant_scope
    from server.modules.audit import service
    from server.platform.console import language, out, run
    from server.platform.messages import CLI_WROTE

    async def body(settings: Any) -> str:
        async with tenant_scope(tenant):
            return service.to_toml(await service.get_standard(standard_id))

    text = run(body, tenant=tenant, module="audit")
    if output is None:
        out.print(text, end="", markup=False)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(CLI_WROTE.render(language(), {"path": output}), markup=False)


@cli.command("sheet")
def sheet(
    audit_id: Annotated[int, typer.Argument(help="The audit's id")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also write the audit report as a spreadsheet")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the audit report to print (PDF)")] = None,
) -> None:
    """Print an audit's scoring sheet: every indicator's parts and the entries they came from."""

    from server.infra.tenancy import tenant_scope
    from server.modules.audit import messages as msg
    from server.modules.audit import service
    from server.modules.audit.columns import CODES
    from server.platform import exports
    from server.platform.console import language, out, print_json, run

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            if xlsx is not None:
                xlsx.write_bytes(await service.audit_report_xlsx(audit_id))
            if pdf is not None:
                pdf.write_bytes(await service.audit_report_pdf(audit_id))
            return await service.score_sheet(audit_id)

    s = run(body, tenant=tenant, module="audit")
    if as_json:
        print_json(s)
        return
    # in words, in the CLI's language: the stage and the grade as the exports write them; the
    # standard's own words (its areas and indicators) as the standard has them
    lang = language()

    def said(key: str, code: str | None) -> str:
        words = CODES[key].get(code) if code else None
        return exports.words(words, lang) if words else code or ""

    a = s.audit
    line = {
        "org": a.org_name,
        "year": a.year,
        "standard": s.standard_title,
        "version": s.standard_version,
        "stage": said("AuditOut.stage", a.stage),
        "total": s.total if s.total is not None else "—",
        "grade": said("AuditOut.grade", s.grade),
    }
    out.print(msg.CLI_SHEET_LINE.render(lang, line), style="bold", markup=False)
    words = [
        msg.CLI_INDICATOR,
        msg.CLI_AREA,
        msg.CLI_NAME,
        msg.CLI_BASE,
        msg.CLI_BENEFIT,
        msg.CLI_BONUS,
        msg.CLI_SCORE,
        msg.CLI_MAXIMUM,
        msg.CLI_SOURCES,
    ]
    table = word_table(words, lang, fold=True)
    for i in s.indicators:
        adjusted = msg.CLI_ADJUSTED.render(lang, {"fields": ",".join(i.adjusted)}) if i.adjusted else ""
        table.add_row(
            i.indicator,
            i.area,
            i.name,
            f"{i.base:g}",
            f"{i.benefit:g}",
            f"{i.bonus:g}",
            f"{i.total:g}",
            f"{i.maximum:g}",
            ", ".join(map(str, i.entry_ids)) + adjusted,
        )
    out.print(table)
    out.print("  ".join(f"{x.area} {x.total:g}/{x.maximum:g}" for x in s.areas))
