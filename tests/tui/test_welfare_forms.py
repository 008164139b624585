"""Welfare's records made from the TUI against the real API: a hardship household filed and
reviewed, relief applications filed, decided, and approved in bulk — each form showing the
API's field error under its field first."""

from __future__ import annotations

from textual.widgets import Input, SelectionList, Static

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin
from tests.tui.conftest import SIZE, settle, until
from tui.app import SaishangApp
from tui.kit.form import FormModal
from tui.screens.confirm import ConfirmModal
from tui.screens.welfare.applications import ApplicationsScreen, ApplyModal
from tui.screens.welfare.households import FileHouseholdModal, HouseholdsScreen, ReviewModal


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)
    app.screen.query_one("#list").focus()


async def test_an_officer_files_a_household_and_reviews_it(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["welfare"])
    async with tenant_scope(tenant.slug):
        union = await make_org("测试机械厂工会")
        member = await make_member(union.id, name="李娟")
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "welfare.households")
        screen = app.screen
        assert isinstance(screen, HouseholdsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FileHouseholdModal)
        form.query_one("#member_id", Input).value = str(member.id)
        form.query_one("#household_size", Input).value = "3"
        form.query_one("#income_per_head_fen", Input).value = "800"
        form.query_one("#bank_account", Input).value = "6222000011112222"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "reasons")  # no reason given: the API says so
        async with tenant_scope(tenant.slug):
            assert await service.conn().fetchval("SELECT count(*) FROM hardship_household") == 0

        form.query_one("#reasons", SelectionList).select("illness")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 1, "the filed household")
        assert screen.current() is not None and screen.current().status == "pending"

        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ReviewModal)
        await pilot.press("ctrl+s")
        await settle(pilot)
        async with tenant_scope(tenant.slug):
            row = await service.conn().fetchrow("SELECT status, income_per_head_fen, reasons FROM hardship_household")
        assert (row["status"], row["income_per_head_fen"], list(row["reasons"])) == ("active", 80_000, ["illness"])


async def test_applications_are_filed_decided_and_approved_in_bulk(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["welfare"])
    async with tenant_scope(tenant.slug):
        union = await make_org("测试机械厂工会")
        members = [await make_member(union.id, name=name) for name in ("张伟", "王芳", "刘洋")]
        campaign = await service.create_campaign(
            service.CampaignIn(
                kind="illness_relief",
                name="大病救助",
                year=2027,
                budget_fen=10_000_000,
                eligibility=service.Eligibility(rule="applications"),
                amount_rule=service.AmountRule(rule="approved_amount"),
            ),
            admin(tenant.slug),
        )
        for m in members[1:]:
            await service.submit_application(
                campaign.id,
                service.ApplicationIn(member_id=m.id, requested_fen=300_000, bank_account="6222000033334444"),
                admin(tenant.slug),
            )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "welfare.applications")
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        await until(pilot, lambda: screen.table.row_count == 2, "the campaign's applications")

        # File one: the bank account left out is named under its field.
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ApplyModal)
        form.query_one("#member_id", Input).value = str(members[0].id)
        form.query_one("#requested_fen", Input).value = "5000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "bank_account")
        form.query_one("#bank_account", Input).value = "6222000055556666"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 3, "the new application")

        # Mark two and approve them at the amounts asked, behind a confirmation.
        screen.table.focus()
        screen.table.move_cursor(row=0)
        await pilot.press("space", "space")
        await settle(pilot)
        assert len(screen.marks) == 2
        marked = {a.id: a.requested_fen for a in screen.marked()}
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        async with tenant_scope(tenant.slug):
            rows = await service.conn().fetch("SELECT id, status, approved_fen FROM relief_application")
        assert {r["id"]: (r["status"], r["approved_fen"]) for r in rows} == {
            r["id"]: ("approved", marked[r["id"]]) if r["id"] in marked else ("submitted", None) for r in rows
        }
        assert len(rows) == 3
