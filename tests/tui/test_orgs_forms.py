"""Orgs and members made and changed from the TUI against the real API, each form showing
the API's field error under its field first and changing nothing then."""

from __future__ import annotations

from textual.widgets import Input, Static

from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from tests.modules.orgs.factories import _unique_id_number, make_org
from tests.tui.conftest import SIZE, settle, until
from tui.app import SaishangApp
from tui.kit.form import FormModal
from tui.screens.orgs.forms import ChangeMemberModal, ChangeOrgModal, NewMemberModal, NewOrgModal
from tui.screens.orgs.members import MemberDetailScreen, MembersScreen
from tui.screens.orgs.tree import OrgTreeScreen
from tui.widgets.paged_table import PagedTable


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


async def press_and_settle(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def count(slug: str, sql: str) -> int:
    async with tenant_scope(slug):
        return await service.conn().fetchval(sql)


async def test_an_admin_creates_and_changes_an_org_in_the_tree(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs"])
    async with tenant_scope(tenant.slug):
        city = await make_org("测试市总工会", "city_federation")
    app: SaishangApp = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("orgs.tree"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrgTreeScreen)
        await until(pilot, lambda: screen.current is not None and screen.current.id == city.id, "the city")

        await press_and_settle(pilot, "n")
        form = app.screen
        assert isinstance(form, NewOrgModal)
        await press_and_settle(pilot, "ctrl+s")  # no name: the API names the field
        assert app.screen is form and error_under(form, "name")
        assert await count(tenant.slug, "SELECT count(*) FROM org") == 1
        form.query_one("#name", Input).value = "测试机械厂工会"
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is screen
        async with tenant_scope(tenant.slug):
            row = await service.conn().fetchrow("SELECT id, parent_id, type FROM org WHERE name = '测试机械厂工会'")
        assert (row["parent_id"], row["type"]) == (city.id, "enterprise_union")

        await until(pilot, lambda: screen.current is not None, "a highlighted org")
        await press_and_settle(pilot, "c")
        change = app.screen
        assert isinstance(change, ChangeOrgModal)
        change.query_one("#name", Input).value = "银川市总工会"
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is screen
        assert await count(tenant.slug, "SELECT count(*) FROM org WHERE name = '银川市总工会'") == 1


async def test_an_admin_adds_a_member_and_changes_their_phone(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs"])
    async with tenant_scope(tenant.slug):
        union = await make_org("测试机械厂工会")
    app: SaishangApp = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("orgs.members"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MembersScreen)
        screen.query_one(PagedTable).focus()
        await press_and_settle(pilot, "n")
        form = app.screen
        assert isinstance(form, NewMemberModal)
        form.query_one("#name", Input).value = "马小兰"
        form.query_one("#org_id", Input).value = str(union.id)
        form.query_one("#id_number", Input).value = "123"
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is form and error_under(form, "id_number")
        assert await count(tenant.slug, "SELECT count(*) FROM member") == 0
        form.query_one("#id_number", Input).value = _unique_id_number("F")
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is screen
        table = screen.query_one(PagedTable)
        await until(pilot, lambda: table.row_count == 1, "the new member")

        table.focus()
        await press_and_settle(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, MemberDetailScreen)
        await press_and_settle(pilot, "c")
        change = app.screen
        assert isinstance(change, ChangeMemberModal)
        change.query_one("#phone", Input).value = "1380000"
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is change and error_under(change, "phone")  # not a phone number
        change.query_one("#phone", Input).value = "13800138000"
        await press_and_settle(pilot, "ctrl+s")
        assert app.screen is detail
        async with tenant_scope(tenant.slug):
            row = await service.conn().fetchrow("SELECT name, phone, org_id FROM member")
        assert (row["name"], row["phone"], row["org_id"]) == ("马小兰", "13800138000", union.id)
