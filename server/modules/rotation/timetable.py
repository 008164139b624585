"""The fair roster's pure core: lay a period out in slots of equal length (to the day).

`lay_out` gets the days of a period (every day, or only the working days when the tenant asks for
official holidays to be respected) and the number of chairs and rounds. Each chair gets the same
number of days, give or take one: the remainder goes one day each to the first chairs of the
order, never two to one chair; each chair's days are split evenly over its rounds. A slot starts
on its first counted day and runs to the day before the next slot starts (holidays between two
working days belong to the slot before), so the slots cover the period without gaps or overlaps.
No I/O: `server.modules.rotation.service.roster` feeds it and writes what it answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    chair: int  # the index of the chair in the order given
    round: int
    starts_on: dt.date
    ends_on: dt.date
    counted_days: int  # the days that made its length (working days when holidays are respected)


def shares(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole shares differing by at most one, the larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def lay_out(
    starts_on: dt.date,
    ends_on: dt.date,
    chairs: int,
    rounds: int = 1,
    counts: Callable[[dt.date], bool] = lambda day: True,
) -> list[Turn]:
    """The turns of `chairs` chairs over [starts_on, ends_on], `rounds` times round, in order
    (round 0 chair 0, round 0 chair 1, ...). `counts(day)` says whether a day counts towards a
    length (a working day). Raises ValueError when there are fewer counted days than turns."""
    if chairs < 1 or rounds < 1 or ends_on < starts_on:
        raise ValueError("nothing to lay out")
    days = [starts_on + dt.timedelta(days=n) for n in range((ends_on - starts_on).days + 1)]
    counted = [d for d in days if counts(d)]
    if len(counted) < chairs * rounds:
        raise ValueError("fewer days than turns")
    per_round = [shares(total, rounds) for total in shares(len(counted), chairs)]
    lengths = [(c, r, per_round[c][r]) for r in range(rounds) for c in range(chairs)]
    turns: list[Turn] = []
    at = 0
    for i, (chair, rnd, length) in enumerate(lengths):
        first = starts_on if i == 0 else counted[at]
        at += length
        last = ends_on if i == len(lengths) - 1 else counted[at] - dt.timedelta(days=1)
        turns.append(Turn(chair, rnd, first, last, length))
    return turns
