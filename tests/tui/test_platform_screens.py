"""The regional federation runs its tenants and tokens from the TUI; every action is
checked on the API's state afterwards, not only on the screen."""

from __future__ import annotations

import os
import stat

from textual.widgets import DataTable, Input, Select, SelectionList

from tests.conftest import bearer, every, new_slug
from tests.tui.conftest import SIZE, settle
from tui.app import SaishangApp
from tui.config import TuiConfig, config_path
from tui.screens.confirm import ConfirmModal
from tui.screens.login import LoginScreen
from tui.screens.tenant_detail import TenantDetailScreen
from tui.screens.tenant_edit import BotSettingsModal, EditTenantModal
from tui.screens.tenant_form import CreateTenantModal
from tui.screens.tenants import TenantsScreen
from tui.screens.token_form import CreateTokenModal, TokenShownModal
from tui.screens.tokens import TokensScreen


def row_keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


async def move_to(pilot, table: DataTable, key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))
    table.focus()
    await pilot.pause()


async def test_an_admin_without_a_token_signs_in_and_the_token_is_saved_privately(make_tui, make_token, client):
    token = await make_token("platform_admin")
    app: SaishangApp = make_tui(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        app.screen.query_one("#token", Input).value = token
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)
        assert app.identity.is_platform

    path = config_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    saved = TuiConfig.load()
    assert saved.token == token and saved.token_source == "config"
    # The saved token is one the API accepts as a platform admin.
    assert (await client.get("/api/v1/platform/tenants", headers=bearer(saved.token))).status_code == 200


async def test_a_wrong_token_is_refused_with_the_api_detail_and_the_form_stays_usable(make_tui):
    app = make_tui(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#token", Input).value = "ss_not-a-real-token"
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message").render())
        assert "401" in message and "not valid" in message
        assert not config_path().exists()


async def test_the_tenants_table_lists_what_the_api_lists(make_tui, make_token, tenant, client, admin_headers):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#list", DataTable)
        listed = await every(client, "/api/v1/platform/tenants", admin_headers)
        assert row_keys(table) == [t["slug"] for t in listed]
        row = table.get_row(tenant.slug)
        assert row[1] == "测试市总工会" and row[-1] == "active"

        # Filtering (the API's `q`) narrows the table to the matching tenant.
        await pilot.press("slash", *tenant.slug, "enter")
        await settle(pilot)
        assert row_keys(table) == [tenant.slug]


async def test_creating_a_tenant_from_the_form_creates_it_in_the_api(make_tui, make_token, client, admin_headers):
    slug = new_slug("zw")
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CreateTenantModal)
        form.query_one("#slug", Input).value = slug
        form.query_one("#name_zh", Input).value = "中卫市总工会"
        form.query_one("#name_en", Input).value = "Zhongwei FTU"
        modules = form.query_one("#modules", SelectionList)
        modules.deselect_all()
        modules.select("orgs")
        modules.select("voice")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)
        assert slug in row_keys(app.screen.query_one("#list", DataTable))

    r = await client.get(f"/api/v1/platform/tenants/{slug}", headers=admin_headers)
    assert r.status_code == 200
    assert r.json()["name_zh"] == "中卫市总工会" and r.json()["modules"] == ["orgs", "voice"]
    assert r.json()["active"] is True


async def test_a_refused_create_shows_the_field_problems_and_changes_nothing(
    make_tui, make_token, tenant, client, admin_headers
):
    before = await every(client, "/api/v1/platform/tenants", admin_headers)
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#slug", Input).value = "Bad Slug"
        form.query_one("#name_zh", Input).value = " "
        form.query_one("#name_en", Input).value = "x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, to be corrected
        assert "must match" in str(form.query_one("#slug-error").render())
        assert "must not be empty" in str(form.query_one("#name_zh-error").render())
        notices = [n.message for n in app._notifications]
        assert any("422" in m and "Invalid input" in m for m in notices)

        # An existing slug: 409 with the API's detail.
        form.query_one("#slug", Input).value = tenant.slug
        form.query_one("#name_zh", Input).value = "甲"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("409" in n.message and "already exists" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)
    after = await every(client, "/api/v1/platform/tenants", admin_headers)
    assert after == before


async def test_switching_a_module_off_asks_first_then_the_api_answers_404_for_it(
    make_tui, make_token, tenant, client, admin_headers, tenant_headers
):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, app.screen.query_one("#list", DataTable), tenant.slug)
        await pilot.press("o")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, TenantDetailScreen)
        box = detail.query_one("#modules", SelectionList)
        assert "voice" in box.selected
        box.deselect("voice")

        # Cancelled: nothing changes.
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        r = await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)
        assert "voice" in r.json()["modules"]
        assert "voice" in detail.query_one("#modules", SelectionList).selected  # the switches went back

        # Confirmed: the module is off in the API.
        detail.query_one("#modules", SelectionList).deselect("voice")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "voice" not in detail.query_one("#modules", SelectionList).selected

    r = await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)
    assert "voice" not in r.json()["modules"] and "orgs" in r.json()["modules"]
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/voice?year=2017", headers=tenant_headers)
    assert r.status_code == 404 and r.json()["code"] == "module_not_enabled"


async def test_disabling_a_tenant_asks_for_confirmation(make_tui, make_token, tenant, client, admin_headers):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#list", DataTable)
        await move_to(pilot, table, tenant.slug)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot)
        assert (await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)).json()["active"]

        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert table.get_row(tenant.slug)[-1] == "disabled"
        assert not (await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)).json()["active"]

        await pilot.press("a")  # enable again: not destructive, no question
        await settle(pilot)
        assert table.get_row(tenant.slug)[-1] == "active"
    assert (await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)).json()["active"]


async def test_revoking_a_token_asks_then_the_token_stops_working(make_tui, make_token, tenant, client, admin_headers):
    victim = await make_token("auditor", tenant.slug, label="to revoke")
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(victim))).status_code == 200
    tokens = await every(client, "/api/v1/platform/tokens", admin_headers, tenant=tenant.slug)
    victim_id = str(next(t["id"] for t in tokens if t["label"] == "to revoke"))

    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("tokens")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TokensScreen)
        screen.query_one("#tenant-filter", Input).value = tenant.slug
        screen.query_one("#tenant-filter", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        table = screen.query_one("#list", DataTable)
        assert row_keys(table) == [victim_id]
        await move_to(pilot, table, victim_id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert table.get_row(victim_id)[-1] != "—"

    r = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(victim))
    assert r.status_code == 401 and r.json()["code"] == "token_revoked"
    tokens = await every(client, "/api/v1/platform/tokens", admin_headers, tenant=tenant.slug)
    assert next(t for t in tokens if str(t["id"]) == victim_id)["revoked_at"] is not None


async def test_a_new_token_is_shown_once_copyable_and_works(make_tui, make_token, tenant, client):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("tokens")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CreateTokenModal)
        form.query_one("#role", Select).value = "tenant_admin"
        form.query_one("#tenant", Input).value = tenant.slug
        form.query_one("#label", Input).value = "城市管理员 TUI"
        form.query_one("#expires_in_days", Input).value = "soon"  # not sendable: said under the field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#expires_in_days-error").display
        form.query_one("#expires_in_days", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = app.screen
        assert isinstance(shown, TokenShownModal)
        secret = shown.query_one("#secret", Input).value
        assert secret.startswith("ss_")
        await pilot.press("c")
        assert app.clipboard == secret
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TokensScreen)
        # Listed afterwards by prefix only, never the secret.
        table = app.screen.query_one("#list", DataTable)
        cells = [str(c) for key in row_keys(table) for c in table.get_row(key)]
        assert secret not in cells and secret[:10] + "…" in cells

    me = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(secret))
    assert me.status_code == 200 and me.json()["role"] == "tenant_admin"


async def test_the_platform_admin_changes_a_tenant_and_its_bot_with_field_errors_under_the_fields(
    make_tui, make_token, make_tenant, client, admin_headers
):
    parent = await make_tenant()
    tenant = await make_tenant()
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, app.screen.query_one("#list", DataTable), tenant.slug)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditTenantModal)

        # An empty name is the API's to refuse: its words, under the field; nothing changes.
        form.query_one("#name_en", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#name_en-error").display
        assert (await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)).json()[
            "name_en"
        ] == "Test FTU"

        form.query_one("#name_en", Input).value = "Renamed FTU"
        form.query_one("#parent", Select).value = parent.slug
        form.query_one("#locale", Select).value = "en"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TenantDetailScreen)
        got = (await client.get(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)).json()
        assert (got["name_en"], got["parent"], got["locale"], got["name_zh"]) == (
            "Renamed FTU",
            parent.slug,
            "en",
            "测试市总工会",
        )

        # The bot: a token Telegram could never have issued is refused under the token field.
        await pilot.press("b")
        await settle(pilot)
        bot = app.screen
        assert isinstance(bot, BotSettingsModal)
        bot.query_one("#token", Input).value = "not a token"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is bot
        assert bot.query_one("#token-error").display
        configured = await client.get(f"/api/v1/t/{tenant.slug}/bot", headers=admin_headers)
        assert configured.json()["configured"] is False
