"""The skills screens against the real API: the federation reviews a declared project (a
return without reasons is the API's field error, under its field), books a trainer from their
week (an overlap is refused by the database, a free slot shows in the week), and approves a
reward run from its preview, then watches it pay, refreshed by its timer with no key pressed."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input, ProgressBar, Select, Static, TextArea

from server.infra.tenancy import tenant_scope
from server.modules.skills import service
from tests.modules.skills.conftest import admin, at, build_world, officer
from tests.modules.skills.test_rewards import add_rules, cert
from tests.modules.welfare.conftest import pay_with_simulated_bank
from tests.tui.conftest import SIZE, notices, settle, until
from tui.app import SaishangApp
from tui.kit.form import FormModal
from tui.screens.confirm import ConfirmModal
from tui.screens.skills.projects import ReviewForm
from tui.screens.skills.runs import NewRunForm, RunScreen
from tui.screens.skills.trainers import BookForm, TrainerCalendarScreen

DAY = dt.date(2017, 6, 5)  # a Monday


@pytest.fixture(autouse=True)
def fast_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RunScreen, "INTERVAL", 0.05)


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)
    app.screen.query_one("#list").focus()


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


def rows(app: SaishangApp, table: str) -> list[list[object]]:
    t = app.screen.query_one(table, DataTable)
    return [t.get_row_at(i) for i in range(t.row_count)]


async def submit(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_declared_project_is_reviewed_from_the_queue(make_tui, make_token, tenant):
    world = await build_world(tenant.slug)
    async with tenant_scope(tenant.slug):
        declared = [
            await service.declare_project(
                service.ProjectIn(
                    org_id=world.union,
                    topic=topic,
                    category="skills",
                    expected_heads=40,
                    budget_fen=1_200_000,
                    starts_on=DAY,
                    ends_on=DAY + dt.timedelta(days=30),
                ),
                officer(tenant.slug, world.union),
            )
            for topic in ("电商直播技能培训", "叉车安全操作培训")
        ]
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "skills.projects")
        assert sorted(r[1] for r in rows(app, "#list")) == sorted(p.topic for p in declared)
        first = app.screen.current()
        assert first is not None and first.state == "declared"
        await pilot.press("v")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReviewForm)
        form.query_one("#decision", Select).value = "return"
        await submit(pilot)
        assert app.screen is form and error_under(form, "note")  # returning needs the reasons, under the note
        form.query_one("#note", TextArea).load_text("预算偏高，请按实际人数调整")
        await submit(pilot)
        assert app.screen is not form
        await settle(pilot)
        assert len(rows(app, "#list")) == 1  # the queue holds the other one
    async with tenant_scope(tenant.slug):
        reviewed = await service.get_project(first.id, admin(tenant.slug))
        other = next(p for p in declared if p.id != first.id)
        assert (reviewed.state, reviewed.review_note) == ("returned", "预算偏高，请按实际人数调整")
        assert (await service.get_project(other.id, admin(tenant.slug))).state == "declared"


async def test_a_trainer_is_booked_from_their_week_and_never_twice_at_once(make_tui, make_token, tenant):
    world = await build_world(tenant.slug)
    trainer_id = world.trainers[0]
    async with tenant_scope(tenant.slug):
        await service.book_session(
            service.SessionIn(
                org_id=world.union,
                starts_at=at(DAY, 9),
                ends_at=at(DAY, 11),
                course_id=world.course,
                trainer_id=trainer_id,
            ),
            admin(tenant.slug),
        )
        trainer = await service.get_trainer(trainer_id)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "skills.trainers")
        assert {r[1] for r in rows(app, "#list")} == {"马老师", "李老师"}
        table = app.screen.query_one("#list", DataTable)
        table.move_cursor(row=next(i for i in range(table.row_count) if table.get_row_at(i)[1] == trainer.name))
        await pilot.press("enter")  # the trainer's week: of their next booking, else (here) their last
        await settle(pilot)
        week = app.screen
        assert isinstance(week, TrainerCalendarScreen) and week.monday == DAY
        assert [r[1] for r in rows(app, "#week")] == ["09:00–11:00"]

        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookForm)
        form.query_one("#org_id", Input).value = str(world.union)
        form.query_one("#starts_at", Input).value = "2017-06-05 10:00"  # overlaps 09:00–11:00
        form.query_one("#ends_at", Input).value = "2017-06-05 12:00"
        await submit(pilot)
        assert app.screen is form and any("is already booked" in n for n in notices(app))  # 409 trainer_busy
        form.query_one("#starts_at", Input).value = "2017-06-07 14:00"
        form.query_one("#ends_at", Input).value = "2017-06-07 16:00"
        await submit(pilot)
        assert app.screen is week
        await settle(pilot)
        assert [r[1] for r in rows(app, "#week")] == ["09:00–11:00", "14:00–16:00"]
        await pilot.press("full_stop")  # the next week: nothing booked
        await settle(pilot)
        assert rows(app, "#week") == [] and "2017-06-12" in str(week.query_one("#heading", Static).render())


async def test_a_reward_run_is_previewed_approved_and_watched_as_it_pays(make_tui, make_token, tenant):
    world = await build_world(tenant.slug)
    m = world.members
    async with tenant_scope(tenant.slug):
        await add_rules(tenant.slug)
        await service.record_certificates(
            [
                cert("YC2017-0001", m[0], 2, dt.date(2017, 7, 31)),  # the older rule: 1,000 yuan
                cert("YC2017-0002", m[1], 2, dt.date(2017, 8, 1)),  # the revision: 2,000 yuan
                cert("YC2017-0003", m[2], 1, dt.date(2017, 9, 9), route="competition"),  # 3,000 yuan
            ],
            admin(tenant.slug),
        )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "skills.runs")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewRunForm)
        form.query_one("#year", Input).value = "1800"
        await submit(pilot)
        assert app.screen is form and error_under(form, "year")
        form.query_one("#year", Input).value = "2017"
        await submit(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await settle(pilot)
        assert sorted(r[5] for r in rows(app, "#groups")) == ["1,000.00", "2,000.00", "3,000.00"]
        assert "Not approved yet" in str(screen.query_one("#run-progress", Static).render())

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "3 payments, ¥6,000.00" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("y")
        await settle(pilot)
        assert screen.record.state == "approved" and screen.record.batch_id is not None
        await pay_with_simulated_bank(tenant.slug, screen.record.batch_id)
        await until(pilot, lambda: screen.record.open == 0 and screen.record.paid == 3, "the run paid")
        await settle(pilot)
        assert screen.query_one("#run-bar", ProgressBar).progress == 3
        assert "All settled" in str(screen.query_one("#run-progress", Static).render())
        if screen.timer is not None:
            screen.timer.stop()
