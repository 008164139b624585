"""Explaining a solution: why each pair was chosen, why each unpaired apprentice waits, each
master's load, and how many blocking pairs the optimum leaves."""

from __future__ import annotations

import time

import numpy as np

from server.modules.pairing.solver.cost import _norm_trade, base_cost, level_gap_ok, pair_cost, trade_relation
from server.modules.pairing.solver.graph import _Prepared
from server.modules.pairing.solver.model import (
    UNCERTIFIED,
    ApprenticeIn,
    MasterIn,
    MasterLoad,
    Pair,
    Reason,
    Solution,
    Unpaired,
    level_name,
)

# Keys that order pairs from one side's point of view: preference first, then cost.
_PREF_SHIFT = 1 << 32
_NO_PAIR = np.iinfo(np.int64).max


def _ordinal_zh(n: int) -> str:
    return f"第{n}"


def _ordinal_en(n: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")
    return f"{n}{suffix}"


def _pair_reasons(
    prep: _Prepared, m: MasterIn, a: ApprenticeIn, *, locked: bool, alternatives: int, cheapest: int | None, cost: int
) -> list[Reason]:
    rules = prep.problem.rules
    reasons: list[Reason] = []
    if locked:
        reasons.append(Reason("locked", "由工会干部锁定", "locked by an officer"))
    relation = trade_relation(rules, prep.compat, m.trade, a.trade)
    if relation == "same":
        reasons.append(Reason("same_trade", f"同工种：{m.trade}", f"same trade: {m.trade}"))
    elif relation == "compatible":
        reasons.append(
            Reason("compatible_trade", f"相近工种：{m.trade} ↔ {a.trade}", f"compatible trades: {m.trade} ↔ {a.trade}")
        )
    else:
        reasons.append(
            Reason(
                "other_trade",
                f"工种不同：{m.trade or '—'} / {a.trade or '—'}",
                f"different trades: {m.trade or '—'} / {a.trade or '—'}",
            )
        )
    if m.org_id == a.org_id:
        reasons.append(Reason("same_enterprise", "同一企业工会", "same enterprise union"))
    else:
        d = prep.tree.distance(m.org_id, a.org_id)
        reasons.append(
            Reason(
                "other_enterprise",
                f"不同企业，组织树距离 {d}",
                f"different enterprise, {d} steps apart in the org tree",
            )
        )
    mz, me = level_name(m.level)
    az, ae = level_name(a.level)
    gap = (a.level or UNCERTIFIED) - m.level if m.level is not None else None
    if gap is None:
        reasons.append(
            Reason("level_unknown", f"师傅等级未登记；徒弟 {az}", f"master's level not recorded; apprentice {ae}")
        )
    else:
        reasons.append(
            Reason(
                "level_gap",
                f"师傅 {mz} 带 {az}，相差 {gap} 级（至少 {rules.min_level_gap}）",
                f"master: {me}, apprentice: {ae}; {gap} level(s) apart (minimum {rules.min_level_gap})",
            )
        )
    if a.preferences:
        if m.id in a.preferences:
            n = a.preferences.index(m.id) + 1
            reasons.append(
                Reason("preferred", f"徒弟的{_ordinal_zh(n)}志愿", f"the apprentice's {_ordinal_en(n)} choice")
            )
        else:
            reasons.append(Reason("not_preferred", "不在徒弟的志愿中", "not among the apprentice's choices"))
    if not locked:
        if cheapest is not None and cost > cheapest:
            reasons.append(
                Reason(
                    "trade_off",
                    f"更合适的师傅已带其他徒弟，这样总体配对更多或更优（{alternatives} 位可选师傅）",
                    f"a better-suited master is teaching others so that more or better pairs form overall "
                    f"({alternatives} eligible masters)",
                )
            )
        else:
            reasons.append(
                Reason(
                    "best_fit",
                    f"在 {alternatives} 位可选师傅中最合适",
                    f"the best fit among {alternatives} eligible master(s)",
                )
            )
    return reasons


def _explain(prep: _Prepared, chosen: np.ndarray, optimal: bool, started: float) -> Solution:
    problem, arcs = prep.problem, prep.arcs
    masters, apprentices = prep.masters, prep.apprentices
    nm, na = len(masters), len(apprentices)
    cost = arcs.cost
    solve_seconds = time.perf_counter() - started

    # Per apprentice: how many masters were allowed, and the cheapest of them.
    n_arcs = np.bincount(arcs.a, minlength=na) if len(arcs.a) else np.zeros(na, dtype=np.int64)
    cheapest = np.full(na, _NO_PAIR, dtype=np.int64)
    if len(arcs.a):
        np.minimum.at(cheapest, arcs.a, cost)

    assigned_m = np.full(na, -1, dtype=np.int64)
    pair_cost_of = np.zeros(na, dtype=np.int64)
    base_of = np.full(na, _NO_PAIR, dtype=np.int64)
    pref_of = np.zeros(na, dtype=np.int64)
    sel = np.nonzero(chosen)[0]
    assigned_m[arcs.a[sel]] = arcs.m[sel]
    pair_cost_of[arcs.a[sel]] = cost[sel]
    base_of[arcs.a[sel]] = arcs.base[sel]
    pref_of[arcs.a[sel]] = arcs.pref[sel]
    used = np.zeros(nm, dtype=np.int64)
    np.add.at(used, arcs.m[sel], 1)

    pairs: list[Pair] = []
    total = 0
    for ai, mi in sorted(prep.locked_master.items()):
        m, a = masters[mi], apprentices[ai]
        c = pair_cost(problem, m, a, tree=prep.tree, compat=prep.compat)
        base_of[ai] = base_cost(problem, m, a, tree=prep.tree, compat=prep.compat)
        pref_of[ai] = c - int(base_of[ai])
        used[mi] += 1
        total += c
        pairs.append(
            Pair(
                m.id,
                a.id,
                c,
                True,
                _pair_reasons(prep, m, a, locked=True, alternatives=int(n_arcs[ai]), cheapest=None, cost=c),
            )
        )
    for ai in np.nonzero(assigned_m >= 0)[0].tolist():
        mi = int(assigned_m[ai])
        m, a = masters[mi], apprentices[ai]
        c = int(pair_cost_of[ai])
        total += c
        pairs.append(
            Pair(
                m.id,
                a.id,
                c,
                False,
                _pair_reasons(
                    prep, m, a, locked=False, alternatives=int(n_arcs[ai]), cheapest=int(cheapest[ai]), cost=c
                ),
            )
        )

    unpaired = [
        _why_unpaired(prep, ai, int(n_arcs[ai]))
        for ai in range(na)
        if assigned_m[ai] < 0 and ai not in prep.locked_master
    ]

    blocking = _blocking_pairs(prep, chosen, assigned_m, base_of, pref_of, used)
    loads = [MasterLoad(m.id, m.capacity, int(used[i])) for i, m in enumerate(masters)]
    return Solution(
        pairs=pairs,
        unpaired=unpaired,
        masters=loads,
        cost=total,
        blocking_pairs=blocking,
        optimal=optimal,
        warnings=prep.warnings,
        solve_seconds=solve_seconds,
        components=prep.components,
    )


def _why_unpaired(prep: _Prepared, ai: int, eligible_count: int) -> Unpaired:
    a = prep.apprentices[ai]
    rules = prep.problem.rules
    if eligible_count:
        reasons = [
            Reason(
                "capacity_used",
                f"{eligible_count} 位符合条件的师傅名额已满；任何调换都不能再多配一对",
                f"all {eligible_count} eligible master(s) are at capacity; no rearrangement pairs more apprentices",
            )
        ]
        forbidden = sum(1 for _, fa in prep.forbidden if fa == ai)
        if forbidden:
            reasons.append(
                Reason(
                    "forbidden",
                    f"另有 {forbidden} 位师傅被禁止与其配对",
                    f"{forbidden} more master(s) are forbidden for this apprentice",
                )
            )
        return Unpaired(a.id, "capacity_used", reasons, eligible_count)
    trade = _norm_trade(a.trade)
    if trade is None and rules.same_trade_required:
        return Unpaired(
            a.id, "no_trade", [Reason("no_trade", "徒弟未登记工种", "the apprentice has no trade recorded")]
        )
    in_trade = [m for m in prep.masters if trade_relation(rules, prep.compat, m.trade, a.trade) != "none"]
    if not in_trade:
        return Unpaired(
            a.id,
            "no_master_in_trade",
            [
                Reason(
                    "no_master_in_trade",
                    f"本项目没有{trade or ''}工种（或相近工种）的师傅",
                    f"no master of trade {trade or '—'} (or a compatible trade) in this programme",
                )
            ],
        )
    with_capacity = [m for m in in_trade if m.capacity > 0]
    if not with_capacity:
        return Unpaired(
            a.id,
            "no_capacity",
            [
                Reason(
                    "no_capacity",
                    f"{len(in_trade)} 位同工种师傅的带徒名额为 0",
                    f"the {len(in_trade)} master(s) of this trade have capacity 0",
                )
            ],
        )
    level_ok = [m for m in with_capacity if level_gap_ok(rules, m.level, a.level)]
    if not level_ok:
        best = min((m.level for m in with_capacity if m.level is not None), default=None)
        bz, be = level_name(best)
        az, ae = level_name(a.level)
        return Unpaired(
            a.id,
            "level_gap",
            [
                Reason(
                    "level_gap",
                    f"同工种师傅最高为{bz}，徒弟为{az}，未达到至少 {rules.min_level_gap} 级的差距",
                    f"the best master of this trade is {be} and the apprentice is {ae}: "
                    f"less than the required gap of {rules.min_level_gap} level(s)",
                )
            ],
        )
    return Unpaired(
        a.id,
        "forbidden",
        [
            Reason(
                "forbidden",
                f"{len(level_ok)} 位可选师傅均被禁止与其配对",
                f"all {len(level_ok)} otherwise eligible master(s) are forbidden for this apprentice",
            )
        ],
    )


def _blocking_pairs(
    prep: _Prepared,
    chosen: np.ndarray,
    assigned_m: np.ndarray,
    base_of: np.ndarray,
    pref_of: np.ndarray,
    used: np.ndarray,
) -> int:
    """Count allowed, unchosen pairs (m, a) where both would rather have each other.

    The apprentice ranks masters by their own list (if any), then by cost; the master
    ranks apprentices by the rules' cost and prefers anyone to an empty place. Locked
    apprentices are out: an officer fixed them.
    """
    arcs = prep.arcs
    if not len(arcs.m):
        return 0
    na = len(prep.apprentices)
    locked = np.zeros(na, dtype=bool)
    locked[list(prep.locked_master)] = True
    # The apprentice's current key; unpaired apprentices prefer any master.
    a_key_now = np.where(assigned_m >= 0, pref_of * _PREF_SHIFT + base_of, _NO_PAIR)
    arc_key_a = arcs.pref * _PREF_SHIFT + arcs.base
    # The master's worst movable apprentice by the rules' cost; a free place is worse
    # than anyone; an officer's locked apprentices are never given up.
    capacity = np.array([m.capacity for m in prep.masters], dtype=np.int64)
    worst = np.full(len(prep.masters), -1, dtype=np.int64)
    paired = np.nonzero(assigned_m >= 0)[0]
    if len(paired):
        np.maximum.at(worst, assigned_m[paired], base_of[paired])
    free = used < capacity
    apprentice_wants = arc_key_a < a_key_now[arcs.a]
    master_wants = free[arcs.m] | (arcs.base < worst[arcs.m])
    blocking = ~chosen & apprentice_wants & master_wants & ~locked[arcs.a]
    return int(blocking.sum())
