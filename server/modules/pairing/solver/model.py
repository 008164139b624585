"""The solver's plain data: what goes in (masters, apprentices, rules, locks) and what comes
out (pairs and unpaired apprentices with their reasons, master loads, the totals)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

# Vocational qualification levels (职业资格等级): 1 is the highest.
LEVELS: dict[int, tuple[str, str]] = {
    1: ("高级技师", "senior technician"),
    2: ("技师", "technician"),
    3: ("高级工", "senior worker"),
    4: ("中级工", "intermediate worker"),
    5: ("初级工", "junior worker"),
}
# An apprentice with no certificate yet ranks below 初级工.
UNCERTIFIED = 6
# Keys that order pairs from one side's point of view: preference first, then cost.


def level_name(level: int | None) -> tuple[str, str]:
    if level is None or level >= UNCERTIFIED:
        return ("未定级", "uncertified")
    return LEVELS.get(level, (f"{level}级", f"level {level}"))


# --- input ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MasterIn:
    """A master (技术能手): a member with a trade, a level and a capacity."""

    id: int
    trade: str | None
    level: int | None
    org_id: int
    capacity: int


@dataclass(frozen=True, slots=True)
class ApprenticeIn:
    """An apprentice (青年工人); `preferences` ranks master ids, best first (optional)."""

    id: int
    trade: str | None
    level: int | None
    org_id: int
    preferences: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Weights:
    """Integer costs of the soft rules (the solver minimises their sum)."""

    other_enterprise: int = 100  # master and apprentice in different enterprise unions
    per_org_step: int = 10  # each edge between their orgs in the org tree
    per_extra_level: int = 5  # each level of gap beyond the minimum
    compatible_trade: int = 50  # a compatible trade rather than the same one
    other_trade: int = 300  # any other trade, when the same trade is not required
    per_preference_rank: int = 20  # the apprentice's 2nd choice costs 20, 3rd 40, ...
    not_preferred: int = 200  # a master the apprentice did not list (when they listed some)


@dataclass(frozen=True, slots=True)
class Rules:
    same_trade_required: bool = True
    # Pairs of trades a tenant treats as compatible (e.g. 焊工 ~ 电焊工); symmetric.
    compatible_trades: Collection[tuple[str, str]] = ()
    same_enterprise_preferred: bool = True
    # apprentice level − master level must be at least this (1 高级技师 … 5 初级工).
    min_level_gap: int = 1
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True, slots=True)
class Problem:
    masters: Sequence[MasterIn]
    apprentices: Sequence[ApprenticeIn]
    rules: Rules = field(default_factory=Rules)
    # The org tree (child → parent, root → None) for the distance between orgs.
    org_parent: Mapping[int, int | None] = field(default_factory=dict)
    # (master id, apprentice id) pairs an officer fixed or ruled out.
    locks: Collection[tuple[int, int]] = ()
    forbidden: Collection[tuple[int, int]] = ()


# --- output --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    zh: str
    en: str


@dataclass(slots=True)
class Pair:
    master_id: int
    apprentice_id: int
    cost: int
    locked: bool
    reasons: list[Reason]


@dataclass(slots=True)
class Unpaired:
    apprentice_id: int
    code: str
    reasons: list[Reason]
    eligible_masters: int = 0


@dataclass(slots=True)
class MasterLoad:
    master_id: int
    capacity: int
    used: int


@dataclass(slots=True)
class Solution:
    pairs: list[Pair]
    unpaired: list[Unpaired]
    masters: list[MasterLoad]
    cost: int
    # Master and apprentice (neither locked) who both prefer each other to what they got.
    blocking_pairs: int
    optimal: bool
    warnings: list[Reason]
    solve_seconds: float
    components: int

    @property
    def pair_count(self) -> int:
        return len(self.pairs)


class ProblemError(ValueError):
    """The input contradicts itself (duplicate ids, a lock on an unknown member, ...)."""
