"""无记名投票 The secret ballot the evaluation (评估制) and the elections (竞选制, 职代会条例) share.

A vote is two rows in two tables that share nothing: the roll says who has voted (a random key,
the voter, the day, never a time) and its unique key makes the vote once, also when two race
(the second insert waits on the first's row, then is refused); the box holds the ballot (a random
key, what was chosen: no voter, no time, no sequence). Both are written in one transaction, so a
refused vote leaves no ballot. When voting closes, both tables are rewritten in the order of their
random keys, so neither keeps its rows in the order they were cast. Ballots are only ever read
aggregated."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from server.errors import Conflict
from server.infra.tenancy import conn
from server.messages import Msg
from server.modules.reps import messages as msg
from server.modules.reps.service.shared import today


@dataclass(frozen=True)
class BallotBox:
    roll: str  # who has voted
    box: str  # the ballots
    already: Msg  # the refusal of a second vote
    code: str


EVALUATION = BallotBox("rep_evaluation_voter", "rep_ballot", msg.ALREADY_EVALUATED, "already_evaluated")
ELECTION = BallotBox("rep_election_voter", "rep_election_ballot", msg.ALREADY_VOTED, "already_voted")


async def _insert(c: Any, table: str, values: dict[str, Any]) -> None:
    marks = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    await c.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", *values.values())


async def cast(ballots: BallotBox, voter: dict[str, Any], ballot: dict[str, Any]) -> None:
    """Record on the roll that `voter` (its columns: what is voted on and `member_id`) has voted,
    today, and drop `ballot` (what is voted on and the choice) in the box; a second vote is refused
    (409, `ballots.code`). Answers nothing: a ballot is never read back alone."""
    c = conn()
    try:
        async with c.transaction():
            await _insert(c, ballots.roll, {"id": uuid.uuid4(), **voter, "voted_on": today()})
            await _insert(c, ballots.box, {"id": uuid.uuid4(), **ballot})
    except asyncpg.UniqueViolationError:
        raise Conflict(ballots.already, code=ballots.code) from None


async def shuffle(ballots: BallotBox) -> None:
    """PostgreSQL keeps rows in the order they were written: rewrite the roll and the box in the
    order of their random keys, so neither holds its rows in cast order any longer."""
    c = conn()
    await c.execute(f"CLUSTER {ballots.box} USING {ballots.box}_pkey")
    await c.execute(f"CLUSTER {ballots.roll} USING {ballots.roll}_pkey")
