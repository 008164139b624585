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

Rooms: `model.py` (the data in and out), `cost.py` (one pair's cost, scalar), `graph.py` (the
allowed pairs as arrays, by component), `flow.py` (the min-cost flows, `solve`, `greedy`),
`explain.py` (reasons, unpaired, blocking pairs).
"""

from typing import TYPE_CHECKING, Any

from server.modules.pairing.solver.cost import (
    base_cost,
    compatibility,
    eligible,
    evaluate,
    level_gap_ok,
    pair_cost,
    trade_relation,
)
from server.modules.pairing.solver.model import (
    LEVELS,
    UNCERTIFIED,
    ApprenticeIn,
    MasterIn,
    MasterLoad,
    Pair,
    Problem,
    ProblemError,
    Reason,
    Rules,
    Solution,
    Unpaired,
    Weights,
    level_name,
)

if TYPE_CHECKING:
    from server.modules.pairing.solver.flow import NETWORK_THRESHOLD, greedy, solve

# The flows need OR-Tools and numpy (some 100 MB and a second of start-up): loaded when a pairing
# is first solved, not when the API or the CLI imports the module (PEP 562).
_FLOW = ("NETWORK_THRESHOLD", "greedy", "solve")


def __getattr__(name: str) -> Any:
    if name in _FLOW:
        from server.modules.pairing.solver import flow

        return getattr(flow, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LEVELS",
    "NETWORK_THRESHOLD",
    "UNCERTIFIED",
    "ApprenticeIn",
    "MasterIn",
    "MasterLoad",
    "Pair",
    "Problem",
    "ProblemError",
    "Reason",
    "Rules",
    "Solution",
    "Unpaired",
    "Weights",
    "base_cost",
    "compatibility",
    "eligible",
    "evaluate",
    "greedy",
    "level_gap_ok",
    "level_name",
    "pair_cost",
    "solve",
    "trade_relation",
]
