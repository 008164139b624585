"""`saishang rotation roster`: generate a year's fair roster for an area, show the timetable, and
with `--publish` publish it (a published roster changes only by swaps, through the API)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from server.platform.console import word_table

cli = typer.Typer(help="基层工会主席轮值 Xixia's rotating grassroots chair: the roster.", no_args_is_help=True)


def _date(value: str | None, option: str) -> dt.date | None:
    from server.modules.rotation import messages as msg
    from server.platform.console import fail

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(msg.CLI_BAD_DATE, option=option)


def _show(roster: Any) -> None:

    from server.modules.rotation import messages as msg
    from server.modules.rotation.columns import CODES
    from server.platform import exports
    from server.platform.console import language, out

    # in words, in the CLI's language: the roster's state and each slot's role as the exports write them
    lang = language()

    def said(key: str, code: str) -> str:
        words = CODES[key].get(code)
        return exports.words(words, lang) if words else code

    line = {
        "roster": roster.id,
        "year": roster.year,
        "starts_on": roster.starts_on,
        "ends_on": roster.ends_on,
        "state": said("RosterOut.state", roster.state),
        "slots": len(roster.slots),
    }
    out.print(msg.CLI_ROSTER_LINE.render(lang, line), style="bold", markup=False)
    words = [msg.CLI_SLOT, msg.CLI_ROLE, msg.CLI_CHAIR, msg.CLI_UNION, msg.CLI_FROM, msg.CLI_TO, msg.CLI_DAYS]
    table = word_table(words, lang, fold=True)
    for s in roster.slots:
        role = said("ChairOut.role", s.role)
        table.add_row(str(s.id), role, s.chair_name, str(s.org_id), str(s.starts_on), str(s.ends_on), str(s.days))
    out.print(table)


@cli.command("roster")
def roster(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    year: Annotated[int, typer.Option(help="The roster's year")],
    area: Annotated[int | None, typer.Option(help="The rotation area (the tenant's only one by default)")] = None,
    starts_on: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD), e.g. mid-year")] = None,
    ends_on: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD)")] = None,
    rounds: Annotated[int, typer.Option(help="How many times round the vice chairs go")] = 1,
    publish: Annotated[bool, typer.Option("--publish", help="Publish the roster")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Lay the year out fairly for the area's vice chairs (equal turns to the day; working days where
    the area respects official holidays), show it, and on `--publish` publish it."""
    from server.infra.tenancy import tenant_scope
    from server.modules.rotation import messages as msg
    from server.modules.rotation import service
    from server.platform.console import fail, print_json, run
    from server.platform.roles import Actor, Role

    first, last = _date(starts_on, "--from"), _date(ends_on, "--to")
    actor = Actor(account_id=None, name="saishang rotation roster", role=Role.tenant_admin, tenant=tenant)

    async def body(settings: Any) -> Any:
        async with tenant_scope(tenant):
            area_id = area
            if area_id is None:
                areas = (await service.list_areas(actor=actor, limit=2)).items
                if len(areas) != 1:
                    fail(msg.CLI_WHICH_AREA, count=len(areas))
                area_id = areas[0].id
            r = await service.generate_roster(
                area_id, service.RosterIn(year=year, starts_on=first, ends_on=last, rounds=rounds), actor
            )
            if publish:
                r = await service.publish_roster(r.id, actor)
        return r

    result = run(body, tenant=tenant, module="rotation")
    if as_json:
        print_json(result)
    else:
        _show(result)
