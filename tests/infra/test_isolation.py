"""One tenant can never see another's data: tests that try."""

from __future__ import annotations

import asyncio
import random
import re

import asyncpg
import pytest

from server.errors import NotFound
from server.infra.db import DB
from server.infra.tenancy import tenant_scope
from server.modules.core import service as events
from server.modules.core.tables import Event
from tests.conftest import bearer
from tests.modules.orgs.factories import make_org


def tenant_routes(app) -> list[tuple[str, str]]:
    """Every (method, path) under /api/v1/t/{tenant}, with dummy path values."""
    found = []
    for route in app.routes:
        if not route.path.startswith("/api/v1/t/{tenant"):
            continue
        for method in sorted(getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}):
            # in range of each parameter's declared bounds (an id, a year), or the edge refuses it first
            path = re.sub(r"\{(\w+):int\}", lambda m: "2017" if m.group(1) == "year" else "1", route.path)
            path = re.sub(r"\{(\w+):str\}", lambda m: "{tenant}" if m.group(1) == "tenant" else "x", path)
            found.append((method, path))
    return found


async def test_a_tenant_admin_gets_403_on_every_route_of_every_other_tenant(client, app, make_tenant, make_token):
    mine, theirs = await make_tenant(), await make_tenant()
    headers = bearer(await make_token("tenant_admin", mine.slug))
    routes = tenant_routes(app)
    assert len(routes) >= 5, routes
    for method, path in routes:
        r = await client.request(method, path.format(tenant=theirs.slug), headers=headers, json={})
        assert r.status_code == 403, (method, path, r.status_code, r.text)
        assert r.json()["code"] == "tenant_forbidden"
    # ...and the same token works at home.
    assert (await client.get(f"/api/v1/t/{mine.slug}/me", headers=headers)).status_code == 200


async def test_every_tenant_role_is_refused_on_other_tenants(client, make_tenant, make_token):
    mine, theirs = await make_tenant(), await make_tenant()
    async with tenant_scope(mine.slug):
        union = await make_org("本市某厂工会")
    for role in ("tenant_admin", "org_officer", "auditor", "worker"):
        token = await make_token(role, mine.slug, org_id=union.id if role == "org_officer" else None)
        r = await client.get(f"/api/v1/t/{theirs.slug}/me", headers=bearer(token))
        assert r.status_code == 403, role


async def test_a_query_outside_a_tenant_scope_fails_instead_of_reading_rows(tenant):
    async with tenant_scope(tenant.slug):
        await events.record("test.secret", "inside")
    with pytest.raises(asyncpg.exceptions.UndefinedTableError):
        await Event.select()
    with pytest.raises(asyncpg.exceptions.UndefinedTableError):
        async with DB.transaction():
            await Event.count()


async def test_a_scope_cannot_be_opened_inside_another_tenants_scope(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    async with tenant_scope(a.slug):
        with pytest.raises(RuntimeError):
            async with tenant_scope(b.slug):
                pass
        async with tenant_scope(a.slug):  # re-entering the same tenant joins it
            await events.record("test.nested", "ok")
    async with tenant_scope(a.slug):
        assert await Event.count().where(Event.action == "test.nested") == 1


async def test_a_slug_with_sql_in_it_is_refused_before_any_query(client, admin_headers):
    evil = "x'; DROP SCHEMA platform CASCADE; --"
    # No token at all: a real tenant would answer 401 after a token lookup; these are refused
    # before anything is queried: past a slug's length by the edge (422 naming it), within it
    # by the slug's own rule (404).
    r = await client.get(f"/api/v1/t/{evil}/me")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "tenant"
    r = await client.get("/api/v1/t/x';DROP SCHEMA platform;--/me")
    assert r.status_code == 404 and r.json()["code"] == "tenant_not_found"
    for path in (f"/api/v1/t/{evil}/events", "/api/v1/t/A_UPPER/me", "/api/v1/t/t;select/me"):
        r = await client.get(path, headers=admin_headers)
        assert r.status_code in (404, 422), path
    r = await client.post(
        "/api/v1/platform/tenants", headers=admin_headers, json={"slug": evil, "name_zh": "x", "name_en": "x"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "slug"
    with pytest.raises(NotFound):
        async with tenant_scope(evil):
            pass
    assert (await client.get("/api/v1/platform/tenants", headers=admin_headers)).status_code == 200


async def test_2000_interleaved_concurrent_requests_each_see_only_their_own_tenant(client, make_tenant, make_token):
    tenants = [await make_tenant() for _ in range(5)]
    tokens = {}
    for t in tenants:
        async with tenant_scope(t.slug):
            await events.record_many([("test.mark", t.slug, {"n": i}) for i in range(20)])
        tokens[t.slug] = bearer(await make_token("tenant_admin", t.slug))
    rng = random.Random(2017)
    plan = [rng.choice(tenants).slug for _ in range(2000)]
    gate = asyncio.Semaphore(64)

    async def fetch(slug: str) -> tuple[str, list[str], int]:
        async with gate:
            r = await client.get(f"/api/v1/t/{slug}/events", headers=tokens[slug], params={"limit": 20})
            return slug, [e["subject"] for e in r.json()["items"]], r.status_code

    results = await asyncio.gather(*(fetch(s) for s in plan))
    assert len(results) == 2000
    for slug, subjects, status in results:
        assert status == 200
        assert subjects == [slug] * 20
