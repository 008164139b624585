"""Pairing programmes and their candidates made and changed from the TUI against the real
API, each form showing the API's field error under its field first."""

from __future__ import annotations

from textual.widgets import Input, Static

from server.infra.tenancy import tenant_scope
from server.modules.orgs import service as orgs
from tests.modules.orgs.factories import make_member, make_org
from tests.tui.conftest import SIZE, settle, until
from tui.app import SaishangApp
from tui.kit.form import FormModal
from tui.kit.picker import Picker
from tui.screens.confirm import ConfirmModal
from tui.screens.pairing.forms import AddCandidateModal, CandidatesScreen, ChangeProgrammeModal, NewProgrammeModal
from tui.screens.pairing.programmes import ProgrammesScreen
from tui.widgets.paged_table import PagedTable


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def fetch(slug: str, sql: str):
    async with tenant_scope(slug):
        return await orgs.conn().fetch(sql)


async def test_a_programme_is_created_changed_and_given_candidates(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["pairing"])
    async with tenant_scope(tenant.slug):
        union = await make_org("测试机械厂工会")
        master = await make_member(union.id, name="赵师傅", trade="钳工", level=1)
    app: SaishangApp = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("pairing.programmes"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgrammesScreen)
        screen.query_one(PagedTable).focus()

        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, NewProgrammeModal)
        form.query_one("#scope_org_id", Input).value = str(union.id)
        await press(pilot, "ctrl+s")
        assert app.screen is form and error_under(form, "name")  # the API names what is missing
        assert await fetch(tenant.slug, "SELECT id FROM pairing_programme") == []
        form.query_one("#name", Input).value = "2027 名师带高徒"
        form.query_one("#target_pairs", Input).value = "5"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        table = screen.query_one(PagedTable)
        await until(pilot, lambda: table.row_count == 1, "the new programme")

        table.focus()
        await press(pilot, "c")
        change = app.screen
        assert isinstance(change, ChangeProgrammeModal)
        change.query_one("#target_pairs", Input).value = "8"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        [row] = await fetch(tenant.slug, "SELECT name, target_pairs FROM pairing_programme")
        assert (row["name"], row["target_pairs"]) == ("2027 名师带高徒", 8)

        await until(pilot, lambda: table.row_count == 1, "the programme again")
        await press(pilot, "k")
        candidates = app.screen
        assert isinstance(candidates, CandidatesScreen)
        await press(pilot, "n")
        add = app.screen
        assert isinstance(add, AddCandidateModal)
        await press(pilot, "ctrl+s")  # nobody chosen
        assert app.screen is add and error_under(add, "member_id")  # `candidates[0].member_id`
        search = add.query_one("#member_id .pick-search", Input)  # the member picker: found by name
        search.value = "赵师"
        search.focus()
        await press(pilot, "enter")
        assert add.query_one("#member_id", Picker).value == master.id  # the one found is chosen
        add.query_one("#role").value = "master"
        await press(pilot, "ctrl+s")
        assert app.screen is candidates
        await until(pilot, lambda: candidates.table.row_count == 1, "the candidate")
        assert [(r["member_id"], r["role"]) for r in await fetch(tenant.slug, "SELECT * FROM pairing_candidate")] == [
            (master.id, "master")
        ]

        candidates.table.focus()
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmModal)
        await press(pilot, "y")
        assert await fetch(tenant.slug, "SELECT member_id FROM pairing_candidate") == []


async def test_an_agreement_s_goals_and_term_are_changed_with_the_api_s_error_under_the_term(
    make_tui, make_token, tenant
):
    from textual.widgets import DataTable, TextArea

    from server.modules.pairing import service as pairing
    from tests.tui.test_pairing import small_programme
    from tui.screens.pairing.forms import ChangeAgreementModal

    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        proposed = await pairing.propose(ids["programme"])
        accepted = await pairing.accept(proposed.id)
    first = sorted(accepted.agreement_ids)[0]
    app: SaishangApp = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.agreements")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#list", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(str(first)))
        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, ChangeAgreementModal)
        form.query_one("#term_end", Input).value = "2001-01-01"  # before the term starts
        await press(pilot, "ctrl+s")
        assert app.screen is form and error_under(form, "term_end")
        form.query_one("#term_end", Input).value = form.initial["term_end"]
        form.query_one("#goals", TextArea).text = "三年内取得技师资格"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        [row] = await fetch(tenant.slug, f"SELECT goals FROM pairing_agreement WHERE id = {first}")
        assert row["goals"] == "三年内取得技师资格"
