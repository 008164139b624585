"""Core's commands: `saishang calendar ...` loads a year's holiday schedule and asks a deadline."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from server.modules.core import messages as msg

calendar = typer.Typer(help="The working-day calendar.", no_args_is_help=True)


@calendar.command("load")
def load(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    year: Annotated[int, typer.Option(help="The year the schedule is for")],
    file: Annotated[Path, typer.Option(help=r"TOML or JSON: holidays = \[dates], workdays = \[dates], source = text")],
) -> None:
    """Load a year's official holiday schedule; provisional deadlines in it are recomputed."""
    from server.infra.tenancy import tenant_scope
    from server.modules.core import calendar as workcal
    from server.platform.console import fail, language, out, run

    try:
        text = file.read_text(encoding="utf-8")
        raw = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
        data = workcal.ScheduleIn(
            holidays=[dt.date.fromisoformat(str(d)) for d in raw.get("holidays", [])],
            workdays=[dt.date.fromisoformat(str(d)) for d in raw.get("workdays", [])],
            source=str(raw.get("source", file.name)),
        )
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        fail(msg.SCHEDULE_FILE, file=str(file), error=str(exc))

    async def body(settings: object) -> workcal.ScheduleLoaded:
        async with tenant_scope(tenant):
            return await workcal.load_schedule(year, data)

    result = run(body, tenant=tenant)
    s = result.schedule
    recomputed = sum(result.recomputed.values())  # each module's deadlines it holds
    said = {"year": year, "holidays": len(s.holidays), "workdays": len(s.workdays), "recomputed": recomputed}
    out.print(msg.CLI_SCHEDULE_LOADED.render(language(), said), markup=False)


@calendar.command("deadline")
def deadline(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    start: Annotated[str, typer.Argument(help="YYYY-MM-DD (day 0)")],
    days: Annotated[int, typer.Argument(help="Working days")],
) -> None:
    """The N-th Chinese working day after a date."""
    from server.infra.tenancy import tenant_scope
    from server.modules.core import calendar as workcal
    from server.platform.console import fail, language, out, run

    try:
        day = dt.date.fromisoformat(start)
    except ValueError:
        fail(msg.START_NOT_A_DATE, start=start)

    async def body(settings: object) -> tuple[workcal.DeadlineOut, list[int]]:
        async with tenant_scope(tenant):
            d = await workcal.deadline(day, days)
            # the years without a schedule, for the warning in the CLI's language (the API's is in both)
            unknown = (await workcal.calendar()).unknown_years(day, d.due) if d.provisional else []
            return d, unknown

    d, unknown = run(body, tenant=tenant)
    warning = msg.PROVISIONAL.render(language(), {"years": ", ".join(map(str, unknown))}) if d.provisional else ""
    out.print(d.due.isoformat() + (f"  ({warning})" if warning else ""), markup=False)
