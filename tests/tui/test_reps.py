"""Reps from the TUI against the real API: an election created, its candidates (the 1:2 check
shown before voting can open), a runoff after a tie, publication; the roll with training; an
evaluation whose results show only past the minimum; a proposal filed and handled. Each form
shows the API's field error under its field first."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from server.modules.voice import service as voice
from tests.modules.reps.conftest import admin, build_world, elected
from tests.tui.conftest import SIZE, notices, settle, until
from tui.app import SaishangApp
from tui.kit.form import FormModal
from tui.screens.confirm import ConfirmModal
from tui.screens.reps.elections import AddCandidate, ElectionsScreen, NewElection, VoteModal
from tui.screens.reps.evaluations import BallotModal, EvaluationsScreen, OpenEvaluation
from tui.screens.reps.proposals import FileProposal, HandleProposal, ProposalsScreen
from tui.screens.reps.roll import (
    AllowanceModal,
    CongressesScreen,
    DutyModal,
    NewCongress,
    RewardModal,
    RollScreen,
    TrainingModal,
)


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


def detail(app: SaishangApp) -> str:
    return str(app.screen.query_one("#detail", Static).render())


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)
    app.screen.query_one("#list").focus()


async def submit(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_an_election_from_nomination_through_a_runoff_to_publication(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["reps"])
    w = await build_world(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "reps.elections")
        screen = app.screen
        assert isinstance(screen, ElectionsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewElection)
        form.query_one("#constituency_id", Input).value = str(w.constituency)
        form.query_one("#held_on", Input).value = "2017-03-01"
        await submit(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 1, "the new election")
        election = screen.current()
        assert election is not None and election.state == "nominating" and election.seats == 2
        assert election.constituency_name == "熟料车间"

        # A candidate from another workshop: the API names member_id, nothing is added.
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddCandidate)
        form.query_one("#member_id", Input).value = str(w.others[0])
        await submit(pilot)
        assert app.screen is form and error_under(form, "member_id")
        form.query_one("#member_id", Input).value = str(w.members[0])
        await submit(pilot)
        assert app.screen is screen
        assert "✗" in detail(app) and "4" in detail(app)  # 1 candidate for 2 seats: 4 are needed
        assert "职工0" in detail(app)  # the candidate by name

        await pilot.press("o")  # refused on the screen, before the API: the check is shown
        await settle(pilot)
        assert any("✗" in n for n in notices(app))
        async with tenant_scope(tenant.slug):
            for m in w.members[1:4]:
                await service.add_candidate(election.id, service.CandidateIn(m, ""), admin(tenant.slug))
        await pilot.press("r")
        await settle(pilot)
        assert "✓" in detail(app)
        await pilot.press("o")
        await settle(pilot)
        assert screen.current().state == "open"

        # A tie at the last seat: the tally shows a runoff among the tied.
        cands = sorted(c.id for c in screen.current().candidates)
        async with tenant_scope(tenant.slug):
            for i, voter in enumerate(w.members):
                pick = [cands[0], cands[1] if i < 6 else cands[2]]
                await service.cast_vote(election.id, service.VoteIn(voter, pick), admin(tenant.slug))
        await pilot.press("t")
        await settle(pilot)
        assert screen.current().state == "runoff" and "↻" in detail(app)

        await pilot.press("v")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, VoteModal)
        form.query_one("#voter_id", Input).value = str(w.members[0])
        form.query_one("#candidate_ids", SelectionList).select(cands[1])
        await submit(pilot)
        assert app.screen is screen
        await pilot.press("t")
        await settle(pilot)
        assert screen.current().state == "tallied"
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert screen.current().state == "published"
        screen.query_one("#state", Select).value = "nominating"  # the filter: none left nominating
        await settle(pilot)
        assert screen.table.row_count == 0
    async with tenant_scope(tenant.slug):
        seated = await conn().fetch("SELECT member_id FROM rep_representative ORDER BY member_id")
    assert len(seated) == 2


async def test_a_congress_is_recorded_and_training_entered_on_the_roll(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["reps"])
    w = await build_world(tenant.slug)
    reps = await elected(w)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "reps.congresses")
        screen = app.screen
        assert isinstance(screen, CongressesScreen)
        await until(pilot, lambda: screen.table.row_count == 1, "the world's congress")
        assert "熟料车间" in detail(app)  # its constituency and seats under the list

        await pilot.press("a")  # the period's allowance: a payee who is no representative is named
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AllowanceModal)
        form.query_one("#period", Input).value = "2017-Q1"
        form.query_one("#amount_fen", Input).value = "200"
        form.query_one("#payees", TextArea).text = "999999 6222020200001"
        await submit(pilot)
        assert app.screen is form and error_under(form, "payees")
        form.query_one("#payees", TextArea).text = f"{reps[0]} 6222020200001\n{reps[1]}，6222020200002"
        await submit(pilot)
        assert app.screen is screen

        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewCongress)
        form.query_one("#org_id", Input).value = str(w.outsider)
        form.query_one("#name", Input).value = "第一届职代会"
        form.query_one("#starts_on", Input).value = "2018-01-01"
        form.query_one("#ends_on", Input).value = "2017-12-31"
        await submit(pilot)
        assert app.screen is form and error_under(form, "ends_on")  # the term ends before it starts
        form.query_one("#ends_on", Input).value = "2022-12-31"
        await submit(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 2, "the new congress")

        screen.table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        roll = app.screen
        assert isinstance(roll, RollScreen)
        await until(pilot, lambda: roll.table.row_count == 2, "the two representatives")
        assert "0/2" in str(roll.query_one("#heading", Static).render())
        assert {r.member_name for r in roll.records.values()} <= {f"职工{i}" for i in range(12)}
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TrainingModal)
        form.query_one("#on", Input).value = "2017-03-15"
        await submit(pilot)
        assert app.screen is roll
        await until(pilot, lambda: "1/2" in str(roll.query_one("#heading", Static).render()), "one trained")

        await pilot.press("d")  # a duty entry: its minutes count on the roll
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DutyModal)
        form.query_one("#done_on", Input).value = "2017-04-01"
        form.query_one("#minutes", Input).value = "-5"
        await submit(pilot)
        assert app.screen is form and error_under(form, "minutes")
        form.query_one("#minutes", Input).value = "90"
        await submit(pilot)
        assert app.screen is roll
        await until(pilot, lambda: any(r.duty_minutes == 90 for r in roll.records.values()), "the duty time")
        await until(pilot, lambda: "2017-04-01" in detail(app), "the duty record under the roll")
    async with tenant_scope(tenant.slug):
        trained = await conn().fetch("SELECT id, trained_on FROM rep_representative WHERE trained_on IS NOT NULL")
        names = await conn().fetchval("SELECT count(*) FROM rep_congress WHERE name = '第一届职代会'")
        paid = await conn().fetch("SELECT representative_id, amount_fen FROM rep_allowance ORDER BY 1")
    assert [tuple(r) for r in paid] == [(reps[0], 20_000), (reps[1], 20_000)]
    assert [r["trained_on"] for r in trained] == [dt.date(2017, 3, 15)] and trained[0]["id"] in reps and names == 1


async def test_an_evaluation_shows_results_only_past_its_minimum_and_recalls(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["reps"])
    w = await build_world(tenant.slug)
    first, second = sorted(await elected(w))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "reps.evaluations")
        screen = app.screen
        assert isinstance(screen, EvaluationsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpenEvaluation)
        form.query_one("#constituency_id", Input).value = str(w.constituency)
        form.query_one("#opened_on", Input).value = dt.date.today().isoformat()
        form.query_one("#min_ballots", Input).value = "0"
        await submit(pilot)
        assert app.screen is form and error_under(form, "min_ballots")
        form.query_one("#min_ballots", Input).value = "2"
        await submit(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 1, "the evaluation")
        evaluation = screen.current()

        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BallotModal)
        form.query_one("#representative_id", Select).value = first
        form.query_one("#member_id", Input).value = str(w.members[4])  # members 0 and 1 hold the seats
        form.query_one("#verdict", Select).value = "dissatisfied"
        form.query_one("#score", Input).value = "150"
        await submit(pilot)
        assert app.screen is form and error_under(form, "score")
        form.query_one("#score", Input).value = "20"
        await submit(pilot)
        assert app.screen is screen
        assert all("hidden until 2" in line for line in detail(app).splitlines())  # one ballot in: no figure

        async with tenant_scope(tenant.slug):
            ballot = service.BallotIn(first, w.members[5], "dissatisfied", 10)
            await service.cast_ballot(evaluation.id, ballot, admin(tenant.slug))
        await pilot.press("r")
        await settle(pilot)
        lines = detail(app).splitlines()
        assert "2 ballots" in lines[0] and "100.0%" in lines[0] and "mean 15.0" in lines[0]
        assert "hidden until 2" in lines[1] and f"#{second}" in lines[1]

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert screen.current().state == "closed" and "recalled" in detail(app) and "By-election" in detail(app)
    async with tenant_scope(tenant.slug):
        states = await conn().fetch("SELECT id, state FROM rep_representative ORDER BY id")
    assert [(r["id"], r["state"]) for r in states] == [(first, "recalled"), (second, "seated")]


async def test_a_proposal_citing_a_complaint_is_filed_and_answered(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs", "voice", "reps"])
    w = await build_world(tenant.slug)
    reps = await elected(w)
    async with tenant_scope(tenant.slug):
        complaint = await voice.file_complaint(
            voice.ComplaintIn(category="overtime", text="连续加班", org_id=w.unit), admin(tenant.slug), channel="tui"
        )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "reps.proposals")
        screen = app.screen
        assert isinstance(screen, ProposalsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FileProposal)
        form.query_one("#representative_id", Input).value = str(reps[0])
        form.query_one("#title", Input).value = "关于取消加班加点的提案"
        form.query_one("#complaint_ids", SelectionList).select(complaint.id)  # offered: voice is on
        await submit(pilot)
        assert app.screen is screen
        await until(pilot, lambda: screen.table.row_count == 1, "the filed proposal")
        assert f"#{complaint.id}" in detail(app)
        screen.query_one("#year", Select).value = 2016  # filed this year: none in 2016
        await settle(pilot)
        assert screen.table.row_count == 0
        screen.query_one("#year", Select).clear()
        await until(pilot, lambda: screen.table.row_count == 1, "every year's proposals again")
        screen.table.focus()

        await pilot.press("h")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HandleProposal)
        form.query_one("#state", Select).value = "rejected"
        await submit(pilot)
        assert app.screen is form and error_under(form, "reason")  # rejected needs a reason
        form.query_one("#state", Select).value = "adopted"
        form.query_one("#overtime_cancelled", Input).value = "3"
        form.query_one("#loss_avoided_fen", Input).value = "1500.50"
        form.query_one("#excellent", Checkbox).value = True
        await submit(pilot)
        assert app.screen is screen
        assert screen.current().state == "adopted" and "overtime cancelled 3" in detail(app)
        proposal = screen.current()

        # An excellent proposal earns its representative a reward, granted from the roll.
        await open_area(app, pilot, "reps.congresses")
        await until(pilot, lambda: app.screen.table.row_count == 1, "the congress")
        await pilot.press("enter")
        await settle(pilot)
        roll = app.screen
        assert isinstance(roll, RollScreen)
        await until(pilot, lambda: roll.table.row_count == 2, "the roll")
        roll.table.move_cursor(row=roll.table.get_row_index(str(reps[0])))
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RewardModal)
        form.query_one("#reason", Select).value = "proposal"
        form.query_one("#source_id", Input).value = str(proposal.id)
        form.query_one("#amount_fen", Input).value = "500"
        form.query_one("#account", Input).value = "x"
        await submit(pilot)
        assert app.screen is form and error_under(form, "account")
        form.query_one("#account", Input).value = "6222020200001"
        await submit(pilot)
        assert app.screen is roll
    async with tenant_scope(tenant.slug):
        row = await conn().fetchrow(
            "SELECT state, overtime_cancelled, loss_avoided_fen, complaint_ids FROM rep_proposal"
        )
    assert dict(row) == {
        "state": "adopted",
        "overtime_cancelled": 3,
        "loss_avoided_fen": 150_050,
        "complaint_ids": [complaint.id],
    }
    async with tenant_scope(tenant.slug):
        rewards = await conn().fetch("SELECT representative_id, reason, amount_fen FROM rep_reward")
    assert [tuple(r) for r in rewards] == [(reps[0], f"proposal:{proposal.id}", 50_000)]
