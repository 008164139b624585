"""The rotation module's screens against the real API: next year's roster generated (a bad
number of rounds named under its field), published, two slots swapped with a reason; a slot's
dashboard gaining a themed series; a platform booked, a double booking refused next to the
platform; an activity logged and the log filtered; the screens only where `rotation` is on."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Select, Static, TextArea

from server.infra.tenancy import conn, tenant_scope
from tests.modules.rotation.conftest import build_world
from tests.tui.conftest import SIZE, settle, until
from tui import modules
from tui.app import SaishangApp
from tui.client import ModuleState
from tui.kit.form import FormModal
from tui.screens.confirm import ConfirmModal
from tui.screens.rotation.activities import ActivitiesScreen, ActivityForm
from tui.screens.rotation.bookings import BookingForm, BookingsScreen
from tui.screens.rotation.slot import SeriesForm, SlotScreen, WorkPlanForm
from tui.screens.rotation.timetable import GenerateForm, SwapForm, ThemeForm, TimetableScreen
from tui.screens.rotation.visits import ComplaintForm, VisitForm, VisitsScreen


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)


def test_the_rotation_screens_show_only_where_rotation_is_on():
    def ids(enabled: bool, role: str) -> list[str]:
        state = ModuleState("rotation", "主席轮值", "Rotating chair", True, "xixia", enabled)
        return [s.id for s in modules.for_tenant([state], role)[0]]

    assert {"rotation.timetable", "rotation.activities", "rotation.bookings"} <= set(ids(True, "org_officer"))
    assert not [i for i in ids(True, "worker") if i.startswith("rotation.")]
    assert not [i for i in ids(False, "tenant_admin") if i.startswith("rotation.")]


async def test_a_roster_is_generated_published_and_swapped_and_a_slot_gets_its_series(
    make_tui, make_token, make_tenant
):
    tenant = await make_tenant(modules=["orgs", "rotation"])
    w = await build_world(tenant.slug)
    year = dt.date.today().year + 1  # every slot still ahead: swaps are allowed
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "rotation.timetable")
        screen = app.screen
        assert isinstance(screen, TimetableScreen)
        screen.query_one("#year", Input).value = str(year)
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GenerateForm)
        form.query_one("#rounds", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "rounds")
        form.query_one("#rounds", Input).value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        slots = screen.query_one("#slots", DataTable)
        await until(pilot, lambda: slots.row_count == 6, "the chair's slot and five vice chairs'")
        assert "draft" in text(screen, "#roster")
        assert "nobody" in text(screen, "#on-duty")  # a draft puts nobody on duty

        slots.focus()
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: "published" in text(screen, "#roster"), "the published roster")
        on = text(screen, "#on-duty")
        assert f"On {year}-01-01" in on and "vice chair 副主席0" in on and "next: 副主席1" in on

        # Swap the second vice chair's slot with the third's: a reason is needed.
        slots.focus()
        slots.move_cursor(row=2)
        first = screen.current()
        assert first is not None and first.chair_name == "副主席1"
        await pilot.press("w")
        await settle(pilot)
        swap = app.screen
        assert isinstance(swap, SwapForm)
        other = swap.others[1]
        assert other.chair_name == "副主席2"
        swap.query_one("#slot_b", Select).value = other.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is swap and error_under(swap, "reason")
        swap.query_one("#reason", Input).value = "副主席1 外出培训"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: "外出培训" in text(screen, "#swaps"), "the swap and its reason")
        async with tenant_scope(tenant.slug):
            chairs = await conn().fetch(
                "SELECT id, chair_id FROM rot_slot WHERE id = ANY($1::int[])", [first.id, other.id]
            )
        assert {r["id"]: r["chair_id"] for r in chairs} == {first.id: w.vice_chairs[2], other.id: w.vice_chairs[1]}

        # The rotating chair chooses a theme of the year.
        await pilot.press("t")
        await settle(pilot)
        theme = app.screen
        assert isinstance(theme, ThemeForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is theme and error_under(theme, "title")
        theme.query_one("#title", Input).value = "书香朔方"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: "书香朔方" in text(screen, "#themes"), "the theme of the year")

        # The dashboard of a vice chair's slot: no series yet, then one.
        slots.focus()
        slots.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, SlotScreen)
        assert "no themed series" in text(dashboard, "#series")
        await pilot.press("s")
        await settle(pilot)
        series = app.screen
        assert isinstance(series, SeriesForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is series and error_under(series, "title")
        series.query_one("#title", Input).value = "职工读书月"
        series.query_one("#theme_id", Select).value = series.themes[0].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dashboard
        await until(pilot, lambda: "职工读书月: 0 activities" in text(dashboard, "#series"), "the new series")
        async with tenant_scope(tenant.slug):
            assert await conn().fetchval("SELECT count(*) FROM rot_series WHERE theme_id IS NOT NULL") == 1

        # A monthly work plan: one task a line; a month outside the slot is named under its field.
        slot = dashboard.slot
        await pilot.press("p")
        await settle(pilot)
        plan = app.screen
        assert isinstance(plan, WorkPlanForm)
        plan.query_one("#month", Input).value = (slot.ends_on + dt.timedelta(days=40)).isoformat()
        plan.query_one("#aims", TextArea).text = "开展职工读书月"
        plan.query_one("#tasks", TextArea).text = "购置图书\n组织读书分享会\n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is plan and error_under(plan, "month")
        plan.query_one("#month", Input).value = slot.starts_on.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: "(2 tasks)" in text(dashboard, "#plans"), "the work plan")


async def test_a_platform_is_booked_once_an_activity_logged_and_filtered_and_a_visit_filed(
    make_tui, make_token, make_tenant
):
    tenant = await make_tenant(modules=["orgs", "rotation", "voice"])
    w = await build_world(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "rotation.bookings")
        screen = app.screen
        assert isinstance(screen, BookingsScreen)

        async def book(start: str, end: str) -> BookingForm:
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, BookingForm)
            form.query_one("#platform_id", Select).value = w.platforms["阅览室"]
            form.query_one("#starts_at", Input).value = start
            form.query_one("#ends_at", Input).value = end
            form.query_one("#purpose", Input).value = "读书分享会"
            await pilot.press("ctrl+s")
            await settle(pilot)
            return form

        screen.table.focus()
        form = await book("2027-07-01 10:00", "2027-07-01 09:00")
        assert app.screen is form and error_under(form, "ends_at")  # ends before it starts
        form.query_one("#ends_at", Input).value = "2027-07-01 11:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 1, "the booking")

        form = await book("2027-07-01 11:00", "2027-07-01 12:00")  # the reading room is taken then
        assert app.screen is form and error_under(form, "platform_id")
        await pilot.press("escape")
        await settle(pilot)
        async with tenant_scope(tenant.slug):
            assert await conn().fetchval("SELECT count(*) FROM rot_booking") == 1

        await open_area(app, pilot, "rotation.activities")
        log = app.screen
        assert isinstance(log, ActivitiesScreen)
        log.table.focus()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityForm)
        form.query_one("#held_on", Input).value = "2017-08-05"
        form.query_one("#head_count", Input).value = "40"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "title")
        form.query_one("#title", Input).value = "职工篮球赛"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is log
        await until(pilot, lambda: log.table.row_count == 1, "the logged activity")
        assert log.current() is not None and log.current().person_times == 40

        log.query_one("#kind", Select).value = "training"
        await settle(pilot)
        await until(pilot, lambda: log.table.row_count == 0, "no training logged")
        log.query_one("#kind", Select).value = "cultural"
        await settle(pilot)
        await until(pilot, lambda: log.table.row_count == 1, "the cultural activity again")

        # A worker's visit, logged (the visitor's name is needed) and filed as a complaint.
        await open_area(app, pilot, "rotation.visits")
        visits = app.screen
        assert isinstance(visits, VisitsScreen)
        visits.table.focus()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VisitForm)
        form.query_one("#matter", TextArea).text = "反映加班费未按时发放"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "visitor")
        form.query_one("#visitor", Input).value = "马师傅"
        form.query_one("#org_id", Input).value = str(w.unions[0])  # a paper complaint names the union
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: visits.table.row_count == 1, "the visit")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintForm)
        app.screen.query_one("#category", Select).value = "overtime"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(pilot, lambda: visits.current() is not None and visits.current().complaint_id, "the complaint")
        async with tenant_scope(tenant.slug):
            category = await conn().fetchval("SELECT category FROM complaint")
        assert category == "overtime"
