"""Solving: min-cost max-flow per component (OR-Tools), either one arc per allowed pair or, for
large components, a structured network with the same optimum; and the greedy baseline."""

from __future__ import annotations

import time

import numpy as np
from ortools.graph.python import min_cost_flow

from server.modules.pairing.solver.cost import _norm_trade
from server.modules.pairing.solver.explain import _explain
from server.modules.pairing.solver.graph import _meets, _prepare, _Prepared
from server.modules.pairing.solver.model import UNCERTIFIED, Problem, Solution

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
    found = np.searchsorted(sorted_keys, wanted)
    if len(wanted) and (np.any(found >= len(keys)) or np.any(sorted_keys[np.minimum(found, len(keys) - 1)] != wanted)):
        return None
    picked = lo + key_order[found]
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
