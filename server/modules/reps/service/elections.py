"""竞选制 Elections: candidates checked against the unit's published conditions, voting opened only
at 1:2 (差额选举), a secret ballot (无记名投票, `secret`: who voted and what they chose in two
tables that share nothing), one vote per voter (a database constraint), the tally with a runoff for a tie
at the last seat, and publication, which seats the elected for the congress term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import Id, LongText, SmallCount
from server.modules.core import service as activity
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.reps import messages as msg
from server.modules.reps.service import secret
from server.modules.reps.service.congress import electorate
from server.modules.reps.service.shared import check_unit, constituency_row, text
from server.platform.roles import SYSTEM, Actor


class ElectionIn(msgspec.Struct, forbid_unknown_fields=True):
    constituency_id: Id
    held_on: dt.date
    seats: SmallCount | None = None  # the constituency's seats unless given (a by-election fills fewer)


class CandidateIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id
    statement: LongText = ""  # 竞选演说


class CandidateOut(msgspec.Struct):
    id: int
    member_id: int
    statement: str
    votes: int
    elected: bool
    member_name: str = ""  # the member's name (orgs)


class ElectionOut(msgspec.Struct):
    id: int
    constituency_id: int
    kind: str
    seats: int
    held_on: dt.date
    state: str
    round: int
    candidates: list[CandidateOut]
    runoff_ids: list[int]
    enough_candidates: bool  # the 1:2 check
    electorate_size: int
    votes_cast: int
    constituency_name: str = ""


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    voter_id: Id
    candidate_ids: list[Id]


async def election_row(election_id: int, *, lock: bool = False, share: bool = False) -> dict[str, Any]:
    """The election; `lock`: for a change of its state; `share`: for a vote, so the count waits for
    the votes being cast and a vote after the count sees the round closed."""
    mode = " FOR UPDATE OF e" if lock else " FOR SHARE OF e" if share else ""
    row = await conn().fetchrow(
        "SELECT e.*, s.org_id AS constituency_org, s.congress_id, s.name AS constituency_name, "
        "c.org_id AS unit_id, c.min_level, "
        "c.starts_on AS term_starts, c.ends_on AS term_ends "
        "FROM rep_election e JOIN rep_constituency s ON s.id = e.constituency_id "
        "JOIN rep_congress c ON c.id = s.congress_id WHERE e.id = $1" + mode,
        election_id,
    )
    if row is None:
        raise NotFound(msg.ELECTION_NOT_FOUND, code="not_found", key=election_id)
    return dict(row)


async def _out(election_id: int) -> ElectionOut:
    e = await election_row(election_id)
    c = conn()
    cands = await c.fetch("SELECT * FROM rep_candidate WHERE election_id = $1 ORDER BY id", election_id)
    names = await orgs.get_members([r["member_id"] for r in cands])
    cast = await c.fetchval(
        "SELECT count(*) FROM rep_election_voter WHERE election_id = $1 AND round = $2", election_id, e["round"]
    )
    return ElectionOut(
        e["id"],
        e["constituency_id"],
        e["kind"],
        e["seats"],
        e["held_on"],
        e["state"],
        e["round"],
        [
            CandidateOut(
                r["id"],
                r["member_id"],
                r["statement"],
                r["votes"],
                r["elected"],
                names[r["member_id"]].name if r["member_id"] in names else "",
            )
            for r in cands
        ],
        list(e["runoff_ids"] or []),
        len(cands) >= 2 * e["seats"],
        len(e["electorate"] or []),
        int(cast),
        e["constituency_name"],
    )


async def seated(constituency_id: int) -> int:
    """The constituency's seats held now (a recalled representative's seat is vacant)."""
    return int(
        await conn().fetchval(
            "SELECT count(*) FROM rep_representative WHERE constituency_id = $1 AND state = 'seated'",
            constituency_id,
        )
    )


async def open_election(data: ElectionIn, actor: Actor = SYSTEM, *, kind: str = "regular") -> ElectionOut:
    s = await constituency_row(data.constituency_id)
    await check_unit(actor, s["unit_id"])
    free = s["seats"] - await seated(data.constituency_id)
    seats = free if data.seats is None else data.seats
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise InvalidInput(FieldError("seats", msg.WHOLE_AT_LEAST, low=1))
    if seats > free:  # a regular election where the seats are held; a by-election fills the vacant ones
        raise InvalidInput(FieldError("seats", msg.SEATS_NOT_FREE, seats=s["seats"], free=max(free, 0)))
    eid = await conn().fetchval(
        "INSERT INTO rep_election (constituency_id, kind, seats, held_on, state, round, runoff_ids, electorate, "
        "created_at) VALUES ($1, $2, $3, $4, 'nominating', 1, '{}', '{}', now()) RETURNING id",
        data.constituency_id,
        kind,
        seats,
        data.held_on,
    )
    await activity.record("reps.election.opened", f"election:{eid}", {"kind": kind}, actor)
    return await _out(eid)


async def get_election(election_id: int, actor: Actor = SYSTEM) -> ElectionOut:
    e = await election_row(election_id)
    await check_unit(actor, e["unit_id"])
    return await _out(election_id)


async def list_elections(
    *, actor: Actor = SYSTEM, state: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ElectionOut]:
    visible = await access.visible_org_ids(actor)
    rows, nxt = await keyset_sql(
        "SELECT e.id FROM rep_election e JOIN rep_constituency s ON s.id = e.constituency_id "
        "JOIN rep_congress c ON c.id = s.congress_id "
        "WHERE ($1::int[] IS NULL OR c.org_id = ANY($1)) AND ($2::text IS NULL OR e.state = $2)",
        visible,
        state,
        limit=limit,
        cursor=cursor,
    )
    return Page([await _out(r["id"]) for r in rows], nxt)


async def add_candidate(election_id: int, data: CandidateIn, actor: Actor = SYSTEM) -> ElectionOut:
    """A candidate: a member of the constituency meeting the unit's published conditions."""
    e = await election_row(election_id, lock=True)
    await check_unit(actor, e["unit_id"])
    if e["state"] != "nominating":
        raise RuleViolation(msg.NOT_NOMINATING, code="not_nominating", election=election_id)
    errors: list[FieldError] = []
    statement = text(data.statement, "statement", errors, 5000, empty=True)
    member = (await orgs.get_members([data.member_id])).get(data.member_id)
    if member is None:
        errors.append(FieldError("member_id", msg.NO_SUCH_MEMBER, member=data.member_id))
    else:
        roll = await electorate({"org_id": e["constituency_org"]}, e["held_on"])
        if data.member_id not in roll:
            errors.append(FieldError("member_id", msg.NOT_IN_CONSTITUENCY, member=data.member_id))
        elif e["min_level"] is not None and (member.level is None or member.level > e["min_level"]):
            errors.append(FieldError("member_id", msg.CONDITION_LEVEL, level=e["min_level"]))
    if errors:
        raise InvalidInput(errors)
    try:
        await conn().execute(
            "INSERT INTO rep_candidate (election_id, member_id, statement, votes, elected) VALUES ($1, $2, $3, 0, false)",
            election_id,
            data.member_id,
            statement,
        )
    except asyncpg.UniqueViolationError:
        raise InvalidInput(FieldError("member_id", msg.ALREADY_CANDIDATE, member=data.member_id)) from None
    await activity.record(
        "reps.election.candidate_added", f"election:{election_id}", {"member_id": data.member_id}, actor
    )
    return await _out(election_id)


async def open_voting(election_id: int, actor: Actor = SYSTEM) -> ElectionOut:
    """Voting opens only with at least twice as many candidates as seats (1:2, 差额选举); the
    electorate is the constituency's members on the roll at the election date."""
    e = await election_row(election_id, lock=True)
    await check_unit(actor, e["unit_id"])
    if e["state"] != "nominating":
        raise RuleViolation(msg.NOT_NOMINATING, code="not_nominating", election=election_id)
    c = conn()
    n = await c.fetchval("SELECT count(*) FROM rep_candidate WHERE election_id = $1", election_id)
    if n < 2 * e["seats"]:
        raise RuleViolation(msg.TOO_FEW_CANDIDATES, code="too_few_candidates", seats=e["seats"], candidates=n)
    roll = await electorate({"org_id": e["constituency_org"]}, e["held_on"])
    await c.execute("UPDATE rep_election SET state = 'open', electorate = $2 WHERE id = $1", election_id, roll)
    await activity.record("reps.election.voting_opened", f"election:{election_id}", {}, actor)
    return await _out(election_id)


async def cast_vote(election_id: int, data: VoteIn, actor: Actor = SYSTEM) -> ElectionOut:
    """A vote entered by a teller: one per voter and round, for at most as many candidates as seats
    to fill; a second vote is refused by the database's unique key (`rep_election_voter_once`),
    also when two race."""
    e = await election_row(election_id, share=True)
    await check_unit(actor, e["unit_id"])
    return await vote(e, data, teller=True)


async def vote(e: dict[str, Any], data: VoteIn, *, teller: bool) -> ElectionOut:
    """A secret ballot (无记名投票, `secret`): the roll records that the voter voted, the box what
    they chose, and nothing joins the two."""
    election_id = e["id"]
    if e["state"] not in ("open", "runoff"):
        raise RuleViolation(msg.NOT_OPEN, code="not_open", election=election_id)
    if data.voter_id not in (e["electorate"] or []):
        raise RuleViolation(msg.NOT_A_CONSTITUENT, code="not_a_constituent", member=data.voter_id)
    c = conn()
    cands = await c.fetch("SELECT id, elected FROM rep_candidate WHERE election_id = $1", election_id)
    if e["state"] == "runoff":
        eligible = set(e["runoff_ids"])
        seats = e["seats"] - sum(1 for r in cands if r["elected"])
    else:
        eligible = {r["id"] for r in cands}
        seats = e["seats"]
    errors: list[FieldError] = []
    chosen = list(dict.fromkeys(data.candidate_ids))
    if not chosen:
        errors.append(FieldError("candidate_ids", msg.NO_CHOICE))
    if len(chosen) > seats:
        errors.append(FieldError("candidate_ids", msg.TOO_MANY_CHOICES, seats=seats))
    for cid in chosen:
        if cid not in eligible:
            errors.append(FieldError("candidate_ids", msg.NOT_A_CANDIDATE, candidate=cid))
    if errors:
        raise InvalidInput(errors)
    await secret.cast(
        secret.ELECTION,
        {"election_id": election_id, "round": e["round"], "member_id": data.voter_id, "by_teller": teller},
        {"election_id": election_id, "round": e["round"], "candidate_ids": chosen},
    )
    return await _out(election_id)


async def tally(election_id: int, actor: Actor = SYSTEM) -> ElectionOut:
    """Count the round: the most-voted are elected; a tie at the last seat goes to a runoff among
    the tied (a new round, the same electorate)."""
    e = await election_row(election_id, lock=True)
    await check_unit(actor, e["unit_id"])
    if e["state"] not in ("open", "runoff"):
        raise RuleViolation(msg.NOT_OPEN, code="not_open", election=election_id)
    c = conn()
    counts = await c.fetch(
        "SELECT k.id, k.elected, (SELECT count(*) FROM rep_election_ballot b WHERE b.election_id = $1 "
        "AND b.round = $2 AND k.id = ANY(b.candidate_ids))::int AS n FROM rep_candidate k WHERE k.election_id = $1",
        election_id,
        e["round"],
    )
    if e["state"] == "runoff":
        pool = [r for r in counts if r["id"] in set(e["runoff_ids"])]
        seats = e["seats"] - sum(1 for r in counts if r["elected"])
    else:
        pool = list(counts)
        seats = e["seats"]
        await c.executemany("UPDATE rep_candidate SET votes = $2 WHERE id = $1", [(r["id"], r["n"]) for r in counts])
    ranked = sorted(pool, key=lambda r: -r["n"])
    last = ranked[seats - 1]["n"]
    above = [r["id"] for r in ranked if r["n"] > last]
    at_edge = [r["id"] for r in ranked if r["n"] == last]
    if len(above) + len(at_edge) > seats:
        await c.execute("UPDATE rep_candidate SET elected = true WHERE id = ANY($1)", above)
        await c.execute(
            "UPDATE rep_election SET state = 'runoff', round = round + 1, runoff_ids = $2 WHERE id = $1",
            election_id,
            sorted(at_edge),
        )
    else:
        await c.execute("UPDATE rep_candidate SET elected = true WHERE id = ANY($1)", above + at_edge)
        await c.execute("UPDATE rep_election SET state = 'tallied', runoff_ids = '{}' WHERE id = $1", election_id)
    await secret.shuffle(secret.ELECTION)  # the round is closed: no row stays in cast order
    await activity.record("reps.election.tallied", f"election:{election_id}", {}, actor)
    return await _out(election_id)


async def publish(election_id: int, actor: Actor = SYSTEM) -> ElectionOut:
    """Publish the result: the elected take their seats, for the congress term (常任制)."""
    e = await election_row(election_id, lock=True)
    await check_unit(actor, e["unit_id"])
    if e["state"] != "tallied":
        raise RuleViolation(msg.NOT_TALLIED, code="not_tallied", election=election_id)
    c = conn()
    # the constituency is held until commit: two publishes in it run one after the other, and the
    # second counts the seats the first filled (NO KEY UPDATE: seating and by-elections still go on)
    total = await c.fetchval("SELECT seats FROM rep_constituency WHERE id = $1 FOR NO KEY UPDATE", e["constituency_id"])
    free = total - await seated(e["constituency_id"])
    winners = await c.fetchval("SELECT count(*) FROM rep_candidate WHERE election_id = $1 AND elected", election_id)
    if winners > free:
        raise Conflict(
            msg.NO_FREE_SEATS, code="no_free_seats", election=election_id, elected=winners, free=max(free, 0)
        )
    starts = e["held_on"] if e["kind"] == "by_election" else e["term_starts"]
    await c.execute(
        "INSERT INTO rep_representative (congress_id, constituency_id, election_id, member_id, starts_on, ends_on, "
        "state, left_reason) SELECT $2, $3, $1, member_id, $4, $5, 'seated', '' FROM rep_candidate "
        "WHERE election_id = $1 AND elected",
        election_id,
        e["congress_id"],
        e["constituency_id"],
        max(starts, e["term_starts"]),
        e["term_ends"],
    )
    await c.execute("UPDATE rep_election SET state = 'published', published_at = now() WHERE id = $1", election_id)
    await activity.record("reps.election.published", f"election:{election_id}", {}, actor)
    return await _out(election_id)
