"""Compatible trades (相近工种): the tenant's table of trades close enough to pair, and the
solver's rules of a programme, which read it."""

from __future__ import annotations

from typing import Any

from server.errors import FieldError, InvalidInput
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.pairing import solver
from server.modules.pairing.messages import SAME_TRADES, TRADE_LENGTH, TWO_TRADES
from server.modules.pairing.service.structs import CompatibleTradesIn, TradePair
from server.platform.roles import SYSTEM, Actor


async def compatible_trades() -> list[TradePair]:
    rows = await conn().fetch("SELECT trade_a, trade_b FROM pairing_compatible_trade ORDER BY trade_a, trade_b")
    return [TradePair(r["trade_a"], r["trade_b"]) for r in rows]


async def set_compatible_trades(data: CompatibleTradesIn, actor: Actor = SYSTEM) -> list[TradePair]:
    """Replace the tenant's table of compatible trades (used by every programme's next proposal)."""
    errors: list[FieldError] = []
    pairs: set[tuple[str, str]] = set()
    for i, pair in enumerate(data.pairs):
        if len(pair) != 2:
            errors.append(FieldError(f"pairs[{i}]", TWO_TRADES))
            continue
        a, b = (p.strip() for p in pair)
        if not a or not b or len(a) > 50 or len(b) > 50:
            errors.append(FieldError(f"pairs[{i}]", TRADE_LENGTH))
        elif a == b:
            errors.append(FieldError(f"pairs[{i}]", SAME_TRADES))
        else:
            pairs.add((min(a, b), max(a, b)))
    if errors:
        raise InvalidInput(errors)
    c = conn()
    # One replacement at a time (readers go on): two at once both emptied the table, and the later
    # insert met the earlier one's pairs (a unique violation, a 500).
    await c.execute("LOCK TABLE pairing_compatible_trade IN SHARE ROW EXCLUSIVE MODE")
    await c.execute("DELETE FROM pairing_compatible_trade")
    if pairs:
        ordered = sorted(pairs)
        await c.execute(
            "INSERT INTO pairing_compatible_trade (trade_a, trade_b) SELECT * FROM unnest($1::text[], $2::text[])",
            [a for a, _ in ordered],
            [b for _, b in ordered],
        )
    await activity.record("pairing.compatible_trades.set", "compatible_trades", {"pairs": len(pairs)}, actor)
    return await compatible_trades()


async def solver_rules(programme: dict[str, Any]) -> solver.Rules:
    """A programme's rules as the solver takes them, with the tenant's compatible trades."""
    pairs = [(t.trade_a, t.trade_b) for t in await compatible_trades()]
    return solver.Rules(
        same_trade_required=programme["same_trade_required"],
        compatible_trades=tuple(pairs),
        same_enterprise_preferred=programme["same_enterprise_preferred"],
        min_level_gap=programme["min_level_gap"],
    )
