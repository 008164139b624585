"""The audit module's screens against the real API: a plan drafted and approved, an audit
noticed (a notice too late is named under its field), a report-form line entered, the scoring
sheet's totals following the auditor's typing (a part above its maximum named under its row),
scored, and the overview's grade bars; the screens only where `audit` is on."""

from __future__ import annotations

from textual.widgets import Input, Static, TextArea

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from tests.modules.audit.conftest import FIELDWORK, admin, audited, build_world, entry
from tests.modules.orgs.factories import make_org
from tests.tui.conftest import SIZE, notices, settle, until
from tui import modules
from tui.app import SaishangApp
from tui.client import ModuleState
from tui.kit.form import FormModal
from tui.screens.audit.overview import AuditOverviewScreen
from tui.screens.audit.plans import NewPlan, PlansScreen
from tui.screens.audit.queue import (
    AuditQueueScreen,
    CloseForm,
    EntryForm,
    FollowUpForm,
    NoticeForm,
    OpinionsForm,
    RectificationForm,
)
from tui.screens.audit.sheet import ScoringSheetScreen
from tui.screens.confirm import ConfirmModal


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)


def test_the_audit_screens_show_only_where_audit_is_on_and_to_whom():
    def ids(enabled: bool, role: str) -> list[str]:
        state = ModuleState("audit", "经费绩效审计", "Fund audit", True, "wuzhong", enabled)
        return [s.id for s in modules.for_tenant([state], role)[0]]

    assert {"audit.queue", "audit.plans", "audit.overview"} <= set(ids(True, "auditor"))
    assert "audit.queue" in ids(True, "org_officer") and "audit.plans" not in ids(True, "org_officer")
    assert not [i for i in ids(True, "worker") if i.startswith("audit.")]
    assert not [i for i in ids(False, "tenant_admin") if i.startswith("audit.")]


async def test_a_plan_is_drafted_and_approved_and_an_audit_noticed_and_entered(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs", "audit"])
    w = await build_world(tenant.slug)
    async with tenant_scope(tenant.slug):  # never asked whether it is above designated size
        await make_org("吴忠新材料公司工会", parent_id=w.city, public_sector=False)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "audit.plans")
        plans = app.screen
        assert isinstance(plans, PlansScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewPlan)
        form.query_one("#year", Input).value = "2017"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "title")  # no title: the API names it
        form.query_one("#title", Input).value = "2017年度经费绩效审计"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is plans
        await until(pilot, lambda: plans.table.row_count == 1, "the drafted plan")
        assert any("吴忠新材料公司工会" in n for n in notices(app))  # left out, named for the officer
        plans.table.focus()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        async with tenant_scope(tenant.slug):
            unions = {a.org_id for a in (await service.list_audits()).items}
        assert unions == {w.union, w.other}  # the non-public unions above scale, frozen

        await open_area(app, pilot, "audit.queue")
        queue = app.screen
        assert isinstance(queue, AuditQueueScreen)
        await until(pilot, lambda: queue.table.row_count == 2, "the two audits")
        queue.table.focus()
        audit = queue.current()
        assert audit is not None and audit.stage == "planned"
        await pilot.press("t")
        await settle(pilot)
        notice = app.screen
        assert isinstance(notice, NoticeForm)
        notice.query_one("#notice_on", Input).value = "2017-05-08"
        notice.query_one("#fieldwork_on", Input).value = "2017-05-10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is notice and error_under(notice, "fieldwork_on")  # 2 days: too late
        notice.query_one("#notice_on", Input).value = "2017-05-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is queue

        await until(pilot, lambda: queue.table.row_count == 2, "the queue again")
        queue.table.focus()
        queue.table.move_cursor(row=[a.id for a in queue.records.values()].index(audit.id))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#indicator", Input).value = "A1"
        form.query_one("#project", Input).value = "职工读书月"
        form.query_one("#spending_fen", Input).value = "-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "spending_fen")
        form.query_one("#spending_fen", Input).value = "20000"
        form.query_one("#participants", Input).value = "300"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is queue
        async with tenant_scope(tenant.slug):
            shown = await service.get_audit(audit.id)
            lines = (await service.list_entries(audit.id)).items
        assert shown.stage == "fieldwork" and shown.fieldwork_on == FIELDWORK
        assert [(e.indicator, e.spending_fen, e.participants) for e in lines] == [("A1", 2_000_000, 300)]


async def test_the_scoring_sheet_follows_the_typing_and_scores(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs", "audit"])
    w = await build_world(tenant.slug)
    # A1: 1 project (1) + 20,000 yuan (1) = base 2; 300 people = benefit 3 (its others score 0).
    ids = await audited(w, [entry("A1", 2_000_000, participants=300)])
    app = make_tui(await make_token("auditor", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "audit.queue")
        queue = app.screen
        await until(pilot, lambda: queue.table.row_count == 2, "the audits")
        assert queue.check_action("rectify", ()) is False  # the union reports it, not the auditor
        queue.query_one("#year", Input).value = "2018"
        queue.query_one("#year", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: queue.table.row_count == 0, "no audit in 2018")
        queue.query_one("#year", Input).value = "2017"
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: queue.table.row_count == 2, "the 2017 audits")
        queue.table.focus()
        queue.table.move_cursor(row=[a.id for a in queue.records.values()].index(ids[0]))
        await pilot.press("enter")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, ScoringSheetScreen)
        await pilot.press("ctrl+s")  # scored from the entries alone
        await settle(pilot)
        assert text(sheet, "#total").startswith("Total 5.00")

        # The auditor raises A2's base part (max 5) to 9: the totals follow, the API refuses.
        sheet.query_one("#p-1-base", Input).value = "9"
        await settle(pilot)
        assert text(sheet, "#t-1") == "9.00" and "Total 14.00" in text(sheet, "#total")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Base" in text(sheet, "#e-1")
        async with tenant_scope(tenant.slug):
            assert (await service.get_audit(ids[0])).total == 5.0

        sheet.query_one("#p-1-base", Input).value = "4.5"
        sheet.query_one("#p-0-bonus", Input).value = "10"
        await settle(pilot)
        assert "Total 19.50" in text(sheet, "#total") and "not saved" in text(sheet, "#total")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not sheet.query_one("#e-1", Static).display
        async with tenant_scope(tenant.slug):
            scored = await service.get_audit(ids[0])
        assert (scored.total, scored.grade) == (19.5, "poor")
        assert "not saved" not in text(sheet, "#total")
        assert "(adjusted: Bonus)" in str(sheet.query(".score-name").first(Static).render())

        await open_area(app, pilot, "audit.overview")
        overview = app.screen
        assert isinstance(overview, AuditOverviewScreen)
        overview.query_one("#year", Input).value = "2017"
        await pilot.press("enter")
        await settle(pilot)
        bars = text(overview, "#grades").splitlines()
        assert bars[-1].startswith("poor") and bars[-1].endswith("█" * 40 + " 1")
        assert bars[0].endswith("· 0")


async def test_opinions_rectification_follow_up_and_closing_from_the_queue(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs", "audit"])
    w = await build_world(tenant.slug)
    ids = await audited(w, [entry("A1", 2_000_000)])
    async with tenant_scope(tenant.slug):
        for i in ids:
            await service.score_audit(i, None, admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "audit.queue")
        queue = app.screen
        assert isinstance(queue, AuditQueueScreen)
        await until(pilot, lambda: queue.table.row_count == 2, "the scored audits")
        queue.table.focus()
        queue.table.move_cursor(row=[a.id for a in queue.records.values()].index(ids[0]))

        async def step(key: str, form_type: type[FormModal], **texts: str) -> FormModal:
            await pilot.press(key)
            await settle(pilot)
            form = app.screen
            assert isinstance(form, form_type)
            for name, value in texts.items():
                form.query_one(f"#{name}", TextArea).text = value
            await pilot.press("ctrl+s")
            await settle(pilot)
            return form

        form = await step("o", OpinionsForm)
        assert app.screen is form and error_under(form, "opinions")  # no opinions written
        form.query_one("#opinions", TextArea).text = "经费支出凭证不全，限期整改。"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is queue
        await until(pilot, lambda: queue.current() is not None and queue.current().stage == "opinions", "opinions")
        assert queue.current().days_left == 30

        await step("c", CloseForm)  # not rectified yet: refused, said in a notice
        assert isinstance(app.screen, CloseForm) and notices(app)
        await pilot.press("escape")
        await settle(pilot)
        await step("f", RectificationForm, rectification="已补齐凭证。")
        await step("u", FollowUpForm, note="经审会复查，整改到位。")
        await step("c", CloseForm)
        assert app.screen is queue
        async with tenant_scope(tenant.slug):
            closed = await service.get_audit(ids[0])
            follow_ups = (await service.list_follow_ups(ids[0])).items
        assert closed.stage == "closed" and closed.rectification == "已补齐凭证。"
        assert [f.note for f in follow_ups] == ["经审会复查，整改到位。"]
