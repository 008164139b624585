"""Preparing the flow: every allowed (master, apprentice) pair as arrays of indexes and costs,
grouped into the components whose trades can meet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from server.modules.pairing.solver.cost import OrgTree, _norm_trade, _rank_cost, compatibility, trade_relation
from server.modules.pairing.solver.model import (
    UNCERTIFIED,
    ApprenticeIn,
    MasterIn,
    Problem,
    ProblemError,
    Reason,
    Rules,
)


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
    for master_id, apprentice_id in problem.locks:
        if master_id not in m_index or apprentice_id not in a_index:
            raise ProblemError(f"lock ({master_id}, {apprentice_id}) names someone who is not a candidate")
        if apprentice_id in locked_apprentices:
            raise ProblemError(f"apprentice {apprentice_id} is locked to two masters")
        locked_apprentices.add(apprentice_id)
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
    for mi in np.nonzero(remaining < 0)[0].tolist():
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
