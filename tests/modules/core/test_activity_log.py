"""The activity log written in bulk: `record_many` binds one array per column (unnest), never a
parameter per value, so any number of entries fits in one statement (PostgreSQL takes at most
32,767 parameters: a parameter per value broke above ~4,600 rows)."""

from __future__ import annotations

from server.infra.tenancy import conn, tenant_scope
from server.modules.core import service as activity

ROWS = 10_000


async def test_ten_thousand_entries_are_written_in_the_order_given(tenant):
    entries = [("test.bulk", f"thing:{i}", {"n": i, "name": "张伟"}) for i in range(ROWS)]
    async with tenant_scope(tenant.slug):
        await activity.record_many(entries)
        rows = await conn().fetch("SELECT subject, detail->>'n' AS n FROM event WHERE action = 'test.bulk' ORDER BY id")
    assert [r["subject"] for r in rows] == [f"thing:{i}" for i in range(ROWS)]
    assert [int(r["n"]) for r in rows] == list(range(ROWS))
