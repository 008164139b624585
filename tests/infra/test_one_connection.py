"""No read holds two pool connections at once. A tenant GET keeps the connection its guard
authenticated on for the length of its tenant scope (infra.tenancy.entry_connection); code on
that path that takes a second one (a platform lookup, `DB.transaction()`, a pool acquire) waits
for the pool while holding a connection, and once the pool is exhausted by such requests every
one of them waits for ever (the report deadlock behind PgBouncer with a pool of 12).

The walk sends every GET of the route table, tenant-scoped and platform, against one tenant
holding the modules' demo data, with the engine's pool counting what each request holds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from server.demo import load_demo
from server.infra import db
from server.infra.db import DB
from server.modules import registry
from tests.conftest import bearer

PARAM = re.compile(r"\{(\w+):(\w+)\}")


class Held:
    """The engine pool's acquire and release, counted: how many connections are out, and the
    most that were out at once since `reset`. Every form of acquire (`pool.acquire()` awaited or
    entered, Piccolo's transactions) goes through asyncpg's `Pool._acquire`."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.out = 0
        self.peak = 0
        self.acquired = 0

    def wrap(self, monkeypatch: pytest.MonkeyPatch) -> None:
        acquire, release = asyncpg.Pool._acquire, asyncpg.Pool.release

        async def counted_acquire(pool: Any, *args: Any, **kw: Any) -> Any:
            connection = await acquire(pool, *args, **kw)
            if pool is self.pool:
                self.out += 1
                self.acquired += 1
                self.peak = max(self.peak, self.out)
            return connection

        async def counted_release(pool: Any, *args: Any, **kw: Any) -> Any:
            if pool is self.pool:
                self.out -= 1
            return await release(pool, *args, **kw)

        monkeypatch.setattr(asyncpg.Pool, "_acquire", counted_acquire)
        monkeypatch.setattr(asyncpg.Pool, "release", counted_release)

    def reset(self) -> None:
        self.peak = self.out
        self.acquired = 0


def gets(app: Litestar) -> Iterator[tuple[str, set[str]]]:
    """Every GET route of the API: its path, and the names its handler takes without a default
    (the query parameters it requires among them)."""
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/"):
            for handler in route.route_handlers:
                if "GET" in handler.http_methods:
                    signature = handler.parsed_fn_signature.parameters
                    yield route.path, {name for name, p in signature.items() if not p.has_default}


def urls(path: str, values: dict[str, list[Any]]) -> Iterator[str]:
    """`path` with each parameter filled (an id: 1), once per value of the one that takes several
    (a report per module)."""
    names = [name for name, _ in PARAM.findall(path)]
    spread = next((name for name in names if len(values.get(name, [])) > 1), None)
    for value in values[spread] if spread else [None]:
        chosen = {name: values.get(name, [1])[0] for name in names} | ({spread: value} if spread else {})
        yield PARAM.sub(lambda m, chosen=chosen: str(chosen[m.group(1)]), path)


@pytest.fixture
def held(database: None, monkeypatch: pytest.MonkeyPatch) -> Held:
    counter = Held(DB.pool)
    counter.wrap(monkeypatch)
    return counter


async def test_no_get_holds_a_second_pool_connection(app, client, tenant, make_tenant, make_token, settings, held):
    await load_demo(settings, [tenant.slug], progress=lambda m: None)
    await make_tenant(parent=tenant.slug)  # a rollup reads a subtree
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    platform = bearer(await make_token("platform_admin"))
    complaints = await client.get(f"/api/v1/t/{tenant.slug}/complaints", headers=admin, params={"limit": 1})
    areas = await client.get(f"/api/v1/t/{tenant.slug}/rotation-areas", headers=admin, params={"limit": 1})
    values: dict[str, list[Any]] = {
        "tenant": [tenant.slug],
        "slug": [tenant.slug],
        "module": ["platform", *(m.name for m in registry.modules().values() if m.report is not None)],
        "year": [2017],
        "ref": [c["ref"] for c in complaints.json()["items"]] or ["C2017-00001"],
    }
    query = {
        "year": 2017,
        "q": "工会",
        "start": "2017-01-03",
        "end": "2017-12-29",
        "working_days": 5,
        "area_id": next((a["id"] for a in areas.json()["items"]), 1),
    }
    found: list[str] = []
    answered: Counter[int] = Counter()
    for path, required in gets(app):
        params = {name: value for name, value in query.items() if name in required}
        for url in urls(path, values):
            for headers in [admin, platform] if "/t/" in path else [platform]:
                held.reset()
                r = await client.get(url, params=params, headers=headers)
                if held.peak > 1:
                    found.append(f"GET {url} ({r.status_code}): {held.peak} connections at once")
                if r.status_code != 403:
                    break  # a role the tenant admin lacks: the platform admin may
            answered[r.status_code] += 1
            assert r.status_code < 500, f"GET {url}: {r.status_code} {r.text[:300]}"
            assert r.status_code != 422, f"GET {url}: {r.text[:300]}"
    assert answered[200] > 150, f"too few routes answered: {answered}"
    assert not found, "\n".join(found)


async def test_a_kept_connection_serves_reads_and_a_failed_one_goes_back_to_the_pool(database, held):
    """The request's kept connection serves a statement and a transaction and is kept again; one
    that failed half-way is not kept (the pool resets it) and the next read takes one anew."""
    holder = db.Held(await DB.pool.acquire())
    kept = holder.connection
    token = db.held.set(holder)
    try:
        held.reset()
        assert [r[0] for r in await DB.fetch("SELECT 1")] == [1]
        async with DB.transaction():
            await DB.fetch("SELECT 2")
        assert holder.connection is kept and held.acquired == 0
        with pytest.raises(asyncpg.DivisionByZeroError):
            await DB.fetch("SELECT 1 / 0")
        assert holder.connection is None and held.out == 0  # given back to the pool, not kept
        assert [r[0] for r in await DB.fetch("SELECT 3")] == [3] and held.acquired == 1
    finally:
        db.held.reset(token)
