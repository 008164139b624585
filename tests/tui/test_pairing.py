"""名师带高徒 in the TUI against the real API: programmes, a proposal with its reasons,
accept (a form with the goals), locks and forbids, agreements; asserted on the records."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, Static, TextArea

from server.infra.tenancy import tenant_scope
from server.modules.pairing import service
from tests.modules.pairing.helpers import make_world, person, programme
from tests.tui.conftest import SIZE, notices, settle
from tui.screens.pairing.agreements import AgreementsScreen
from tui.screens.pairing.forms import AcceptProposalModal
from tui.screens.pairing.programmes import ProgrammesScreen
from tui.screens.pairing.proposal import ProposalScreen


async def small_programme(slug: str) -> dict[str, int]:
    """Two welding masters (capacity 2 and 1), five welding apprentices, one fitter."""
    async with tenant_scope(slug):
        w = await make_world()
        ids = {
            "王师傅": await person(w, "王师傅", w.steel, "焊工", 1),
            "李师傅": await person(w, "李师傅", w.chem, "焊工", 2),
        }
        for i in range(5):
            ids[f"徒弟{i}"] = await person(w, f"徒弟{i}", w.steel if i % 2 else w.chem, "焊工", 4)
        ids["小周"] = await person(w, "小周", w.chem, "钳工", 4)
        p = await programme(w, target_pairs=3)
        await service.add_candidates(
            p.id,
            service.CandidatesIn(
                [
                    service.CandidateIn(ids["王师傅"], "master"),
                    service.CandidateIn(ids["李师傅"], "master", capacity=1),
                    *[service.CandidateIn(ids[f"徒弟{i}"], "apprentice") for i in range(5)],
                    service.CandidateIn(ids["小周"], "apprentice"),
                ]
            ),
        )
        ids["programme"], ids["zone"] = p.id, w.zone
    return ids


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_proposal(app, pilot) -> ProposalScreen:
    await settle(pilot)
    await app.open_area("pairing.programmes")
    await settle(pilot)
    assert isinstance(app.screen, ProgrammesScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ProposalScreen)
    return app.screen


async def test_an_officer_proposes_reads_the_reasons_and_accepts(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.programmes")
        await settle(pilot)
        table = app.screen.query_one("#list", DataTable)
        assert rows(table) == [
            [str(ids["programme"]), "2017 高新区名师带高徒", "2017-03-01–12-31", "2", "6", "3", "0", "—"]
        ]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProposalScreen)
        assert "No proposal yet" in text(app, "#summary")
        assert screen.check_action("accept", ()) is None  # nothing to accept yet: shown, disabled

        await pilot.press("p")
        await settle(pilot)
        proposal = screen.proposal
        assert proposal is not None and proposal.status == "open"
        pairs = rows(screen.query_one("#pairs", DataTable))
        assert len(pairs) == 3 and {p[0] for p in pairs} == {"王师傅", "李师傅"}
        assert all(p[5] for p in pairs)  # every pair says why
        unpaired = {r[0]: r for r in rows(screen.query_one("#unpaired", DataTable))}
        assert set(unpaired) == {"小周", "徒弟0", "徒弟1", "徒弟2", "徒弟3", "徒弟4"} - {p[1] for p in pairs}
        assert unpaired["小周"][3] == "0" and unpaired["小周"][4]  # no master of that trade, and it says so
        summary = text(app, "#summary")
        assert f"Proposal #{proposal.id} · open" in summary
        assert "3 pairs (target 3, 3 new)" in summary
        assert f"{proposal.summary.blocking_pairs} blocking pairs" in summary and "proven optimal" in summary
        assert any(f"Proposal #{proposal.id}: 3 pairs" in n for n in notices(app))
        assert "with" in text(app, "#why")  # the highlighted pair's reasons in full

        # Accept is a form that says what it does; saving it creates the agreements with their goals.
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AcceptProposalModal)
        assert "3 new pairs become pairing agreements" in str(form.query_one(".form-about", Static).render())
        form.query_one("#goals", TextArea).text = "一年内晋升一级"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.proposal is not None and screen.proposal.status == "accepted"
        assert "accepted" in text(app, "#summary")

    async with tenant_scope(tenant.slug):
        agreements = await service.list_agreements(programme_id=ids["programme"])
        brief = await service.list_proposals(ids["programme"])
    assert sorted((a.master_name, a.apprentice_name) for a in agreements.items) == sorted((p[0], p[1]) for p in pairs)
    assert all(a.status == "active" and a.proposal_id == proposal.id for a in agreements.items)
    assert {a.goals for a in agreements.items} == {"一年内晋升一级"}
    assert [(b.id, b.status) for b in brief.items] == [(proposal.id, "accepted")]


async def test_cancelling_the_confirmation_creates_nothing(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        proposed = await service.propose(ids["programme"])
    app = make_tui(await make_token("org_officer", tenant.slug, org_id=ids["zone"]), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(app, pilot)
        assert screen.proposal is not None and screen.proposal.id == proposed.id  # the latest, loaded
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.proposal.status == "open"
    async with tenant_scope(tenant.slug):
        assert (await service.list_agreements(programme_id=ids["programme"])).items == []


async def test_lock_and_forbid_from_the_proposal_shape_the_next_one(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(app, pilot)
        await pilot.press("p")
        await settle(pilot)
        first = screen.current_pair()
        assert first is not None
        await pilot.press("x")  # forbid the highlighted pair
        await settle(pilot)
        assert any("forbidden; press P" in n for n in notices(app))
        await pilot.press("p")
        await settle(pilot)
        assert (first.master_member_id, first.apprentice_member_id) not in {
            (p.master_member_id, p.apprentice_member_id) for p in screen.proposal.pairs
        }
        # The old proposal was superseded by the new one; accepting the new one still works.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    async with tenant_scope(tenant.slug):
        rules = (await service.list_rules(ids["programme"])).items
        agreements = await service.list_agreements(programme_id=ids["programme"])
    assert [(r.kind, r.master_member_id, r.apprentice_member_id) for r in rules] == [
        ("forbid", first.master_member_id, first.apprentice_member_id)
    ]
    assert len(agreements.items) == 3


async def test_the_rules_list_names_the_pairs_and_removes_one(make_tui, make_token, tenant):
    from tui.screens.pairing.rules import RulesModal

    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        await service.lock_pair(ids["programme"], service.PairRuleIn(ids["李师傅"], ids["徒弟4"]))
        await service.forbid_pair(ids["programme"], service.PairRuleIn(ids["王师傅"], ids["徒弟1"]))
        await service.propose(ids["programme"])
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_proposal(app, pilot)
        await pilot.press("u")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RulesModal)
        table = modal.query_one("#rules-table", DataTable)
        assert [r[:3] for r in rows(table)] == [["locked", "李师傅", "徒弟4"], ["forbidden", "王师傅", "徒弟1"]]
        await pilot.press("down", "d")  # the forbid goes
        await settle(pilot)
        assert [r[:3] for r in rows(table)] == [["locked", "李师傅", "徒弟4"]]
        await pilot.press("escape")
        await settle(pilot)
        assert any("propose again" in n for n in notices(app))
    async with tenant_scope(tenant.slug):
        assert [r.kind for r in (await service.list_rules(ids["programme"])).items] == ["lock"]


async def test_an_auditor_reads_proposals_but_has_no_keys_to_change_them(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        await service.propose(ids["programme"])
    app = make_tui(await make_token("auditor", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(app, pilot)
        assert screen.query_one("#pairs", DataTable).row_count == 3
        shown = {active.binding.action for active in screen.active_bindings.values()}
        assert not {"propose", "accept", "lock", "forbid"} & shown
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen  # no confirmation: the key does nothing for an auditor


async def test_agreements_list_the_accepted_pairs_with_their_goals(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        proposed = await service.propose(ids["programme"])
        await service.accept(proposed.id, service.AcceptIn(goals="一年内晋升一级"))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.agreements")
        await settle(pilot)
        assert isinstance(app.screen, AgreementsScreen)
        table = app.screen.query_one("#list", DataTable)
        assert table.row_count == 3
        assert {r[5] for r in rows(table)} == {"履行中"}
        assert "目标：一年内晋升一级" in text(app, "#agreement")
        app.screen.query_one("#status", Select).value = "active"
        await settle(pilot)
        assert table.row_count == 3
        app.screen.query_one("#status", Select).value = "completed"  # none yet
        await settle(pilot)
        assert table.row_count == 0


async def test_module_screens_show_only_when_the_module_is_on(make_tui, make_token, make_tenant):
    for on, off in (("voice", "pairing"), ("pairing", "voice")):
        tenant = await make_tenant(modules=["orgs", on])
        app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            areas = [a.id for a in app.areas()]
            assert [a for a in areas if a.startswith(f"{on}.") and a != f"{on}.figures"]
            assert not [a for a in areas if a.startswith(f"{off}.")]


@pytest.mark.parametrize("role", ["worker"])
async def test_workers_do_not_get_pairing_screens(make_tui, make_token, tenant, role):
    app = make_tui(await make_token(role, tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not [a for a in app.areas() if a.id.startswith("pairing.")]


async def test_accepting_a_proposal_that_went_stale_is_refused_and_changes_nothing(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_proposal(app, pilot)
        await pilot.press("p")
        await settle(pilot)
        # Meanwhile someone takes an apprentice out of the programme.
        async with tenant_scope(tenant.slug):
            await service.remove_candidate(ids["programme"], ids["小周"])
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AcceptProposalModal)  # refused: the form stays, the notice says why
        assert any(n.startswith("409") and "propose again" in n for n in notices(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    async with tenant_scope(tenant.slug):
        assert (await service.list_agreements(programme_id=ids["programme"])).items == []


async def test_an_agreement_gets_notes_an_outcome_or_an_early_end(make_tui, make_token, tenant):
    from textual.widgets import Input

    from tui.screens.pairing.agreement_forms import AgreementFormModal

    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        proposed = await service.propose(ids["programme"])
        accepted = await service.accept(proposed.id)
    first, second = sorted(accepted.agreement_ids)[:2]
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.agreements")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#list", DataTable)

        async def on_row(agreement_id: int, key: str) -> AgreementFormModal:
            table.move_cursor(row=table.get_row_index(str(agreement_id)))
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, AgreementFormModal)
            return app.screen

        modal = await on_row(first, "n")
        modal.query_one("#text", Input).value = "完成焊接练习件十件"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "完成焊接练习件十件" in text(app, "#agreement")

        modal = await on_row(first, "c")
        modal.query_one("#level_after", Input).value = "3"
        modal.query_one("#competition_result", Input).value = "全市焊工大赛三等奖"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert rows(table)[table.get_row_index(str(first))][5] == "completed"
        assert screen.check_action("form", ("note",)) is None  # a completed agreement takes no more

        modal = await on_row(second, "e")
        await pilot.press("ctrl+s")  # no reason: the server refuses, the form says where
        await settle(pilot)
        assert app.screen is modal and text(app, "#reason-error")
        modal.query_one("#reason", Input).value = "徒弟调岗到其他企业"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    async with tenant_scope(tenant.slug):
        done = await service.get_agreement(first)
        ended = await service.get_agreement(second)
    assert [n.text for n in done.notes] == ["完成焊接练习件十件"]
    assert done.status == "completed" and done.level_after == 3 and done.level_raised
    assert done.competition_result == "全市焊工大赛三等奖"
    assert ended.status == "ended_early" and ended.end_reason == "徒弟调岗到其他企业"
