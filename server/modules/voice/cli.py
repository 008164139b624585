"""`saishang voice ...`: link codes, the acceptance-form queue, deadline checks."""

from __future__ import annotations

from typing import Annotated

import typer

from server.platform.console import word_table

cli = typer.Typer(help="Workers' voice: the three forms (三单).", no_args_is_help=True)


@cli.command("link-code")
def link_code(
    tenant: Annotated[str, typer.Option(help="Tenant slug")], member: Annotated[int, typer.Option(help="Member id")]
) -> None:
    """Issue a one-time code the worker sends the bot (/link CODE)."""
    from server.bot import store as telegram
    from server.bot.messages import CLI_LINK_CODE
    from server.infra.tenancy import tenant_scope
    from server.platform.console import language, out, run
    from server.platform.roles import SYSTEM

    async def body(settings):
        async with tenant_scope(tenant):
            return await telegram.issue_link_code(telegram.LinkCodeIn(member_id=member), SYSTEM)

    code = run(body, tenant=tenant, module="voice")
    said = {"member": code.member_id, "code": code.code, "until": f"{code.expires_at:%Y-%m-%d %H:%M}"}
    out.print(CLI_LINK_CODE.render(language(), said), markup=False)


@cli.command("queue")
def queue(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Open acceptance forms, nearest deadline first, with working days left."""

    from server.infra.pagination import drain
    from server.infra.tenancy import tenant_scope
    from server.modules.voice import messages as msg
    from server.modules.voice import service
    from server.platform.console import language, out, print_json, run
    from server.platform.roles import SYSTEM

    async def body(settings):
        async with tenant_scope(tenant):
            return await drain(lambda cursor: service.form_queue(SYSTEM, limit=500, cursor=cursor))

    forms = run(body, tenant=tenant, module="voice")
    if as_json:
        print_json(forms)
        return
    # in words, in the CLI's language; a form's and an order's reference as the API takes them
    lang = language()
    words = [msg.CLI_FORM, msg.CLI_ORDER, msg.CLI_OFFICER, msg.CLI_DUE, msg.CLI_DAYS_LEFT, msg.CLI_COMPLAINTS]
    table = word_table(words, lang, fold=True)
    overdue, provisional = msg.CLI_OVERDUE.render(lang), msg.CLI_PROVISIONAL.render(lang)
    for f in forms:
        left = (
            f"{f.working_days_left}"
            + (f" {overdue}" if f.overdue else "")
            + (f" ({provisional})" if f.provisional else "")
        )
        table.add_row(
            f.ref,
            f"{f.order_ref} {f.order_title}",
            f.officer_name or "-",
            f.due_on.isoformat(),
            left,
            str(f.complaint_count),
        )
    out.print(table)


@cli.command("check-deadlines")
def check_deadlines(tenant: Annotated[str, typer.Option(help="Tenant slug")]) -> None:
    """Raise due reminders and overdue escalations now (the worker does it twice an hour)."""
    from server.infra.tenancy import tenant_scope
    from server.modules.voice import messages as msg
    from server.modules.voice import service
    from server.platform.console import language, out, run

    async def body(settings):
        async with tenant_scope(tenant):
            return await service.check_deadlines()

    out.print(msg.CLI_DEADLINES_CHECKED.render(language(), run(body, tenant=tenant, module="voice")), markup=False)
