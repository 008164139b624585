"""三单 in the TUI against the real API: the acceptance-form queue by deadline
(overdue and provisional marked), an order with its complaints, a paper complaint
entered through the form (channel tui), a form resolved behind a confirmation,
an order accepted; asserted on the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.widgets import DataTable, Input, Select, Static, TextArea

from server.infra.tenancy import tenant_scope
from server.modules.voice import service
from server.platform.roles import SYSTEM, Actor, Role
from tests.modules.orgs.factories import make_member, make_org
from tests.tui.conftest import SIZE, notices, settle
from tui.kit.picker import Picker
from tui.screens.confirm import ConfirmModal
from tui.screens.voice.complaints import ComplaintBoxScreen
from tui.screens.voice.open_form import OpenFormModal
from tui.screens.voice.order import OrderScreen
from tui.screens.voice.orders import OrdersScreen
from tui.screens.voice.paper import PaperComplaintModal
from tui.screens.voice.queue import FormQueueScreen
from tui.screens.voice.resolve import ResolveFormModal

# The day the queue is read on: just after the 2025 National Day holidays (make-up working days
# on Sunday 9-28 and Saturday 10-11). chinese-calendar knows 2025 and 2026, not 2027.
ON = dt.date(2025, 10, 15)


@dataclass
class Voice:
    federation: int
    cement: int
    aluminium: int
    zhang: int
    li: int
    orders: dict[str, int]
    forms: dict[str, int]


def worker(slug: str, member_id: int) -> Actor:
    return Actor(account_id=None, name=f"member {member_id}", role=Role.worker, tenant=slug, member_id=member_id)


async def voice_world(slug: str) -> Voice:
    """Four orders from the cement works, each with complaints; forms opened on fixed days:
    one overdue on ON (the issue's example: 2025-09-26 + 7 working days = 2025-10-13), one
    due soon, one whose deadline falls in 2027 (provisional); and one order not accepted yet."""
    async with tenant_scope(slug):
        federation = await make_org("青铜峡市总工会", "city_federation")
        cement = await make_org("青铜峡水泥股份有限公司工会", parent_id=federation.id)
        aluminium = await make_org("青铜峡铝业工会", parent_id=federation.id)
        zhang = await make_member(cement.id, name="张伟")
        li = await make_member(cement.id, name="李娜", gender="F")
        officer = Actor(account_id=None, name="水泥厂工会主席", role=Role.org_officer, tenant=slug, org_id=cement.id)
        admin = Actor(account_id=None, name="市总 王主任", role=Role.tenant_admin, tenant=slug)
        w_zhang, w_li = worker(slug, zhang.id), worker(slug, li.id)
        stories = {
            "wages": [(w_zhang, "wages", "三月工资拖欠未发", False), (w_li, "wages", "绩效工资少发", True)],
            "canteen": [(w_li, "canteen_dormitory", "食堂饭菜不卫生", True)],
            "safety": [(w_zhang, "safety", "三号窑防护栏松动", False)],
            "contract": [(w_zhang, "contract", "合同到期未续签", False)],
        }
        titles = {"wages": "工资拖欠", "canteen": "食堂卫生", "safety": "窑区安全", "contract": "合同续签"}
        orders = {}
        for key, complaints in stories.items():
            ids = [
                (await service.file_complaint(service.ComplaintIn(category=cat, text=text, anonymous=anon), who)).id
                for who, cat, text, anon in complaints
            ]
            orders[key] = (
                await service.create_order(service.OrderIn(title=titles[key], complaint_ids=ids), officer)
            ).id
        forms = {}
        for key, opened, days, name in (
            ("wages", dt.date(2025, 9, 26), 7, "马科长"),
            ("canteen", dt.date(2025, 10, 9), 7, "杨干事"),
            ("safety", dt.date(2026, 12, 21), 10, ""),
        ):
            forms[key] = (
                await service.open_form(
                    service.FormIn(order_id=orders[key], officer_name=name, working_days=days, opened_on=opened), admin
                )
            ).id
    return Voice(federation.id, cement.id, aluminium.id, zhang.id, li.id, orders, forms)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def pick(pilot, modal, field: str, q: str) -> None:
    """Type `q` in a form's picker (`tui.kit.picker`) and search."""
    search = modal.query_one(f"#{field} .pick-search", Input)
    search.focus()
    search.value = q
    await pilot.press("enter")
    await settle(pilot)


def chosen(modal, field: str):
    return modal.query_one(f"#{field}", Picker).value


async def admin_app(make_tui, make_token, slug: str, lang: str = "en"):
    token = await make_token("tenant_admin", slug, name="市总 王主任")
    return make_tui(token, tenant=slug, lang=lang)


async def test_the_queue_lists_open_forms_by_deadline_with_working_days_left(make_tui, make_token, tenant):
    await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        await settle(pilot)
        table = app.screen.query_one("#list", DataTable)
        shown = [r[1:] for r in rows(table)]  # (the first column holds the marks)
        assert [r[1].split(" ", 1)[1] for r in shown] == ["工资拖欠", "食堂卫生", "窑区安全"]  # nearest deadline first
        overdue, soon, provisional = shown
        assert overdue[3] == "2025-10-13" and overdue[4] == "overdue by 2"
        assert soon[3] == "2025-10-17" and soon[4] == "2"
        assert provisional[3] == "2027-01-04 ⚠provisional"
        assert overdue[5] == "2" and provisional[2] == "—"
        assert "3 open · 1 overdue · 1 provisional" in text(app, "#queue-note")
        # The cells carry their marks as colour too.
        styled = table.get_row_at(0)[5]
        assert "red" in str(styled.style)

        # The provisional deadline says why, in full, under the table.
        table.move_cursor(row=2)
        await settle(pilot)
        assert "not known yet" in text(app, "#form-detail")

        # Through the area (today's date), the same forms are listed.
        await app.open_area("voice.queue")
        await settle(pilot)
        assert app.screen.query_one("#list", DataTable).row_count == 3


async def test_an_order_shows_its_complaints_and_hides_anonymous_workers(make_tui, make_token, tenant):
    v = await voice_world(tenant.slug)
    token = await make_token("org_officer", tenant.slug, org_id=v.cement, name="水泥厂工会主席")
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        await settle(pilot)
        await pilot.press("enter")  # the nearest deadline: the wages order
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert "工资拖欠" in text(app, "#heading")
        assert "青铜峡水泥股份有限公司工会" in text(app, "#order-info")
        assert "马科长" in text(app, "#order-info")
        complaints = rows(app.screen.query_one("#complaints", DataTable))
        assert [(c[1], c[4]) for c in complaints] == [("Wages", "张伟"), ("Wages", "anonymous")]
        assert "李娜" not in text(app, "#complaint-text") + text(app, "#order-info")
        assert app.screen.check_action("open_form", ()) is False  # an enterprise officer does not accept orders
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FormQueueScreen)


async def test_resolving_a_form_asks_first_then_resolves_the_order_and_its_complaints(make_tui, make_token, tenant):
    v = await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ResolveFormModal) and modal.form.id == v.forms["wages"]

        # Nothing chosen: the API's refusal shows under the field, nothing is changed.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is modal
        assert "outcome" in text(app, "#outcome-error")
        modal.query_one("#recovered_yuan", Input).value = "lots"  # not an amount: refused before sending
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal and text(app, "#recovered_yuan-error") == "must be an amount in yuan"

        modal.query_one("#resolution", TextArea).text = "经劳动监察介入，企业补发三月工资"
        modal.query_one("#outcome", Select).value = "wage_arrears_recovered"
        modal.query_one("#recovered_yuan", Input).value = "12,800.50"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "its 2 complaints are resolved too" in text(app, "#question")
        await pilot.press("n")  # not yet: back to the form, nothing sent
        await settle(pilot)
        assert app.screen is modal
        async with tenant_scope(tenant.slug):
            assert (await service.get_form(v.forms["wages"])).status == "open"

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FormQueueScreen)
        assert app.screen.query_one("#list", DataTable).row_count == 2
        assert any("resolved" in n for n in notices(app))

    async with tenant_scope(tenant.slug):
        form = await service.get_form(v.forms["wages"])
        order = await service.get_order(v.orders["wages"], SYSTEM)
    assert form.status == "resolved" and form.outcome == "wage_arrears_recovered"
    assert form.recovered_fen == 1_280_050 and form.resolution == "经劳动监察介入，企业补发三月工资"
    assert order.status == "resolved" and {c.status for c in order.complaints} == {"resolved"}


async def test_a_paper_complaint_entered_in_the_form_is_filed_with_channel_tui(make_tui, make_token, tenant):
    v = await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.complaint_box")
        await settle(pilot)
        box = app.screen
        assert isinstance(box, ComplaintBoxScreen)
        before = box.table.row_count
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PaperComplaintModal)

        # Empty: the API's refusal under the field, nothing filed.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal and "category" in text(app, "#category-error")

        modal.query_one("#category", Select).value = "safety"
        await pick(pilot, modal, "org_id", "水泥")
        assert chosen(modal, "org_id") == v.cement  # one match: chosen
        modal.query_one("#text", TextArea).text = "（抱怨单）二号磨机除尘器坏了两周"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is box
        assert box.table.row_count == before + 1
        assert any(n.startswith("已登记诉求 C") for n in notices(app))

        # A signed one: the worker found by name.
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        modal.query_one("#category", Select).value = "overtime"
        await pick(pilot, modal, "member_id", "李娜")
        assert chosen(modal, "member_id") == v.li
        modal.query_one("#text", TextArea).text = "连续三周每周加班超过36小时"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is box

    async with tenant_scope(tenant.slug):
        papers = (await service.list_complaints(SYSTEM, limit=50)).items
    papers = {c.text: c for c in papers if c.channel == "tui"}
    unsigned = papers["（抱怨单）二号磨机除尘器坏了两周"]
    assert unsigned.category == "safety" and unsigned.org_id == v.cement
    assert unsigned.anonymous and unsigned.member_id is None  # an unsigned paper is anonymous
    signed = papers["连续三周每周加班超过36小时"]
    assert signed.member_id == v.li and signed.org_id == v.cement and not signed.anonymous


async def test_the_federation_accepts_an_order_by_opening_its_form(make_tui, make_token, tenant, tui_home):
    v = await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.orders")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        table = app.screen.query_one("#list", DataTable)
        await pilot.press("ctrl+s")  # the list, as XLSX (the kit's export of a list paged from the API)
        await settle(pilot)
        assert [p.suffix for p in (tui_home / "exports").iterdir()] == [".xlsx"]
        by_title = {r[1]: i for i, r in enumerate(rows(table))}
        table.move_cursor(row=by_title["合同续签"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert "Not accepted by the federation yet" in text(app, "#order-info")
        assert app.screen.check_action("resolve", ()) is None  # no form to resolve yet
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, OpenFormModal)
        app.screen.query_one("#officer_name", Input).value = "马科长"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert "officer 马科长" in text(app, "#order-info")
    async with tenant_scope(tenant.slug):
        order = await service.get_order(v.orders["contract"], SYSTEM)
    assert order.status == "accepted" and order.form is not None and order.form.officer_name == "马科长"


async def test_an_auditor_reads_the_queue_without_the_keys_that_change_it(make_tui, make_token, tenant):
    await voice_world(tenant.slug)
    app = make_tui(await make_token("auditor", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        await settle(pilot)
        assert app.screen.query_one("#list", DataTable).row_count == 3
        shown = {active.binding.action for active in app.screen.active_bindings.values()}
        assert "resolve" not in shown and "paper" not in shown
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Enter a paper complaint" not in titles


async def test_the_servers_refusal_shows_under_the_field_it_concerns(make_tui, make_token, tenant):
    await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.complaint_box")
        await settle(pilot)
        before = app.screen.query_one("#list", DataTable).row_count
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        # Neither a union nor a signed worker: the server cannot tell whose complaint box it came from.
        modal.query_one("#category", Select).value = "other"
        modal.query_one("#text", TextArea).text = "无署名、无工会的抱怨单"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal
        assert "enterprise union" in text(app, "#org_id-error")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#list", DataTable).row_count == before
    async with tenant_scope(tenant.slug):
        texts = [c.text for c in (await service.list_complaints(SYSTEM, limit=50)).items]
    assert "无署名、无工会的抱怨单" not in texts


async def test_the_enterprise_union_folds_marked_complaints_into_a_demand_order_then_adds_one(
    make_tui, make_token, tenant
):
    from tui.screens.voice.fold import AddToOrderModal, FoldOrderModal

    v = await voice_world(tenant.slug)
    async with tenant_scope(tenant.slug):
        later, *new = [
            (await service.file_complaint(service.ComplaintIn(category=cat, text=text), worker(tenant.slug, who)))
            for who, cat, text in (
                (v.li, "overtime", "调休被取消"),
                (v.zhang, "overtime", "夜班连续十二小时"),
                (v.li, "overtime", "周末加班无调休"),
            )
        ]
    token = await make_token("org_officer", tenant.slug, org_id=v.cement, name="水泥厂工会主席")
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.complaint_box")
        await settle(pilot)
        box = app.screen
        box.query_one("#status", Select).value = "submitted"  # the three new ones, newest first
        await settle(pilot)
        table = box.table
        table.focus()
        assert [r[1] for r in rows(table)] == [new[1].ref, new[0].ref, later.ref]
        await pilot.press("space", "space")
        assert [r[0] for r in rows(table)] == ["✓", "✓", " "]
        await pilot.press("o")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, FoldOrderModal)
        await pilot.press("ctrl+s")  # no title: the API's refusal under the field
        await settle(pilot)
        assert app.screen is modal and text(app, "#title-error")
        modal.query_one("#title", Input).value = "水泥厂加班问题"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert "水泥厂加班问题" in text(app, "#heading")
        assert app.screen.query_one("#complaints", DataTable).row_count == 2

        # The one left: added to that order (an order is changed by linking more complaints).
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is box and [r[1] for r in rows(table)] == [later.ref]
        await pilot.press("l")
        await settle(pilot)
        add = app.screen
        assert isinstance(add, AddToOrderModal)
        await pick(pilot, add, "order_id", "加班问题")  # one order found: chosen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OrderScreen)
        assert app.screen.query_one("#complaints", DataTable).row_count == 3
    async with tenant_scope(tenant.slug):
        orders = (await service.list_orders(SYSTEM)).items
        folded = next(o for o in orders if o.title == "水泥厂加班问题")
        order = await service.get_order(folded.id, SYSTEM)
    assert sorted(c.id for c in order.complaints) == sorted(c.id for c in [*new, later])
    assert order.org_id == v.cement and order.status == "submitted"
    assert {c.status for c in order.complaints} == {"ordered"}


async def test_a_link_code_issued_in_the_tui_links_the_workers_telegram_account(make_tui, make_token, tenant):
    from server.bot import store as telegram
    from tui.screens.voice.link_code import LinkCodeModal, LinkCodeShownModal

    v = await voice_world(tenant.slug)
    token = await make_token("org_officer", tenant.slug, org_id=v.cement, name="水泥厂工会主席")
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Issue a Telegram link code")
        command.callback()
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, LinkCodeModal)
        await pilot.press("ctrl+s")  # nobody chosen: the API names the field
        await settle(pilot)
        assert app.screen is modal and text(app, "#member_id-error")
        await pick(pilot, modal, "member_id", "张伟")
        assert chosen(modal, "member_id") == v.zhang
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = app.screen
        assert isinstance(shown, LinkCodeShownModal) and shown.code.code in text(app, "#link-code-shown")
        code = shown.code.code
    async with tenant_scope(tenant.slug):
        await telegram.redeem_link_code(code, telegram_user_id=777001, chat_id=777001)
        links = await telegram.links_for_members([v.zhang])
    assert links[v.zhang].telegram_user_id == 777001


async def test_the_enterprise_union_answers_a_complaint_without_an_order(make_tui, make_token, tenant):
    from tui.screens.voice.answer import AnswerComplaintModal

    v = await voice_world(tenant.slug)
    async with tenant_scope(tenant.slug):
        c = await service.file_complaint(
            service.ComplaintIn(category="training", text="想参加焊工培训"), worker(tenant.slug, v.zhang)
        )
    token = await make_token("org_officer", tenant.slug, org_id=v.cement, name="水泥厂工会主席")
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.complaint_box")
        await settle(pilot)
        box = app.screen
        table = box.table
        table.move_cursor(row=table.get_row_index(str(c.id)))
        await pilot.press("a")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AnswerComplaintModal)
        await pilot.press("ctrl+s")  # asked first, then sent empty: the API's refusal under the answer
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is modal and text(app, "#answer-error")
        modal.query_one("#answer", TextArea).text = "已报名下月市总工会焊工培训班"
        modal.query_one("#outcome", Select).value = "difficulty_solved"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is box
        # An order's complaint is the federation's to resolve: no answer key for it here.
        ordered = next(k for k, x in box.records.items() if x.status != "submitted")
        table.move_cursor(row=table.get_row_index(ordered))
        await settle(pilot)
        assert box.check_action("answer", ()) is None
    async with tenant_scope(tenant.slug):
        answered = await service.get_complaint(c.id, SYSTEM)
    assert answered.status == "resolved" and answered.resolved_level == "enterprise"
    assert answered.answer == "已报名下月市总工会焊工培训班" and answered.outcome == "difficulty_solved"
    assert answered.order_id is None


async def test_statistics_for_a_period_count_the_records(make_tui, make_token, tenant, client):
    from tui.screens.voice.statistics import StatisticsScreen

    await voice_world(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("voice.statistics")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        shown = dict(rows(screen.query_one("#statistics", DataTable)))
        assert shown["Complaints"] == "5" and shown["  Wages"] == "2" and shown["  via API"] == "5"
        assert shown["Demand orders"] == "4" and shown["Open forms (now)"] == "3"
        # A period with nothing in it.
        screen.query_one("#start", Input).value = "2001-01-01"
        screen.query_one("#end", Input).value = "2001-12-31"
        screen.query_one("#end", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        shown = dict(rows(screen.query_one("#statistics", DataTable)))
        assert shown["Complaints"] == "0" and shown["Demand orders"] == "0"
