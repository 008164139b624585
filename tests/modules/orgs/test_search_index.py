"""Member search by name (Chinese names included) and by phone prefix is served by an index,
not a scan of every member: the plan PostgreSQL chooses for the search's own query says so."""

from __future__ import annotations

import json
from typing import Any

from server.infra import pagination
from server.infra.tenancy import conn, tenant_scope
from server.modules.orgs import service
from tests.modules.orgs.factories import make_org

ROWS = 30_000


class Explaining:
    """The scope's connection, which first asks PostgreSQL for the plan of each page query."""

    def __init__(self, real: Any, plans: list[str]):
        self.real, self.plans = real, plans

    async def fetch(self, query: str, *args: Any) -> Any:
        self.plans.append(json.dumps(await self.real.fetchval("EXPLAIN (FORMAT JSON) " + query, *args)))
        return await self.real.fetch(query, *args)


async def test_name_and_phone_prefix_searches_use_their_indexes(tenant, monkeypatch):
    plans: list[str] = []
    monkeypatch.setattr(pagination, "conn", lambda: Explaining(conn(), plans))
    async with tenant_scope(tenant.slug):
        union = await make_org("银河厂工会")
        await conn().execute(
            """INSERT INTO member (name, id_hash, id_cipher, id_masked, gender, birth_date, phone, org_id)
               SELECT CASE WHEN i % 10000 = 7 THEN '张三丰' ELSE '职工' || i END, decode(md5(i::text), 'hex'),
                      '\\x00', '640102********' || lpad((i % 10000)::text, 4, '0'), 'M', DATE '1990-01-01',
                      '139' || lpad(i::text, 8, '0'), $1
                 FROM generate_series(1, $2::int) AS i""",
            union.id,
            ROWS,
        )
        # What autovacuum does after a bulk insert: rows COPY'd into a GIN index wait in its pending
        # list, which the planner prices as read on every search until it is merged.
        await conn().execute("SELECT gin_clean_pending_list('member_name_chars'::regclass)")
        await conn().execute("ANALYZE member")
        for term in ("张三", "三丰", "张三丰", "张"):
            page = await service.list_members(q=term)
            assert {m.name for m in page.items} == {"张三丰"} and len(page.items) == ROWS // 10000, term
            assert "member_name_chars" in plans[-1] and '"Seq Scan"' not in plans[-1], (term, plans[-1])
        page = await service.list_members(q="1390001234")
        assert [m.phone for m in page.items] == [f"139{i:08d}" for i in range(12340, 12350)]
        assert "member_phone_prefix" in plans[-1] and '"Seq Scan"' not in plans[-1], plans[-1]
        page = await service.list_members(q="+8613900020001")  # as typed with the country code
        assert [m.phone for m in page.items] == ["13900020001"] and '"Seq Scan"' not in plans[-1]
