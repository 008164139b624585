"""The cost of one pair, in scalar form: which pairs the rules allow, and what each costs.
The vectorised form in `graph.py` must agree (the tests hold them to each other)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from server.modules.pairing.solver.model import UNCERTIFIED, ApprenticeIn, MasterIn, Problem, Rules, Weights


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
