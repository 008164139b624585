"""When the API fails (500, 403), refuses the token, or cannot be reached, the TUI says
so in a notice (status and the problem's detail, markup shown as text) and stays usable."""

from __future__ import annotations

import httpx
from textual.widgets import DataTable, Input

from tests.conftest import bearer, every
from tests.tui.conftest import SIZE, Faults, Unplugged, closed_port, notices, settle
from tui.screens.base import SplashScreen
from tui.screens.help import HelpScreen
from tui.screens.login import LoginScreen
from tui.screens.tenants import TenantsScreen
from tui.screens.tokens import TokensScreen


async def test_a_500_shows_a_notice_and_the_screen_keeps_working(make_tui, make_token, app, client, tenant):
    faults = Faults(app)
    tui = make_tui(await make_token("platform_admin"), transport_=httpx.ASGITransport(app=faults))
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = tui.screen.query_one("#list", DataTable)
        rows = table.row_count
        assert rows >= 1

        faults.fail("/api/v1/platform/tenants", 500, "the server failed; [bold]logged[/bold]")
        await pilot.press("r")
        await settle(pilot)
        assert any("500 Internal error" in m and "[bold]logged[/bold]" in m.replace("\\[", "[") for m in notices(tui))
        assert isinstance(tui.screen, TenantsScreen) and table.row_count == rows  # what was shown stays

        await pilot.press("question_mark")  # still answering keys
        await settle(pilot)
        assert isinstance(tui.screen, HelpScreen)
        await pilot.press("escape")

        faults.rules.clear()
        await pilot.press("r")
        await settle(pilot)
        assert tenant.slug in table.rows


async def test_a_403_shows_the_api_detail_and_navigation_still_works(make_tui, make_token, app):
    faults = Faults(app)
    faults.fail(
        "/api/v1/platform/tokens", 403, "this needs the platform_admin role", code="role_forbidden", title="Forbidden"
    )
    tui = make_tui(await make_token("platform_admin"), transport_=httpx.ASGITransport(app=faults))
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # next area: tokens
        await settle(pilot)
        assert isinstance(tui.screen, TokensScreen)
        assert any(m.startswith("403 Forbidden: this needs the platform_admin role") for m in notices(tui))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(tui.screen, TenantsScreen)


async def test_a_token_of_another_tenant_is_refused_at_sign_in_with_the_reason(make_tui, make_token, make_tenant):
    mine, other = await make_tenant(), await make_tenant()
    tui = make_tui(await make_token("tenant_admin", mine.slug), tenant=other.slug)
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(tui.screen, LoginScreen)
        assert any("403" in m and f"does not belong to tenant {other.slug}" in m for m in notices(tui))
        # Correct the tenant and sign in from the same form.
        tui.screen.query_one("#tenant", Input).value = mine.slug
        await pilot.click("#submit")
        await settle(pilot)
        assert tui.tenant is not None and tui.tenant.slug == mine.slug


async def test_the_api_answers_in_the_language_the_tui_shows(make_tui, make_token, make_tenant):
    """The client says `Accept-Language` from the TUI's language, so the server's reason reads like the screen."""
    mine, other = await make_tenant(), await make_tenant()
    tui = make_tui(await make_token("tenant_admin", mine.slug), tenant=other.slug, lang="zh-CN")
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(tui.screen, LoginScreen)
        assert any("403" in m and f"此令牌不属于租户 {other.slug}" in m for m in notices(tui))


async def test_a_refused_connection_is_shown_retried_and_the_app_stays_usable(make_tui, make_token):
    url = f"http://127.0.0.1:{closed_port()}"
    tui = make_tui(await make_token("platform_admin"), url=url, transport_=httpx.AsyncHTTPTransport())
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(tui.screen, SplashScreen)
        assert tui.offline  # the banner's reason
        assert tui.screen.query_one("#connection-banner").display
        assert any("Cannot reach" in m and url in m for m in notices(tui))
        assert any(w.group == "reconnect" and w.is_running for w in tui.workers)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(tui.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(tui.screen, SplashScreen)


async def test_a_lost_connection_comes_back_and_the_screen_reloads(make_tui, make_token, transport, make_tenant):
    cable = Unplugged(transport)
    tui = make_tui(await make_token("platform_admin"), transport_=cable)
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = tui.screen.query_one("#list", DataTable)
        cable.down = True
        await pilot.press("r")
        await settle(pilot)
        assert tui.offline and tui.screen.query_one("#connection-banner").display
        created = await make_tenant(fresh=True)  # the world moves on meanwhile (new: not yet listed)
        cable.down = False
        for _ in range(200):
            await pilot.pause(0.02)
            if not tui.offline:
                break
        await settle(pilot)
        assert not tui.offline and not tui.screen.query_one("#connection-banner").display
        assert any(m.startswith("Reconnected") for m in notices(tui))
        assert created.slug in table.rows


async def test_a_token_revoked_mid_session_sends_the_user_to_sign_in(make_tui, make_token, client, admin_headers):
    token = await make_token("platform_admin", label="revoked mid-session")
    tui = make_tui(token)
    async with tui.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tokens = await every(client, "/api/v1/platform/tokens", admin_headers)
        token_id = next(t["id"] for t in tokens if t["label"] == "revoked mid-session")
        assert (await client.delete(f"/api/v1/platform/tokens/{token_id}", headers=admin_headers)).status_code == 200
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(tui.screen, LoginScreen)
        assert any("401" in m and "revoked" in m for m in notices(tui))
    assert (await client.get("/api/v1/platform/tenants", headers=bearer(token))).status_code == 401
