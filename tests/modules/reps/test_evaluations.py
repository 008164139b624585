"""评估制: results hidden below the minimum, recall at 60%, one ballot per constituent, and no way
to join a voter to a ballot nor to order the ballots by when they were cast."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from server.errors import Conflict, InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.modules.reps.conftest import World, admin, elected


def test_the_edge_of_recall():
    assert not service.recalls(599, 1000)  # 59.9% keeps the seat
    assert service.recalls(600, 1000)  # 60% loses it
    assert service.recalls(3, 5) and not service.recalls(2, 5) and not service.recalls(0, 0)


async def _evaluate(w: World, rep: int, verdicts: list[str], minimum: int = 5) -> service.EvaluationOut:
    a = admin(w.tenant)
    async with tenant_scope(w.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(w.constituency, dt.date(2017, 11, 1), minimum), a)
        own = (await service.get_representative(rep, a)).member_id
        voters = [m for m in w.members if m != own]  # a representative does not evaluate themselves
        for voter, verdict in zip(voters, verdicts, strict=False):
            score = {"satisfied": 95, "basic": 70, "dissatisfied": 20}[verdict]
            await service.cast_ballot(ev.id, service.BallotIn(rep, voter, verdict, score), a)
        return await service.get_evaluation(ev.id, a)


async def test_hidden_below_the_minimum_then_shown(world: World):
    reps = await elected(world)
    ev = await _evaluate(world, reps[0], ["satisfied"] * 4, minimum=5)
    mine = next(r for r in ev.results if r.representative_id == reps[0])
    assert not mine.shown and mine.ballots is None and mine.mean_score is None
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[5], "basic", 70), a)
        ev = await service.get_evaluation(ev.id, a)
    mine = next(r for r in ev.results if r.representative_id == reps[0])
    assert mine.shown and mine.ballots == 5 and mine.satisfied == 4 and mine.basic == 1
    assert mine.mean_score == 90.0


async def test_sixty_percent_dissatisfied_loses_the_seat_and_opens_a_by_election(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    # reps[0]: 3 of 5 dissatisfied (60%); reps[1]: 6 of the 11 others (54.5%)
    ev = await _evaluate(world, reps[0], ["dissatisfied"] * 3 + ["satisfied"] * 2)
    async with tenant_scope(world.tenant):
        own = (await service.get_representative(reps[1], a)).member_id
        for i, voter in enumerate(m for m in world.members if m != own):
            verdict = "dissatisfied" if i < 6 else "satisfied"
            await service.cast_ballot(ev.id, service.BallotIn(reps[1], voter, verdict, 50), a)
        closed = await service.close_evaluation(ev.id, a)
        lost = await service.get_representative(reps[0], a)
        kept = await service.get_representative(reps[1], a)
        by = await service.get_election(closed.by_election_id or 0, a)
    assert lost.state == "recalled" and f"评估#{ev.id}" in lost.left_reason
    assert kept.state == "seated"
    assert by.kind == "by_election" and by.seats == 1 and by.state == "nominating"
    assert [r.recalled for r in closed.results] == [True, False]


async def test_one_ballot_each_and_bad_ballots_change_nothing(world: World):
    reps = await elected(world)
    ev = await _evaluate(world, reps[0], ["satisfied"])
    a = admin(world.tenant)
    with pytest.raises(Conflict) as err:
        async with tenant_scope(world.tenant):
            await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[1], "dissatisfied", 0), a)
    assert err.value.code == "already_evaluated"
    bad = [
        (service.BallotIn(reps[0], world.members[1], "angry", 50), InvalidInput),
        (service.BallotIn(reps[0], world.members[1], "basic", 101), InvalidInput),
        (service.BallotIn(reps[0], world.others[0], "basic", 50), RuleViolation),
        (service.BallotIn(999999, world.members[1], "basic", 50), RuleViolation),
    ]
    for ballot, error in bad:
        with pytest.raises(error):
            async with tenant_scope(world.tenant):
                await service.cast_ballot(ev.id, ballot, a)
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot") == 1
        assert await conn().fetchval("SELECT count(*) FROM rep_evaluation_voter") == 1


async def assert_unlinkable(roll: str, box: str, box_columns: set[str], cast: int) -> None:
    """The catalog and the rows of a roll (who voted) and its box (the ballots): no way to join them,
    nor to order the ballots by when they were cast."""
    c = conn()
    rows = await c.fetch(
        "SELECT table_name, column_name, data_type, column_default FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name IN ($1, $2)",
        roll,
        box,
    )
    cols: dict[str, dict[str, tuple[str, str | None]]] = {}
    for r in rows:
        cols.setdefault(r["table_name"], {})[r["column_name"]] = (r["data_type"], r["column_default"])
    # the box: no voter, no time, no sequence
    assert set(cols[box]) == box_columns
    for name, (kind, default) in cols[box].items():
        assert "time" not in kind and "date" not in kind and "nextval" not in str(default or ""), name
    # the roll: a day at most, no sequence
    for name, (kind, default) in cols[roll].items():
        assert "timestamp" not in kind and "nextval" not in str(default or ""), name
    assert cols[box]["id"][0] == "uuid" and cols[roll]["id"][0] == "uuid"
    # no foreign key between them
    fks = await c.fetch(
        "SELECT conrelid::regclass::text AS t, confrelid::regclass::text AS r FROM pg_constraint "
        "WHERE contype = 'f' AND (conrelid::regclass::text LIKE '%' || $1 OR conrelid::regclass::text LIKE '%' || $2)",
        roll,
        box,
    )
    assert fks and all(not f["r"].endswith((box, roll)) for f in fks)
    # no shared id: the keys of one table are none of the other's
    ballots = {r["id"] for r in await c.fetch(f"SELECT id FROM {box}")}
    voters = {r["id"] for r in await c.fetch(f"SELECT id FROM {roll}")}
    assert len(ballots) == cast and len(voters) == cast and not ballots & voters
    # the key orders nothing: random UUIDs (version 4)
    assert all(str(i)[14] == "4" for i in ballots | voters)
    assert len({r["voted_on"] for r in await c.fetch(f"SELECT voted_on FROM {roll}")}) == 1


async def test_no_way_to_join_a_voter_to_a_ballot(world: World):
    reps = await elected(world)
    await _evaluate(world, reps[0], ["satisfied", "dissatisfied", "basic", "satisfied", "satisfied"])
    async with tenant_scope(world.tenant):
        await assert_unlinkable(
            "rep_evaluation_voter", "rep_ballot", {"id", "evaluation_id", "representative_id", "verdict", "score"}, 5
        )


async def test_no_way_to_join_a_voter_to_an_election_ballot(world: World):
    """Elections are by secret ballot (无记名投票) too: the same split, and the API's answers name
    no voter (a vote answers the election: candidates and counts only)."""
    reps = await elected(world)  # 12 votes, tallied (the round closed) and published
    async with tenant_scope(world.tenant):
        await assert_unlinkable(
            "rep_election_voter", "rep_election_ballot", {"id", "election_id", "round", "candidate_ids"}, 12
        )
        c = conn()
        for table in ("rep_election_ballot", "rep_election_voter"):  # the tally closed the round: shuffled
            stored = [r["id"] for r in await c.fetch(f"SELECT id FROM {table} ORDER BY ctid")]
            assert stored == sorted(stored), table
        page = await service.list_elections(actor=admin(world.tenant))
    answer = msgspec.json.decode(msgspec.json.encode(page.items))  # what GET /elections answers
    assert set(answer[0]) == {
        "id", "constituency_id", "kind", "seats", "held_on", "state", "round", "candidates", "runoff_ids",
        "enough_candidates", "electorate_size", "votes_cast", "constituency_name",
    }  # fmt: skip
    assert {k for c in answer[0]["candidates"] for k in c} == {
        "id", "member_id", "statement", "votes", "elected", "member_name"
    }  # fmt: skip
    assert answer[0]["votes_cast"] == 12 and len(reps) == 2


async def test_closing_leaves_no_row_in_cast_order(world: World):
    reps = await elected(world)
    verdicts = ["satisfied", "dissatisfied", "basic"] * 4
    ev = await _evaluate(world, reps[0], verdicts, minimum=1)
    async with tenant_scope(world.tenant):
        c = conn()
        await service.close_evaluation(ev.id, admin(world.tenant))
        for table in ("rep_ballot", "rep_evaluation_voter"):
            stored = [r["id"] for r in await c.fetch(f"SELECT id FROM {table} ORDER BY ctid")]
            assert stored == sorted(stored), table  # the random keys' order, not the casting's
            assert len(stored) == 11  # every constituent but the representative
