"""The pairing solver (名师带高徒配对): a pure function from plain data to an optimal,
explained pairing.

`solve(problem)` first maximises the number of master-apprentice pairs, then
minimises the total cost of the pairs, exactly: it is a min-cost max-flow
(source → master with the master's capacity → apprentice → sink) solved by
OR-Tools' `SimpleMinCostFlow.solve_max_flow_with_min_cost`, which proves
optimality. Hard rules decide which pairs are allowed at all (trade, level gap,
forbidden pairs, capacity); soft rules are integer costs (another enterprise,
distance in the org tree, a level gap larger than needed, a merely compatible
trade, the apprentice's own ranking of masters).

Apprentices whose trades can never meet (the compatibility graph's connected
components) are independent problems, so each component is solved on its own:
the benchmark's 10,000 masters × 20,000 apprentices over 50 trades becomes 50
small flows instead of one with millions of arcs.

No database, no I/O: the service gathers the data, this module decides, the
tests and the benchmark call it directly.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

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
_PREF_SHIFT = 1 << 32
_NO_PAIR = np.iinfo(np.int64).max


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


# --- the cost of one pair (scalar form; the vectorised form below must agree) ------------


def compatibility(rules: Rules) -> dict[str, set[str]]:
    compat: dict[str, set[str]] = defaultdict(set)
    for a, b in rules.compatible_trades:
        a, b = a.strip(), b.strip()
        if a and b and a != b:
            compat[a].add(b)
            compat[b].add(a)
    return compat


def _norm_trade(trade: str | None) -> str | None:
    trade = (trade or "").strip()
    return trade or None


def trade_relation(
    rules: Rules, compat: Mapping[str, set[str]], master_trade: str | None, apprentice_trade: str | None
) -> str:
    """'same', 'compatible', 'other' (allowed only when the same trade is not required) or 'none'."""
    mt, at = _norm_trade(master_trade), _norm_trade(apprentice_trade)
    if mt is not None and mt == at:
        return "same"
    if mt is not None and at is not None and mt in compat.get(at, ()):
        return "compatible"
    return "none" if rules.same_trade_required else "other"


def level_gap_ok(rules: Rules, master_level: int | None, apprentice_level: int | None) -> bool:
    if master_level is None:
        return rules.min_level_gap <= 0
    return (apprentice_level or UNCERTIFIED) - master_level >= rules.min_level_gap


def _extra_levels(rules: Rules, master_level: int | None, apprentice_level: int | None) -> int:
    if master_level is None:
        return 0
    return max((apprentice_level or UNCERTIFIED) - master_level - rules.min_level_gap, 0)


class OrgTree:
    """Distances in the org tree, from a child → parent map."""

    def __init__(self, parent: Mapping[int, int | None]):
        self.parent = parent
        self._paths: dict[int, tuple[int, ...]] = {}

    def path(self, org: int) -> tuple[int, ...]:
        """Root first, `org` last."""
        if org in self._paths:
            return self._paths[org]
        chain = [org]
        seen = {org}
        node = self.parent.get(org)
        while node is not None and node not in seen and len(chain) < 64:
            chain.append(node)
            seen.add(node)
            node = self.parent.get(node)
        path = tuple(reversed(chain))
        self._paths[org] = path
        return path

    def distance(self, a: int, b: int) -> int:
        pa, pb = self.path(a), self.path(b)
        common = 0
        for x, y in zip(pa, pb):
            if x != y:
                break
            common += 1
        return len(pa) + len(pb) - 2 * common


def _rank_cost(w: Weights, rank: int) -> int:
    # A listed master never costs more than an unlisted one.
    return min(rank * w.per_preference_rank, w.not_preferred)


def _pref_cost(w: Weights, apprentice: ApprenticeIn, master_id: int) -> int:
    if not apprentice.preferences:
        return 0
    try:
        return _rank_cost(w, apprentice.preferences.index(master_id))
    except ValueError:
        return w.not_preferred


def base_cost(
    problem: Problem,
    master: MasterIn,
    apprentice: ApprenticeIn,
    *,
    tree: OrgTree | None = None,
    compat: Mapping[str, set[str]] | None = None,
) -> int:
    """The cost of a pair from the rules alone (without the apprentice's preferences)."""
    rules, w = problem.rules, problem.rules.weights
    tree = tree or OrgTree(problem.org_parent)
    compat = compatibility(rules) if compat is None else compat
    relation = trade_relation(rules, compat, master.trade, apprentice.trade)
    cost = {"same": 0, "compatible": w.compatible_trade}.get(relation, w.other_trade)
    if rules.same_enterprise_preferred and master.org_id != apprentice.org_id:
        cost += w.other_enterprise
    cost += w.per_org_step * tree.distance(master.org_id, apprentice.org_id)
    cost += w.per_extra_level * _extra_levels(rules, master.level, apprentice.level)
    return cost


def pair_cost(problem: Problem, master: MasterIn, apprentice: ApprenticeIn, **kw) -> int:
    """The cost the solver minimises for one pair."""
    return base_cost(problem, master, apprentice, **kw) + _pref_cost(problem.rules.weights, apprentice, master.id)


def eligible(
    problem: Problem, master: MasterIn, apprentice: ApprenticeIn, *, compat: Mapping[str, set[str]] | None = None
) -> bool:
    """May this pair be proposed at all (trade, level gap, not forbidden, capacity)?"""
    compat = compatibility(problem.rules) if compat is None else compat
    return (
        master.capacity > 0
        and trade_relation(problem.rules, compat, master.trade, apprentice.trade) != "none"
        and level_gap_ok(problem.rules, master.level, apprentice.level)
        and (master.id, apprentice.id) not in set(problem.forbidden)
    )


def evaluate(problem: Problem, assignment: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """(pairs, total cost) of any assignment of (master id, apprentice id), for tests and baselines."""
    masters = {m.id: m for m in problem.masters}
    apprentices = {a.id: a for a in problem.apprentices}
    tree, compat = OrgTree(problem.org_parent), compatibility(problem.rules)
    count = total = 0
    for m, a in assignment:
        count += 1
        total += pair_cost(problem, masters[m], apprentices[a], tree=tree, compat=compat)
    return count, total


# --- preparing the graph ----------------------------------------------------------------


@dataclass(slots=True)
class _Arcs:
    """Every allowed (master, apprentice) pair, as parallel arrays of indexes."""

    m: np.ndarray  # master index
    a: np.ndarray  # apprentice index
    base: np.ndarray  # cost without preferences
    pref: np.ndarray  # preference part of the cost
    comp: np.ndarray  # component of the arc
    cost: np.ndarray  # base + pref


@dataclass(slots=True)
class _Prepared:
    problem: Problem
    masters: list[MasterIn]
    apprentices: list[ApprenticeIn]
    m_index: dict[int, int]
    a_index: dict[int, int]
    remaining: np.ndarray  # master capacity left after locks
    locked_master: dict[int, int]  # apprentice index → master index
    forbidden: set[tuple[int, int]]  # (master index, apprentice index)
    compat: dict[str, set[str]]
    tree: OrgTree
    arcs: _Arcs
    components: int
    warnings: list[Reason]
    comp_masters: list[list[int]]
    comp_apprentices: list[list[int]]


def _check(problem: Problem) -> tuple[dict[int, int], dict[int, int]]:
    m_index: dict[int, int] = {}
    for i, m in enumerate(problem.masters):
        if m.id in m_index:
            raise ProblemError(f"master {m.id} appears twice")
        if m.capacity < 0:
            raise ProblemError(f"master {m.id} has a negative capacity")
        m_index[m.id] = i
    a_index: dict[int, int] = {}
    for i, a in enumerate(problem.apprentices):
        if a.id in a_index:
            raise ProblemError(f"apprentice {a.id} appears twice")
        if a.id in m_index:
            raise ProblemError(f"member {a.id} is both a master and an apprentice")
        a_index[a.id] = i
    locked_apprentices: set[int] = set()
    for m, a in problem.locks:
        if m not in m_index or a not in a_index:
            raise ProblemError(f"lock ({m}, {a}) names someone who is not a candidate")
        if a in locked_apprentices:
            raise ProblemError(f"apprentice {a} is locked to two masters")
        locked_apprentices.add(a)
    for pair in set(problem.forbidden) & set(problem.locks):
        raise ProblemError(f"pair {pair} is both locked and forbidden")
    return m_index, a_index


def _org_ancestors(tree: OrgTree, orgs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the distinct orgs: (index of each input org, ancestor matrix root-first padded -1, depth)."""
    distinct, inverse = np.unique(orgs, return_inverse=True)
    paths = [tree.path(int(o)) for o in distinct]
    width = max((len(p) for p in paths), default=1)
    anc = np.full((len(distinct), width), -1, dtype=np.int64)
    depth = np.zeros(len(distinct), dtype=np.int64)
    for i, p in enumerate(paths):
        anc[i, : len(p)] = p
        depth[i] = len(p)
    return inverse, anc, depth


def _prepare(problem: Problem) -> _Prepared:
    m_index, a_index = _check(problem)
    rules, w = problem.rules, problem.rules.weights
    masters, apprentices = list(problem.masters), list(problem.apprentices)
    compat = compatibility(rules)
    tree = OrgTree(problem.org_parent)
    warnings: list[Reason] = []

    nm, na = len(masters), len(apprentices)
    remaining = np.array([m.capacity for m in masters], dtype=np.int64)
    locked_master: dict[int, int] = {}
    for mid, aid in problem.locks:
        mi, ai = m_index[mid], a_index[aid]
        locked_master[ai] = mi
        remaining[mi] -= 1
    for mi in np.nonzero(remaining < 0)[0]:
        m = masters[mi]
        warnings.append(
            Reason(
                "locks_over_capacity",
                f"师傅 {m.id} 被锁定的徒弟超过其名额 {m.capacity}",
                f"master {m.id} has more locked apprentices than their capacity {m.capacity}",
            )
        )
    remaining = np.maximum(remaining, 0)
    forbidden = {(m_index[m], a_index[a]) for m, a in problem.forbidden if m in m_index and a in a_index}

    # Group by trade; masters with no declared capacity take nobody and get no arcs.
    m_by_trade: dict[str | None, list[int]] = defaultdict(list)
    for i, m in enumerate(masters):
        if m.capacity > 0:
            m_by_trade[_norm_trade(m.trade)].append(i)
    a_by_trade: dict[str | None, list[int]] = defaultdict(list)
    for i, a in enumerate(apprentices):
        if i not in locked_master:
            a_by_trade[_norm_trade(a.trade)].append(i)

    edges = [(at, mt, relation) for at in a_by_trade for mt, relation in _meets(rules, compat, at, m_by_trade)]

    # Trades that can meet form components; each is an independent flow problem.
    parent: dict[tuple[str, str | None], tuple[str, str | None]] = {}

    def find(x: tuple[str, str | None]) -> tuple[str, str | None]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for at, mt, _ in edges:
        parent[find(("a", at))] = find(("m", mt))
    roots: dict[tuple[str, str | None], int] = {}
    for at, _, _ in edges:
        roots.setdefault(find(("a", at)), len(roots))
    n_comp = len(roots)
    comp_masters: list[list[int]] = [[] for _ in range(n_comp)]
    comp_apprentices: list[list[int]] = [[] for _ in range(n_comp)]
    comp_edges: list[list[tuple[str | None, str | None, str]]] = [[] for _ in range(n_comp)]
    for kind_trade in list(parent):
        kind, trade = kind_trade
        c = roots.get(find(kind_trade))
        if c is None:
            continue
        (comp_masters if kind == "m" else comp_apprentices)[c].extend(
            m_by_trade[trade] if kind == "m" else a_by_trade[trade]
        )
    for at, mt, relation in edges:
        comp_edges[roots[find(("a", at))]].append((at, mt, relation))

    # Per-member arrays and the distance between the orgs involved.
    m_level = np.array([m.level or 0 for m in masters], dtype=np.int64)
    a_level = np.array([a.level or UNCERTIFIED for a in apprentices], dtype=np.int64)
    m_org = np.array([m.org_id for m in masters], dtype=np.int64)
    a_org = np.array([a.org_id for a in apprentices], dtype=np.int64)
    inverse, anc, depth = _org_ancestors(tree, np.concatenate([m_org, a_org]))
    m_oi, a_oi = inverse[:nm], inverse[nm:]
    distance = _distance_function(anc, depth)

    trade_cost = {"same": 0, "compatible": w.compatible_trade, "other": w.other_trade}
    gap_min = rules.min_level_gap
    parts_m, parts_a, parts_base, parts_comp = [], [], [], []
    for c in range(n_comp):
        for at, mt, relation in comp_edges[c]:
            a_arr = np.array(a_by_trade[at], dtype=np.int64)
            m_arr = np.array(m_by_trade[mt], dtype=np.int64)
            known = m_level[m_arr] > 0
            gap = a_level[a_arr][:, None] - m_level[m_arr][None, :]
            allowed = np.where(known[None, :], gap >= gap_min, gap_min <= 0)
            ia, im = np.nonzero(allowed)
            if not len(ia):
                continue
            aa, am = a_arr[ia], m_arr[im]
            base = np.full(len(aa), trade_cost[relation], dtype=np.int64)
            if rules.same_enterprise_preferred:
                base += w.other_enterprise * (m_org[am] != a_org[aa])
            base += w.per_org_step * distance(m_oi[am], a_oi[aa])
            base += w.per_extra_level * np.where(known[im], np.maximum(gap[ia, im] - gap_min, 0), 0)
            parts_m.append(am)
            parts_a.append(aa)
            parts_base.append(base)
            parts_comp.append(np.full(len(aa), c, dtype=np.int64))
    if parts_m:
        am, aa = np.concatenate(parts_m), np.concatenate(parts_a)
        base, comp = np.concatenate(parts_base), np.concatenate(parts_comp)
    else:
        am = aa = base = comp = np.zeros(0, dtype=np.int64)

    # Forbidden pairs: only the few apprentices who have one are looked at.
    if forbidden and len(aa):
        has_forbid = np.zeros(na, dtype=bool)
        has_forbid[[ai for _, ai in forbidden]] = True
        suspects = np.nonzero(has_forbid[aa])[0]
        fkeys = np.array(sorted(mi * na + ai for mi, ai in forbidden), dtype=np.int64)
        keep = np.ones(len(aa), dtype=bool)
        keep[suspects[np.isin(am[suspects] * na + aa[suspects], fkeys)]] = False
        am, aa, base, comp = am[keep], aa[keep], base[keep], comp[keep]

    # The apprentice's own ranking of masters, again only where there is one.
    pref = np.zeros(len(am), dtype=np.int64)
    listed = [(ai, a) for ai, a in enumerate(apprentices) if a.preferences and ai not in locked_master]
    if listed and len(am):
        has_pref = np.zeros(na, dtype=bool)
        ranks: dict[int, int] = {}
        for ai, a in listed:
            has_pref[ai] = True
            for rank, mid in enumerate(a.preferences):
                if mid in m_index:
                    ranks.setdefault(m_index[mid] * na + ai, rank)
        sub = np.nonzero(has_pref[aa])[0]
        keys = (am[sub] * na + aa[sub]).tolist()
        pref[sub] = [_rank_cost(w, ranks[k]) if k in ranks else w.not_preferred for k in keys]

    arcs = _Arcs(m=am, a=aa, base=base, pref=pref, comp=comp, cost=base + pref)
    return _Prepared(
        problem,
        masters,
        apprentices,
        m_index,
        a_index,
        remaining,
        locked_master,
        forbidden,
        compat,
        tree,
        arcs,
        n_comp,
        warnings,
        comp_masters,
        comp_apprentices,
    )


def _meets(
    rules: Rules, compat: Mapping[str, set[str]], at: str | None, master_trades: Collection[str | None]
) -> list[tuple[str | None, str]]:
    """The master trades an apprentice of trade `at` may meet, with how ('same', 'compatible', 'other')."""
    if not rules.same_trade_required:
        return [(mt, trade_relation(rules, compat, mt, at)) for mt in master_trades]
    if at is None:
        return []
    return [
        (mt, "same" if mt == at else "compatible") for mt in ([at] + sorted(compat.get(at, ()))) if mt in master_trades
    ]


def _distance_function(anc: np.ndarray, depth: np.ndarray):
    """Tree distance between org indexes: a table when the orgs are few, else computed per pair."""
    k = len(depth)

    def per_pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        same = (anc[a] == anc[b]) & (anc[a] >= 0)
        return depth[a] + depth[b] - 2 * np.cumprod(same, axis=1).sum(axis=1)

    if k > 3000:
        return per_pair
    ii, jj = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    table = per_pair(ii.ravel(), jj.ravel()).reshape(k, k)
    return lambda a, b: table[a, b]


# --- solving ------------------------------------------------------------------------------

# Above this many allowed pairs in one component, the component is solved on the
# structured network below instead of one arc per pair: same optimum, far fewer arcs.
NETWORK_THRESHOLD = 40_000


def _solve_flow(prep: _Prepared, method: str = "auto") -> tuple[np.ndarray, bool]:
    """The chosen arcs (a boolean mask over prep.arcs), component by component."""
    arcs = prep.arcs
    chosen = np.zeros(len(arcs.m), dtype=bool)
    optimal = True
    if not len(arcs.m):
        return chosen, optimal
    bounds = np.searchsorted(arcs.comp, np.arange(prep.components + 1))
    network_ok = _network_applies(prep)
    for c in range(prep.components):
        lo, hi = int(bounds[c]), int(bounds[c + 1])
        if lo == hi or prep.remaining[prep.comp_masters[c]].sum() == 0:
            continue
        use_network = network_ok and (method == "network" or (method == "auto" and hi - lo > NETWORK_THRESHOLD))
        picked = _solve_component_network(prep, c, lo, hi) if use_network else None
        if picked is None:
            picked = _solve_component_direct(prep, c, lo, hi)
        if picked is None:
            optimal = False
            continue
        chosen[picked] = True
    return chosen, optimal


def _solve_component_direct(prep: _Prepared, c: int, lo: int, hi: int) -> np.ndarray | None:
    """One arc per allowed pair: source → master (capacity) → apprentice → sink."""
    arcs = prep.arcs
    m_ids = np.array(prep.comp_masters[c], dtype=np.int64)
    a_ids = np.array(prep.comp_apprentices[c], dtype=np.int64)
    caps = prep.remaining[m_ids]
    nm, na = len(m_ids), len(a_ids)
    m_local = np.full(len(prep.masters), -1, dtype=np.int64)
    a_local = np.full(len(prep.apprentices), -1, dtype=np.int64)
    m_local[m_ids] = np.arange(nm)
    a_local[a_ids] = np.arange(na)
    sink = 1 + nm + na
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.zeros(nm, dtype=np.int64), 1 + m_local[arcs.m[lo:hi]], 1 + nm + np.arange(na)])
    heads = np.concatenate([1 + np.arange(nm), 1 + nm + a_local[arcs.a[lo:hi]], np.full(na, sink)])
    capacities = np.concatenate([caps, np.ones((hi - lo) + na, dtype=np.int64)])
    costs = np.concatenate([np.zeros(nm, dtype=np.int64), arcs.cost[lo:hi], np.zeros(na, dtype=np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), capacities, costs)
    supply = int(min(caps.sum(), na))
    flow.set_node_supply(0, supply)
    flow.set_node_supply(sink, -supply)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return None
    flows = flow.flows(np.arange(nm, nm + (hi - lo), dtype=np.int32))
    return lo + np.nonzero(flows > 0)[0]


def _network_applies(prep: _Prepared) -> bool:
    """The structured network needs a non-negative gap and levels in 1..6."""
    return (
        prep.problem.rules.min_level_gap >= 0
        and all(m.level is None or 1 <= m.level <= UNCERTIFIED for m in prep.masters)
        and all(a.level is None or 1 <= a.level <= UNCERTIFIED for a in prep.apprentices)
    )


def _solve_component_network(prep: _Prepared, c: int, lo: int, hi: int) -> np.ndarray | None:
    """The same min-cost max-flow on a network that shares the cost structure.

    A pair's cost is a sum of parts that each depend on one side or on a path: the
    trade relation, the levels of gap beyond the minimum, leaving the enterprise,
    the steps through the org tree. So instead of an arc per pair, an apprentice
    enters a level ladder at their own org (one step down costs per_extra_level;
    they enter at their level minus the minimum gap, so only masters far enough
    above are reachable), meets a master of their org and level there, or leaves
    the enterprise (other_enterprise) into a copy of the org tree for that level
    (per_org_step an edge) and meets the master at the master's org. The cheapest
    walk between an apprentice and a master costs exactly their pair cost, and only
    allowed pairs are connected, so the optimum is the same. Apprentices with a
    forbidden pair get direct arcs only; those with their own ranking get direct
    arcs to ranked masters as well. The flow is then split into one path per
    apprentice, each ending at their master.
    """
    problem, arcs = prep.problem, prep.arcs
    rules, w = problem.rules, problem.rules.weights
    gap = rules.min_level_gap
    masters, apprentices = prep.masters, prep.apprentices
    m_ids = np.array(prep.comp_masters[c], dtype=np.int64)
    a_ids = np.array(prep.comp_apprentices[c], dtype=np.int64)
    nm, na = len(m_ids), len(a_ids)
    n_lv = UNCERTIFIED

    # Orgs (with their ancestors and a virtual root above every root) and trades.
    org_list: list[int] = []
    org_at: dict[int, int] = {}
    for o in [masters[i].org_id for i in m_ids.tolist()] + [apprentices[i].org_id for i in a_ids.tolist()]:
        if o in org_at:
            continue
        for x in prep.tree.path(o):
            if x not in org_at:
                org_at[x] = len(org_list)
                org_list.append(x)
    n_org = len(org_list) + 1
    vroot = n_org - 1
    parent = np.full(n_org, -1, dtype=np.int64)
    for x, i in org_at.items():
        path = prep.tree.path(x)
        parent[i] = org_at[path[-2]] if len(path) > 1 else vroot
    trade_list = sorted({_norm_trade(masters[i].trade) for i in m_ids.tolist()}, key=lambda t: (t is None, t or ""))
    trade_at = {t: k for k, t in enumerate(trade_list)}
    n_tr = len(trade_list)
    m_trade = np.array([trade_at[_norm_trade(masters[i].trade)] for i in m_ids.tolist()], dtype=np.int64)
    m_org = np.array([org_at[masters[i].org_id] for i in m_ids.tolist()], dtype=np.int64)
    m_lv = np.array([masters[i].level or 0 for i in m_ids.tolist()], dtype=np.int64)  # 0: not recorded
    usable = (m_lv > 0) | (gap <= 0)
    # One tree per (trade, master level) present; level 0 is the tree of masters with no level.
    layers = sorted({(int(t), int(lv)) for t, lv, ok in zip(m_trade, m_lv, usable) if ok})
    layer_at = {key: k for k, key in enumerate(layers)}

    # Node numbers: S, K, masters, apprentices, ladders (trade × org × level), trees (layer × org).
    S, K = 0, 1
    base_m, base_a = 2, 2 + nm
    base_x = base_a + na
    base_t = base_x + n_tr * n_org * n_lv

    def x_node(t, o, lv):
        return base_x + (t * n_org + o) * n_lv + (lv - 1)

    def t_node(layer, o):
        return base_t + layer * n_org + o

    parts_t, parts_h, parts_cap, parts_cost = [], [], [], []
    wide = na + 1

    def add(t, h, cap, cost) -> None:
        t = np.asarray(t, dtype=np.int64)
        parts_t.append(t)
        parts_h.append(np.broadcast_to(np.asarray(h, dtype=np.int64), t.shape))
        parts_cap.append(np.broadcast_to(np.asarray(cap, dtype=np.int64), t.shape))
        parts_cost.append(np.broadcast_to(np.asarray(cost, dtype=np.int64), t.shape))

    ent = w.other_enterprise if rules.same_enterprise_preferred else 0
    all_orgs = np.arange(n_org - 1)
    # Ladders: one step down costs per_extra_level.
    tt, oo, ll = np.meshgrid(np.arange(n_tr), all_orgs, np.arange(2, n_lv + 1), indexing="ij")
    add(
        x_node(tt.ravel(), oo.ravel(), ll.ravel()),
        x_node(tt.ravel(), oo.ravel(), ll.ravel() - 1),
        wide,
        w.per_extra_level,
    )
    for k, (t, lv) in enumerate(layers):
        # Leaving the enterprise into the level's tree (from the rung of that level, or any rung for level 0).
        for rung in [lv] if lv > 0 else range(1, n_lv + 1):
            add(x_node(t, all_orgs, rung), t_node(k, all_orgs), wide, ent)
        # The tree, both ways, one step per edge.
        add(t_node(k, np.arange(n_org - 1)), t_node(k, parent[:-1]), wide, w.per_org_step)
        add(t_node(k, parent[:-1]), t_node(k, np.arange(n_org - 1)), wide, w.per_org_step)
    # Masters: reached from their own org's rung (same enterprise) or their tree; out to the sink.
    m_nodes = base_m + np.arange(nm)
    known = (m_lv > 0) & usable
    if known.any():
        add(x_node(m_trade[known], m_org[known], m_lv[known]), m_nodes[known], wide, 0)
        lk = np.array([layer_at[(int(t), int(lv))] for t, lv in zip(m_trade[known], m_lv[known])], dtype=np.int64)
        add(t_node(lk, m_org[known]), m_nodes[known], wide, 0)
    unknown = (m_lv == 0) & usable
    if unknown.any():
        for rung in range(1, n_lv + 1):
            add(x_node(m_trade[unknown], m_org[unknown], rung), m_nodes[unknown], wide, 0)
        lk = np.array([layer_at[(int(t), 0)] for t in m_trade[unknown]], dtype=np.int64)
        add(t_node(lk, m_org[unknown]), m_nodes[unknown], wide, 0)
    add(m_nodes, K, prep.remaining[m_ids], 0)
    # Apprentices: from the source; into their ladder at (level - gap) for every trade they may meet.
    a_nodes = base_a + np.arange(na)
    add(np.full(na, S), a_nodes, 1, 0)
    forbidding = {ai for _, ai in prep.forbidden}
    ranking = {int(ai) for ai in a_ids.tolist() if apprentices[ai].preferences}
    special = forbidding | ranking
    if special:
        flag = np.zeros(len(apprentices), dtype=bool)
        flag[list(special)] = True
        sub = lo + np.nonzero(flag[arcs.a[lo:hi]])[0]
        is_forbidding = np.zeros(len(apprentices), dtype=bool)
        is_forbidding[list(forbidding)] = True
        keep = is_forbidding[arcs.a[sub]] | (arcs.pref[sub] < w.not_preferred)
        sub = sub[keep]
        a_local = np.full(len(apprentices), -1, dtype=np.int64)
        a_local[a_ids] = np.arange(na)
        m_local = np.full(len(masters), -1, dtype=np.int64)
        m_local[m_ids] = np.arange(nm)
        add(base_a + a_local[arcs.a[sub]], base_m + m_local[arcs.m[sub]], 1, arcs.cost[sub])
    trade_cost = {"same": 0, "compatible": w.compatible_trade, "other": w.other_trade}
    entry_t, entry_h, entry_cost = [], [], []
    meets_cache: dict[str | None, list[tuple[int, int]]] = {}
    for j, ai in enumerate(a_ids.tolist()):
        if ai in forbidding:
            continue
        a = apprentices[ai]
        top = (a.level or UNCERTIFIED) - gap
        if top < 1:
            continue
        at = _norm_trade(a.trade)
        if at not in meets_cache:
            meets_cache[at] = [(trade_at[mt], trade_cost[rel]) for mt, rel in _meets(rules, prep.compat, at, trade_at)]
        extra = w.not_preferred if ai in ranking else 0
        o = org_at[a.org_id]
        for t, rc in meets_cache[at]:
            entry_t.append(base_a + j)
            entry_h.append(x_node(t, o, top))
            entry_cost.append(rc + extra)
    if entry_t:
        add(entry_t, entry_h, 1, entry_cost)

    tails = np.concatenate(parts_t)
    heads = np.concatenate(parts_h)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        np.concatenate(parts_cap).astype(np.int64),
        np.concatenate(parts_cost).astype(np.int64),
    )
    supply = int(min(prep.remaining[m_ids].sum(), na))
    flow.set_node_supply(S, supply)
    flow.set_node_supply(K, -supply)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return None
    flows = flow.flows(np.arange(len(tails), dtype=np.int32))

    # Split the flow into one path per apprentice (arcs with flow, grouped by tail).
    pos = np.nonzero(flows > 0)[0]
    order = pos[np.argsort(tails[pos], kind="stable")]
    left = flows[order].astype(np.int64).tolist()
    nxt = heads[order].tolist()
    starts = np.searchsorted(tails[order], np.arange(base_t + len(layers) * n_org + 1))
    ptr = starts[:-1].tolist()
    pairs_m: list[int] = []
    pairs_a: list[int] = []
    for j in range(na):
        here = base_a + j
        if ptr[here] >= starts[here + 1]:
            continue  # unpaired
        while not (base_m <= here < base_a):
            k = ptr[here]
            while left[k] == 0:
                k += 1
            ptr[here] = k
            left[k] -= 1
            here = nxt[k]
        pairs_m.append(int(m_ids[here - base_m]))
        pairs_a.append(int(a_ids[j]))
    # Back to the pair arcs; their cost must be the flow's (else the caller solves directly).
    n_all = len(apprentices)
    keys = arcs.m[lo:hi] * n_all + arcs.a[lo:hi]
    key_order = np.argsort(keys, kind="stable")
    sorted_keys = keys[key_order]
    wanted = np.array(pairs_m, dtype=np.int64) * n_all + np.array(pairs_a, dtype=np.int64)
    at = np.searchsorted(sorted_keys, wanted)
    if len(wanted) and (np.any(at >= len(keys)) or np.any(sorted_keys[np.minimum(at, len(keys) - 1)] != wanted)):
        return None
    picked = lo + key_order[at]
    if int(arcs.cost[picked].sum()) != flow.optimal_cost():
        return None
    return picked


def solve(problem: Problem, *, method: str = "auto") -> Solution:
    """The pairing with the most pairs and, among those, the lowest total cost; explained.

    `method` is for tests and benchmarks: "direct" (an arc per allowed pair),
    "network" (the structured network wherever it applies) or "auto" (the network
    for large components)."""
    started = time.perf_counter()
    prep = _prepare(problem)
    chosen, optimal = _solve_flow(prep, method)
    return _explain(prep, chosen, optimal, started)


def greedy(problem: Problem) -> list[tuple[int, int]]:
    """A baseline, not used by the product: take the cheapest allowed pairs first."""
    prep = _prepare(problem)
    arcs = prep.arcs
    left = prep.remaining.copy()
    taken = np.zeros(len(prep.apprentices), dtype=bool)
    result = [(prep.masters[mi].id, prep.apprentices[ai].id) for ai, mi in prep.locked_master.items()]
    order = np.argsort(arcs.cost, kind="stable")
    for mi, ai in zip(arcs.m[order].tolist(), arcs.a[order].tolist()):
        if left[mi] > 0 and not taken[ai]:
            left[mi] -= 1
            taken[ai] = True
            result.append((prep.masters[mi].id, prep.apprentices[ai].id))
    return result


# --- explaining ------------------------------------------------------------------------------


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
