"""A city federation's admin lands on their tenant; the module frame shows only the
modules switched on; the activity log pages from the server."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets import Static

from server.infra.tenancy import tenant_scope
from server.modules.core import service as events
from tests.tui.conftest import SIZE, settle
from tui import modules
from tui.app import SaishangApp
from tui.i18n import L
from tui.kit.contract import PaletteCommand, ScreenEntry, TuiModule
from tui.screens.activity import ActivityScreen
from tui.screens.overview import OverviewScreen
from tui.widgets.paged_table import PagedTable
from tui.widgets.sidebar import Sidebar


class ComplaintsScreen(Screen):
    """Stands in for a module's own screen, registered through the frame."""


@pytest.fixture
def voice_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real voice screens step aside for the stand-in (tests/tui/test_voice.py tests them).
    stand_in = TuiModule(
        "voice",
        screens=[ScreenEntry("voice.complaints", L("职工诉求", "Complaints"), lambda app: ComplaintsScreen())],
        commands=[PaletteCommand(L("登记诉求", "File a complaint"), L("x", "x"), lambda app: None)],
    )
    catalogue = {**modules.registered(), "voice": stand_in}
    monkeypatch.setattr(modules, "registered", lambda: catalogue)


def sidebar_ids(app: SaishangApp) -> list[str]:
    sidebar = app.screen.query_one(Sidebar)
    return [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]


async def test_a_tenant_admin_lands_on_their_tenant_and_sees_only_modules_switched_on(
    make_tui, make_token, make_tenant, client, admin_headers, voice_screens
):
    tenant = await make_tenant(modules=["orgs", "voice"], name_zh="青铜峡市总工会", name_en="Qingtongxia FTU")
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert "Qingtongxia FTU" in str(app.screen.query_one("#heading", Static).render())
        areas = [a.id for a in app.areas()]
        assert areas == [
            "overview",
            "tokens",
            "core.activity",
            "core.rollup",
            "core.review",
            "orgs.tree",
            "orgs.members",
            "orgs.import",
            "orgs.plans",
            "voice.complaints",
            "health",
            "orgs.figures",
            "voice.figures",
        ]
        assert "tenants" not in areas  # no platform screens for a city admin
        assert "voice.complaints" in sidebar_ids(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "File a complaint" in titles and "Go to: Complaints" in titles

        # The region switches voice off: its screens and commands go away.
        r = await client.post(
            f"/api/v1/platform/tenants/{tenant.slug}/modules", headers=admin_headers, json={"disable": ["voice"]}
        )
        assert r.status_code == 200
        await pilot.press("r")
        await settle(pilot)
        areas = [a.id for a in app.areas()]
        assert "voice.complaints" not in areas and "voice.figures" not in areas
        assert "voice.complaints" not in sidebar_ids(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "File a complaint" not in titles and "Go to: Complaints" not in titles


async def test_a_platform_admin_enters_a_tenant_to_see_its_activity_and_module_screens(
    make_tui, make_token, make_tenant
):
    tenant = await make_tenant(modules=["welfare"])
    async with tenant_scope(tenant.slug):
        await events.record("welfare.campaign.created", "2017 送温暖")
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.enter_tenant(tenant.slug)
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        table = app.screen.query_one(PagedTable)
        assert [table.get_row_at(i)[3] for i in range(table.row_count)] == ["relief campaign created"]  # in words
        assert [a.id for a in app.areas()] == [
            "tenants",
            "tokens",
            "events",
            "health",
            "region",
            "review",
            "core.activity",
            "core.rollup",
            "core.review",
            "welfare.campaigns",
            "welfare.households",
            "welfare.applications",
            "welfare.figures",
        ]


async def test_the_activity_log_pages_from_the_server_with_ten_thousand_rows_behind_it(make_tui, make_token, tenant):
    async with tenant_scope(tenant.slug):
        for start in range(0, 10_500, 2_500):  # bulk statements, under PostgreSQL's parameter limit
            await events.record_many(
                [("orgs.member.add", f"会员 {i:05d}", {"i": i}) for i in range(start, min(start + 2_500, 10_500))]
            )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("core.activity")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 100 and not table.exhausted  # one page, not 10,500 rows
        assert table.get_row_at(0)[4] == "会员 10499"  # newest first

        # Moving down the table asks for the next page before the end is reached.
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 200
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == 300
        assert "300" in str(app.screen.query_one("#count", Static).render())

        # Filtering goes to the server too.
        app.screen.query_one("#person").value = "nobody like this"
        app.screen.query_one("#person").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == 0 and table.exhausted


async def test_a_tenant_admin_issues_and_revokes_their_own_tenants_tokens(make_tui, make_token, tenant, client):
    from textual.widgets import DataTable, Select

    from tests.conftest import bearer
    from tui.screens.confirm import ConfirmModal
    from tui.screens.token_form import CreateTokenModal, TokenShownModal

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("tokens")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CreateTokenModal)
        roles = [value for _, value in form.query_one("#role", Select)._options]
        assert "platform_admin" not in roles  # a city cannot issue region tokens
        form.query_one("#role", Select).value = "auditor"
        form.query_one("#label").value = "经审会 2017"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TokenShownModal)
        secret = app.screen.query_one("#secret").value
        await pilot.press("escape")
        await settle(pilot)
        me = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(secret))
        assert me.json()["role"] == "auditor"

        table = app.screen.query_one("#list", DataTable)
        new_id = next(key.value for key in table.rows if table.get_row(key)[5] == "经审会 2017")
        table.move_cursor(row=table.get_row_index(new_id))
        table.focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    r = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(secret))
    assert r.status_code == 401 and r.json()["code"] == "token_revoked"


async def test_a_modules_figures_screen_shows_the_apis_report(make_tui, make_token, tenant, client, tenant_headers):
    from textual.widgets import DataTable, Input

    from tests.tui.conftest import notices
    from tui.screens.report import ReportScreen

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("orgs.figures")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        app.screen.query_one("#year", Input).value = "2017"
        app.screen.query_one("#year", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#figures", DataTable)
        shown = {key.value: table.get_row(key) for key in table.rows}
        headers = {**tenant_headers, "Accept-Language": "en"}
        report = (await client.get(f"/api/v1/t/{tenant.slug}/reports/orgs?year=2017", headers=headers)).json()
        assert shown == {k: [report["labels"][k]["en"], report["text"][k]] for k in report["figures"]}

        # A year the API refuses: its reason as a notice, and the screen carries on.
        app.screen.query_one("#year", Input).value = "1800"
        app.screen.query_one("#year", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert any(m.startswith("422") for m in notices(app)), notices(app)
        assert isinstance(app.screen, ReportScreen) and app.screen.module == "orgs"
