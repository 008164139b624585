"""Pairing's writes racing each other: two officers replacing the table of compatible trades at once.
The later table stands whole; neither answers 500."""

from __future__ import annotations

from server.infra.tenancy import conn, tenant_scope
from server.modules.pairing import service
from server.modules.pairing.service.structs import CompatibleTradesIn
from tests.modules.orgs.test_races import race


async def test_two_tables_of_compatible_trades_set_at_once_leave_one(tenant):
    first = CompatibleTradesIn(pairs=[["焊工", "电焊工"], ["钳工", "装配钳工"]])
    second = CompatibleTradesIn(pairs=[["焊工", "电焊工"], ["车工", "数控车工"]])
    results = await race(
        tenant.slug, lambda: service.set_compatible_trades(first), lambda: service.set_compatible_trades(second)
    )
    assert not any(isinstance(r, BaseException) for r in results), results
    async with tenant_scope(tenant.slug):
        rows = await conn().fetch("SELECT trade_a, trade_b FROM pairing_compatible_trade")
    assert {frozenset(r) for r in rows} == {frozenset(p) for p in second.pairs}
