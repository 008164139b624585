"""The solver on its own: plain data in, the optimal explained pairing out."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.modules.pairing.solver import (
    ApprenticeIn,
    MasterIn,
    Problem,
    ProblemError,
    Rules,
    Weights,
    eligible,
    evaluate,
    greedy,
    pair_cost,
    solve,
)

TREE = {1: None, 10: 1, 11: 1, 12: 1, 20: 10, 21: 10, 22: 11}  # city → zones → enterprises


def check_feasible(problem: Problem, solution) -> None:
    masters = {m.id: m for m in problem.masters}
    apprentices = {a.id: a for a in problem.apprentices}
    locks, forbidden = set(problem.locks), set(problem.forbidden)
    seen: set[int] = set()
    load: dict[int, int] = {}
    for p in solution.pairs:
        assert p.apprentice_id not in seen, "an apprentice was paired twice"
        seen.add(p.apprentice_id)
        load[p.master_id] = load.get(p.master_id, 0) + 1
        assert (p.master_id, p.apprentice_id) not in forbidden
        if p.locked:
            assert (p.master_id, p.apprentice_id) in locks
        else:
            assert eligible(problem, masters[p.master_id], apprentices[p.apprentice_id])
        assert p.cost == pair_cost(problem, masters[p.master_id], apprentices[p.apprentice_id])
        assert p.reasons
    assert locks <= {(p.master_id, p.apprentice_id) for p in solution.pairs}
    locked_count = {m: sum(1 for lm, _ in locks if lm == m) for m in masters}
    for m, n in load.items():
        assert n <= max(masters[m].capacity, locked_count[m])
    assert seen.isdisjoint(u.apprentice_id for u in solution.unpaired)
    assert seen | {u.apprentice_id for u in solution.unpaired} == set(apprentices)
    assert all(u.reasons for u in solution.unpaired)
    assert solution.cost == sum(p.cost for p in solution.pairs)
    assert (len(solution.pairs), solution.cost) == evaluate(
        problem, [(p.master_id, p.apprentice_id) for p in solution.pairs]
    )


def brute_force(problem: Problem) -> tuple[int, int]:
    """(most pairs, least cost among them) by trying every assignment; tiny problems only."""
    masters = list(problem.masters)
    locked = {a: m for m, a in problem.locks}
    cap = {m.id: m.capacity - sum(1 for lm, _ in problem.locks if lm == m.id) for m in masters}
    free = [a for a in problem.apprentices if a.id not in locked]
    base = [(m, a) for m, a in problem.locks]
    best = (-1, 0)

    def walk(i: int, chosen: list[tuple[int, int]]) -> None:
        nonlocal best
        if i == len(free):
            n, c = evaluate(problem, base + chosen)
            if n > best[0] or (n == best[0] and c < best[1]):
                best = (n, c)
            return
        a = free[i]
        walk(i + 1, chosen)
        for m in masters:
            if cap[m.id] > 0 and eligible(problem, m, a):
                cap[m.id] -= 1
                walk(i + 1, chosen + [(m.id, a.id)])
                cap[m.id] += 1

    walk(0, [])
    return best


# --- hand-made cases with a known optimum ---------------------------------------------------


def test_the_most_pairs_come_first_even_when_the_cheapest_pair_would_block_them():
    # Greedy takes 王师傅-小李 (cost 0) and leaves 小张 with nobody; the optimum pairs both.
    problem = Problem(
        masters=[MasterIn(1, "焊工", 2, 20, 1), MasterIn(2, "焊工", 2, 21, 1)],
        apprentices=[ApprenticeIn(101, "焊工", 4, 20), ApprenticeIn(102, "焊工", 4, 20)],
        org_parent=TREE,
    )
    # Master 2 is the only one... make 102 reachable only from master 1 by forbidding (2, 102).
    problem = Problem(problem.masters, problem.apprentices, org_parent=TREE, forbidden=[(2, 102)])
    assert evaluate(problem, greedy(problem)) == (1, 5)
    solution = solve(problem)
    check_feasible(problem, solution)
    pairs = {(p.master_id, p.apprentice_id) for p in solution.pairs}
    assert pairs == {(1, 102), (2, 101)}
    # (1,102): same org, gap 2 → 5; (2,101): other enterprise 100 + distance 2 × 10 + 5
    assert solution.cost == 5 + 125
    assert solution.optimal and solution.unpaired == []


def test_a_known_optimum_with_enterprises_levels_and_a_compatible_trade():
    problem = Problem(
        masters=[MasterIn(1, "焊工", 1, 20, 2), MasterIn(2, "电焊工", 3, 21, 1), MasterIn(3, "电工", 2, 22, 1)],
        apprentices=[
            ApprenticeIn(101, "焊工", 4, 20),  # to 1: 0 + gap 3 → extra 2 → 10
            ApprenticeIn(102, "焊工", 5, 21),  # to 1: 100 + 20 + extra 3 → 135; to 2: compatible 50 + extra 1 → 55
            ApprenticeIn(103, "电焊工", 4, 20),  # to 1: 50 + 10 = 60; to 2: 100+20+0 = 120
            ApprenticeIn(104, "电工", None, 22),  # uncertified (6) to 3: gap 4 → extra 3 → 15
        ],
        rules=Rules(compatible_trades=[("焊工", "电焊工")]),
        org_parent=TREE,
    )
    solution = solve(problem)
    check_feasible(problem, solution)
    assert {(p.master_id, p.apprentice_id) for p in solution.pairs} == {(1, 101), (2, 102), (1, 103), (3, 104)}
    assert solution.cost == 10 + 55 + 60 + 15
    assert brute_force(problem) == (4, solution.cost)
    reasons = {p.apprentice_id: [r.code for r in p.reasons] for p in solution.pairs}
    assert "compatible_trade" in reasons[102] and "same_trade" in reasons[101]
    assert "same_enterprise" in reasons[101] and "best_fit" in reasons[101]


def test_capacity_locks_and_forbidden_pairs_are_respected():
    masters = [MasterIn(1, "钳工", 2, 20, 2), MasterIn(2, "钳工", 2, 21, 2)]
    apprentices = [ApprenticeIn(100 + i, "钳工", 4, 20) for i in range(5)]
    free = Problem(masters, apprentices, org_parent=TREE)
    solution = solve(free)
    check_feasible(free, solution)
    assert len(solution.pairs) == 4  # capacity 2 + 2 for five apprentices
    assert [u.code for u in solution.unpaired] == ["capacity_used"]

    # Lock 100 with master 2 (the dearer one) and forbid master 1 for 101.
    shaped = Problem(masters, apprentices, org_parent=TREE, locks=[(2, 100)], forbidden=[(1, 101)])
    solution = solve(shaped)
    check_feasible(shaped, solution)
    pairs = {(p.master_id, p.apprentice_id) for p in solution.pairs}
    assert (2, 100) in pairs and (1, 101) not in pairs
    assert [p for p in solution.pairs if p.apprentice_id == 100][0].locked
    assert "locked" in [r.code for r in solution.pairs[0].reasons]
    assert len(solution.pairs) == 4
    assert (len(solution.pairs), solution.cost) == brute_force(shaped)
    assert {m.master_id: m.used for m in solution.masters} == {1: 2, 2: 2}


def test_an_apprentice_gets_their_first_choice_when_it_costs_nothing_more():
    masters = [MasterIn(1, "车工", 2, 20, 1), MasterIn(2, "车工", 2, 20, 1)]
    apprentices = [ApprenticeIn(101, "车工", 4, 20, preferences=(2, 1)), ApprenticeIn(102, "车工", 4, 20)]
    solution = solve(Problem(masters, apprentices, org_parent=TREE))
    assert {(p.master_id, p.apprentice_id) for p in solution.pairs} == {(2, 101), (1, 102)}
    first = [p for p in solution.pairs if p.apprentice_id == 101][0]
    assert "preferred" in [r.code for r in first.reasons]
    assert solution.blocking_pairs == 0


# --- clear answers at the edges --------------------------------------------------------------


def test_an_empty_programme_is_an_empty_pairing():
    for problem in (
        Problem([], []),
        Problem([MasterIn(1, "焊工", 1, 20, 3)], []),
        Problem([], [ApprenticeIn(101, "焊工", 4, 20)]),
    ):
        solution = solve(problem)
        check_feasible(problem, solution)
        assert solution.pairs == [] and solution.cost == 0 and solution.blocking_pairs == 0
    alone = solve(Problem([], [ApprenticeIn(101, "焊工", 4, 20)]))
    assert alone.unpaired[0].code == "no_master_in_trade"


def test_every_unpaired_apprentice_says_why():
    masters = [
        MasterIn(1, "焊工", 2, 20, 1),
        MasterIn(2, "电工", 2, 20, 0),
        MasterIn(3, "车工", 4, 20, 1),
        MasterIn(4, "钳工", 2, 20, 1),
    ]
    apprentices = [
        ApprenticeIn(101, "焊工", 4, 20),
        ApprenticeIn(102, "焊工", 4, 20),  # master 1 is taken by 101
        ApprenticeIn(103, "电工", 4, 20),  # the only 电工 master has capacity 0
        ApprenticeIn(104, "车工", 4, 20),  # the 车工 master is only 中级工 too
        ApprenticeIn(105, "铆工", 4, 20),  # no master of that trade
        ApprenticeIn(106, None, 4, 20),  # no trade recorded
        ApprenticeIn(107, "钳工", 4, 20),  # the 钳工 master is forbidden
    ]
    problem = Problem(masters, apprentices, org_parent=TREE, forbidden=[(4, 107)])
    solution = solve(problem)
    check_feasible(problem, solution)
    why = {u.apprentice_id: u.code for u in solution.unpaired}
    assert why == {
        102: "capacity_used",
        103: "no_capacity",
        104: "level_gap",
        105: "no_master_in_trade",
        106: "no_trade",
        107: "forbidden",
    }
    for u in solution.unpaired:
        assert u.reasons[0].zh and u.reasons[0].en


def test_contradictory_input_is_refused_plainly():
    m, a = MasterIn(1, "焊工", 2, 20, 1), ApprenticeIn(101, "焊工", 4, 20)
    with pytest.raises(ProblemError, match="twice"):
        solve(Problem([m, m], [a]))
    with pytest.raises(ProblemError, match="both"):
        solve(Problem([m], [a], locks=[(1, 101)], forbidden=[(1, 101)]))
    with pytest.raises(ProblemError, match="not a candidate"):
        solve(Problem([m], [a], locks=[(1, 999)]))


def test_locks_beyond_capacity_are_kept_and_warned_about():
    problem = Problem(
        [MasterIn(1, "焊工", 2, 20, 1)],
        [ApprenticeIn(101, "焊工", 4, 20), ApprenticeIn(102, "焊工", 4, 20)],
        locks=[(1, 101), (1, 102)],
    )
    solution = solve(problem)
    assert len(solution.pairs) == 2
    assert [w.code for w in solution.warnings] == ["locks_over_capacity"]


def test_when_the_same_trade_is_not_required_other_trades_pair_at_a_price():
    problem = Problem(
        [MasterIn(1, "焊工", 2, 20, 1)], [ApprenticeIn(101, "电工", 4, 20)], rules=Rules(same_trade_required=False)
    )
    solution = solve(problem)
    assert solution.cost == Weights().other_trade + 5
    assert "other_trade" in [r.code for r in solution.pairs[0].reasons]


# --- random cases ------------------------------------------------------------------------------

TRADES = ["焊工", "电工", "车工", "钳工"]
ORGS = [20, 21, 22, 12, 99]  # 99 is outside the tree: its own root


@st.composite
def problems(draw, max_masters: int = 4, max_apprentices: int = 6):
    n_m = draw(st.integers(0, max_masters))
    n_a = draw(st.integers(0, max_apprentices))
    masters = [
        MasterIn(
            i + 1,
            draw(st.sampled_from(TRADES)),
            draw(st.sampled_from([None, 1, 2, 3, 4])),
            draw(st.sampled_from(ORGS)),
            draw(st.integers(0, 3)),
        )
        for i in range(n_m)
    ]
    master_ids = [m.id for m in masters]
    apprentices = []
    for j in range(n_a):
        prefs = tuple(draw(st.lists(st.sampled_from(master_ids), unique=True, max_size=3))) if master_ids else ()
        apprentices.append(
            ApprenticeIn(
                100 + j,
                draw(st.sampled_from(TRADES + [None])),
                draw(st.sampled_from([None, 2, 3, 4, 5])),
                draw(st.sampled_from(ORGS)),
                prefs if draw(st.booleans()) else (),
            )
        )
    pairs = [(m, a.id) for m in master_ids for a in apprentices]
    forbidden = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4)) if pairs else []
    locks: list[tuple[int, int]] = []
    if pairs and draw(st.booleans()):
        m, a = draw(st.sampled_from(pairs))
        if (m, a) not in forbidden:
            locks.append((m, a))
    rules = Rules(
        compatible_trades=draw(st.sampled_from([(), (("焊工", "钳工"),), (("焊工", "钳工"), ("电工", "车工"))])),
        same_enterprise_preferred=draw(st.booleans()),
        min_level_gap=draw(st.integers(0, 2)),
        same_trade_required=draw(st.booleans()),
    )
    return Problem(masters, apprentices, rules=rules, org_parent=TREE, locks=locks, forbidden=forbidden)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_random_small_cases_reach_the_brute_force_optimum(problem):
    best = brute_force(problem)
    for method in ("direct", "network"):
        solution = solve(problem, method=method)
        check_feasible(problem, solution)
        assert solution.optimal
        assert (len(solution.pairs), solution.cost) == best, method


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_masters=12, max_apprentices=30))
def test_the_structured_network_finds_the_same_optimum_as_one_arc_per_pair(problem):
    direct, network = solve(problem, method="direct"), solve(problem, method="network")
    check_feasible(problem, network)
    assert (len(network.pairs), network.cost) == (len(direct.pairs), direct.cost)


def single_moves_improve(problem: Problem, solution) -> str | None:
    """Describe a single move (add, move, replace, swap) that beats the solution, if any."""
    masters = {m.id: m for m in problem.masters}
    apprentices = {a.id: a for a in problem.apprentices}
    locked = {a for _, a in problem.locks}
    forbidden = set(problem.forbidden)
    cost = lambda m, a: pair_cost(problem, masters[m], apprentices[a])  # noqa: E731
    ok = lambda m, a: eligible(problem, masters[m], apprentices[a]) and (m, a) not in forbidden  # noqa: E731
    load = {m: 0 for m in masters}
    of = {}
    for p in solution.pairs:
        load[p.master_id] += 1
        of[p.apprentice_id] = p.master_id
    room = {m: masters[m].capacity - load[m] for m in masters}
    movable = [a for a in of if a not in locked]
    unpaired = [u.apprentice_id for u in solution.unpaired]
    for u in unpaired:
        for m in masters:
            if room[m] > 0 and ok(m, u):
                return f"add ({m}, {u})"
            for a in movable:
                if of[a] == m and ok(m, u) and cost(m, u) < cost(m, a):
                    return f"replace {a} by {u} at {m}"
    for a in movable:
        for m in masters:
            if m != of[a] and room[m] > 0 and ok(m, a) and cost(m, a) < cost(of[a], a):
                return f"move {a} to {m}"
    for a, b in itertools.combinations(movable, 2):
        ma, mb = of[a], of[b]
        if ma != mb and ok(mb, a) and ok(ma, b) and cost(mb, a) + cost(ma, b) < cost(ma, a) + cost(mb, b):
            return f"swap {a} and {b}"
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_masters=10, max_apprentices=25))
def test_random_cases_are_feasible_and_no_single_swap_improves_them(problem):
    solution = solve(problem)
    check_feasible(problem, solution)
    assert single_moves_improve(problem, solution) is None
    g_pairs, g_cost = evaluate(problem, greedy(problem))
    assert len(solution.pairs) > g_pairs or (len(solution.pairs) == g_pairs and solution.cost <= g_cost)


def blocking_by_definition(problem: Problem, solution) -> int:
    masters = {m.id: m for m in problem.masters}
    apprentices = {a.id: a for a in problem.apprentices}
    from server.modules.pairing.solver import base_cost

    locked = {a for _, a in problem.locks}
    of = {p.apprentice_id: p.master_id for p in solution.pairs}
    mine: dict[int, list[int]] = {m: [] for m in masters}
    for p in solution.pairs:
        mine[p.master_id].append(p.apprentice_id)

    def a_key(m: int, a: int) -> tuple[int, int]:
        full = pair_cost(problem, masters[m], apprentices[a])
        base = base_cost(problem, masters[m], apprentices[a])
        return (full - base, base)

    count = 0
    for a in apprentices:
        if a in locked:
            continue
        for m in masters:
            if of.get(a) == m or not eligible(problem, masters[m], apprentices[a]):
                continue
            if a in of and not a_key(m, a) < a_key(of[a], a):
                continue
            if len(mine[m]) < masters[m].capacity:
                count += 1
                continue
            movable = [x for x in mine[m] if x not in locked]
            if movable and base_cost(problem, masters[m], apprentices[a]) < max(
                base_cost(problem, masters[m], apprentices[x]) for x in movable
            ):
                count += 1
    return count


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_masters=6, max_apprentices=12))
def test_blocking_pairs_are_counted_by_their_definition(problem):
    solution = solve(problem)
    assert solution.blocking_pairs == blocking_by_definition(problem, solution)
