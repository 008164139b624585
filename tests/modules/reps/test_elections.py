"""竞选制: 1:2 before voting opens, one vote per voter (also racing), the tally with a runoff."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from server.platform.roles import Actor, Role
from tests.conftest import blocking_another
from tests.modules.reps.conftest import World, admin, elected, officer


async def _election(w: World, candidates: int) -> service.ElectionOut:
    a = admin(w.tenant)
    async with tenant_scope(w.tenant):
        e = await service.open_election(service.ElectionIn(w.constituency, dt.date(2017, 3, 1)), a)
        for m in w.members[:candidates]:
            e = await service.add_candidate(e.id, service.CandidateIn(m, "竞选演说"), a)
    return e


async def test_voting_cannot_open_below_two_candidates_per_seat(world: World):
    e = await _election(world, 3)
    a = admin(world.tenant)
    assert not e.enough_candidates
    with pytest.raises(RuleViolation) as err:
        async with tenant_scope(world.tenant):
            await service.open_voting(e.id, a)
    assert err.value.code == "too_few_candidates"
    async with tenant_scope(world.tenant):
        assert (await service.get_election(e.id, a)).state == "nominating"
        e = await service.add_candidate(e.id, service.CandidateIn(world.members[3], ""), a)
        assert e.enough_candidates
        opened = await service.open_voting(e.id, a)
    assert opened.state == "open" and opened.electorate_size == 12


async def test_candidates_are_checked(world: World):
    e = await _election(world, 0)
    a = admin(world.tenant)
    for member in (world.others[0], 999999):  # another workshop, no such member
        with pytest.raises(InvalidInput):
            async with tenant_scope(world.tenant):
                await service.add_candidate(e.id, service.CandidateIn(member, ""), a)
    async with tenant_scope(world.tenant):
        await service.add_candidate(e.id, service.CandidateIn(world.members[0], ""), a)
    with pytest.raises(InvalidInput):
        async with tenant_scope(world.tenant):
            await service.add_candidate(e.id, service.CandidateIn(world.members[0], ""), a)


async def test_one_vote_per_voter_also_when_two_race(world: World):
    e = await _election(world, 4)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        await service.open_voting(e.id, a)
    cands = [c.id for c in e.candidates]

    async def vote(choice: list[int]) -> str:
        try:
            async with tenant_scope(world.tenant):
                await service.cast_vote(e.id, service.VoteIn(world.members[5], choice), a)
                await blocking_another()  # the other waits on this insert before either commits
            return "ok"
        except Conflict as exc:
            return exc.code

    outcomes = await asyncio.gather(vote(cands[:2]), vote(cands[2:]))
    assert sorted(outcomes) == ["already_voted", "ok"]
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_election_voter WHERE election_id = $1", e.id) == 1
        assert await conn().fetchval("SELECT count(*) FROM rep_election_ballot WHERE election_id = $1", e.id) == 1
    # bad input changes nothing: too many choices, a stranger, not a candidate
    for voter, choice in ((world.members[6], cands[:3]), (world.others[0], cands[:1]), (world.members[6], [0])):
        with pytest.raises((InvalidInput, RuleViolation)):
            async with tenant_scope(world.tenant):
                await service.cast_vote(e.id, service.VoteIn(voter, choice), a)
    async with tenant_scope(world.tenant):
        assert (await service.get_election(e.id, a)).votes_cast == 1


async def test_tally_with_a_runoff_for_a_tie_at_the_last_seat(world: World):
    e = await _election(world, 4)
    a = admin(world.tenant)
    c = [x.id for x in e.candidates]
    async with tenant_scope(world.tenant):
        await service.open_voting(e.id, a)
        # c0: 6, c1: 3, c2: 3, c3: 0 -> c0 elected, c1/c2 tie at the last seat
        for i, voter in enumerate(world.members[:6]):
            await service.cast_vote(e.id, service.VoteIn(voter, [c[0], c[1] if i < 3 else c[2]]), a)
        out = await service.tally(e.id, a)
        assert out.state == "runoff" and out.round == 2 and out.runoff_ids == sorted([c[1], c[2]])
        assert [x.elected for x in out.candidates] == [True, False, False, False]
        with pytest.raises(InvalidInput):  # one seat left: one choice, among the tied
            await service.cast_vote(e.id, service.VoteIn(world.members[0], [c[1], c[2]]), a)
    async with tenant_scope(world.tenant):
        for voter in world.members[:3]:
            await service.cast_vote(e.id, service.VoteIn(voter, [c[2]]), a)
        out = await service.tally(e.id, a)
        assert out.state == "tallied"
        assert [x.elected for x in out.candidates] == [True, False, True, False]
        out = await service.publish(e.id, a)
        roll = await service.list_representatives(world.congress, actor=a)
    assert out.state == "published"
    assert sorted(r.member_id for r in roll.items) == sorted([world.members[0], world.members[2]])
    assert all(r.ends_on == dt.date(2021, 12, 31) for r in roll.items)


async def test_officer_outside_the_subtree_and_another_tenant(world: World, make_tenant):
    reps = await elected(world)
    stranger = officer(world.tenant, world.outsider)
    with pytest.raises(Forbidden) as err:
        async with tenant_scope(world.tenant):
            await service.get_representative(reps[0], stranger)
    assert err.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        mine = await service.get_representative(reps[0], officer(world.tenant, world.unit))
    assert mine.state == "seated"
    other = await make_tenant()
    with pytest.raises(Exception) as err:
        async with tenant_scope(other.slug):
            await service.get_congress(world.congress, admin(other.slug))
    assert getattr(err.value, "code", None) == "not_found"


async def test_writes_outside_the_subtree_or_by_a_worker_change_nothing(world: World):
    reps = await elected(world)
    stranger = officer(world.tenant, world.outsider)
    worker = Actor(account_id=None, name="职工", role=Role.worker, tenant=world.tenant, member_id=world.members[0])
    for actor, code in ((stranger, "outside_subtree"), (worker, "role_forbidden")):
        with pytest.raises(Forbidden) as err:
            async with tenant_scope(world.tenant):
                await service.open_election(service.ElectionIn(world.constituency, dt.date(2017, 9, 1)), actor)
        assert err.value.code == code
        with pytest.raises(Forbidden):
            async with tenant_scope(world.tenant):
                await service.file_proposal(service.ProposalIn(reps[0], "提案"), actor)
        with pytest.raises(Forbidden):
            async with tenant_scope(world.tenant):
                await service.log_duty(reps[0], service.DutyIn("visit", dt.date(2017, 9, 1), 30), actor)
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_election") == 1
        assert await conn().fetchval("SELECT count(*) FROM rep_proposal") == 0
        assert await conn().fetchval("SELECT count(*) FROM rep_duty") == 0


async def test_the_electorate_is_the_roll_at_the_election_date(world: World):
    """A member who joined after the election date cannot vote; one who moved to another workshop
    after it, or left, still can: the roll is read from orgs' dated placements."""
    from server.modules.orgs import service as orgs
    from tests.modules.orgs.factories import make_member

    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        late = (await make_member(world.workshops[0], name="新职工", joined_on=dt.date(2017, 5, 1), level=3)).id
        await orgs.transfer_member(world.members[11], world.workshops[1], on=dt.date(2017, 6, 1))
        await orgs.update_member(world.members[10], orgs.MemberPatch(left_on=dt.date(2017, 7, 1)))
        now = await orgs.member_ids_in([world.workshops[0]])
        assert world.members[11] not in now and world.members[10] not in now and late in now
        assert await orgs.member_ids_in([world.workshops[0]], as_of=dt.date(2017, 3, 1)) == sorted(world.members)
    e = await _election(world, 4)
    cands = [c.id for c in e.candidates]
    with pytest.raises(InvalidInput):  # he cannot stand: he was not in the constituency that day
        async with tenant_scope(world.tenant):
            await service.add_candidate(e.id, service.CandidateIn(late, ""), a)
    async with tenant_scope(world.tenant):
        opened = await service.open_voting(e.id, a)
        assert opened.electorate_size == 12
        with pytest.raises(RuleViolation) as err:
            await service.cast_vote(e.id, service.VoteIn(late, cands[:1]), a)
        assert err.value.code == "not_a_constituent"
    async with tenant_scope(world.tenant):
        await service.cast_vote(e.id, service.VoteIn(world.members[11], cands[:1]), a)
        out = await service.cast_vote(e.id, service.VoteIn(world.members[10], cands[1:2]), a)
    assert out.votes_cast == 2


async def _tallied(w: World) -> int:
    """An election for the constituency's 2 seats, voted and tallied (not published)."""
    a = admin(w.tenant)
    e = await _election(w, 4)
    async with tenant_scope(w.tenant):
        await service.open_voting(e.id, a)
        for voter in w.members[4:8]:
            await service.cast_vote(e.id, service.VoteIn(voter, [e.candidates[0].id, e.candidates[1].id]), a)
        assert (await service.tally(e.id, a)).state == "tallied"
    return e.id


async def test_an_election_fills_only_the_vacant_seats(world: World):
    """Both seats held: a second regular election is refused naming `seats`; a recall frees a seat
    and a by-election for it is opened."""
    reps = await elected(world)
    a = admin(world.tenant)
    with pytest.raises(InvalidInput) as err:
        async with tenant_scope(world.tenant):
            await service.open_election(service.ElectionIn(world.constituency, dt.date(2017, 9, 1)), a)
    assert [e.field for e in err.value.errors] == ["seats"]
    async with tenant_scope(world.tenant):
        ev = await service.open_evaluation(service.EvaluationIn(world.constituency, dt.date(2017, 11, 1), 1), a)
        await service.cast_ballot(ev.id, service.BallotIn(reps[0], world.members[6], "dissatisfied", 10), a)
        closed = await service.close_evaluation(ev.id, a)
        by = await service.get_election(closed.by_election_id or 0, a)
    assert by.seats == 1
    with pytest.raises(InvalidInput):  # one seat vacant: an election for two is refused
        async with tenant_scope(world.tenant):
            await service.open_election(service.ElectionIn(world.constituency, dt.date(2017, 12, 1), seats=2), a)


async def test_two_publishes_racing_never_seat_more_than_the_seats(world: World):
    """Two regular elections for the same 2 seats, both tallied: published at once, one seats its
    two, the other is refused 409 `no_free_seats` and seats nobody."""
    first, second = await _tallied(world), await _tallied(world)
    a = admin(world.tenant)

    async def publishing(eid: int, hold: bool) -> str:
        try:
            async with tenant_scope(world.tenant):
                await service.publish(eid, a)
                if hold:
                    await blocking_another()  # the other waits on the constituency before either commits
            return "published"
        except Conflict as exc:
            return exc.code

    results = await asyncio.gather(publishing(first, True), publishing(second, False))
    assert sorted(results) == ["no_free_seats", "published"]
    async with tenant_scope(world.tenant):
        n = await conn().fetchval(
            "SELECT count(*) FROM rep_representative WHERE constituency_id = $1", world.constituency
        )
    assert n == 2
