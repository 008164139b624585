"""The tenant pool (tests/conftest.py) isolates: what one borrower left behind, the next never sees."""

from __future__ import annotations

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis

from server.errors import Unauthorized
from server.infra.db import DB
from server.infra.migrate import migrate_tenant_schema
from server.infra.tenancy import tenant_scope
from server.modules import registry
from server.modules.core import service as events
from server.platform import service
from server.platform.service import TenantIn, TenantPatch, TokenIn
from tests.conftest import TenantPool, jobs_for, new_slug
from tests.modules.orgs.factories import make_member, make_org


def spec(**kw) -> TenantIn:
    kw.setdefault("modules", list(registry.SWITCHABLE))
    return TenantIn(slug=new_slug(), name_zh=kw.pop("name_zh", "测试市总工会"), name_en="Test FTU", **kw)


async def rows_per_table(slug: str) -> dict[str, int]:
    async with DB.pool.acquire() as c:
        tables = await c.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migration'", f"t_{slug}"
        )
        assert tables, "a pooled tenant has its module tables"
        return {r["tablename"]: await c.fetchval(f'SELECT count(*) FROM "t_{slug}"."{r["tablename"]}"') for r in tables}


async def test_the_next_borrower_finds_no_rows_tokens_switches_or_redis_keys(
    tenant_pool: TenantPool, make_tenant, settings
):
    first = await tenant_pool.borrow(spec(name_zh="上一位借用者"))
    slug = first.slug
    # Rows in the schema, and ids drawn from its sequences.
    async with tenant_scope(slug):
        union = await make_org("借用者工会")
        for i in range(3):
            await make_member(union.id, name=f"职工{i}")
        await events.record("test.left_behind", slug)
    assert any(await rows_per_table(slug)), "rows were written"
    # Accounts and tokens, switches and settings.
    admin = (await service.create_token(TokenIn(role="tenant_admin", tenant=slug))).token
    officer = await service.create_token(TokenIn(role="org_officer", tenant=slug, org_id=union.id))
    await service.set_modules(slug, disable=["voice", "welfare"])
    parent = await make_tenant()
    await service.update_tenant(
        slug, TenantPatch(parent=parent.slug, locale="en", timezone="UTC", config={"k": 1}, active=False)
    )
    child = await make_tenant(fresh=True, parent=slug)  # a test's tenant left under it
    # Redis: keys naming the tenant, a deferred send and a deferred delivery for it.
    redis = Redis.from_url(settings.redis_url)
    arq = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    try:
        await redis.set(f"saishang:tg:{slug}:chat:42", b"1")
        await redis.set(f"saishang:tg:{slug}:bot:1", b"7")
        await arq.enqueue_job(
            "telegram_send", slug, 1, 42, "sendMessage", _job_id=f"saishang:tg:{slug}:1", _defer_by=3600
        )
        await arq.enqueue_job("voice_deliver", slug, _defer_by=3600)
        assert len(await jobs_for(redis, slug)) == 2

        await tenant_pool.give_back(slug)
        again = await tenant_pool.borrow(spec())
        assert again.slug == slug, "the pool lends the tenant it was just given back"

        assert set((await rows_per_table(slug)).values()) == {0}
        async with tenant_scope(slug):
            assert (await make_org("下一位借用者工会")).id == union.id == 1  # sequences start again
        assert await service.list_tokens(tenant=slug) == []
        for token in (admin, officer.token):
            with pytest.raises(Unauthorized):
                await service.authenticate(token)
        assert again.modules == list(registry.SWITCHABLE)
        assert (again.name_zh, again.parent, again.locale, again.timezone, again.config, again.active) == (
            "测试市总工会",
            None,
            "zh-CN",
            "Asia/Shanghai",
            {},
            True,
        )
        assert (await service.get_tenant(child.slug)).parent is None
        assert await service.platform_figures(slug, 2017) == {"tenants": 1, "modules_enabled": len(registry.SWITCHABLE)}
        assert [k async for k in redis.scan_iter(match=f"*{slug}*")] == []
        assert await jobs_for(redis, slug) == []
        assert await migrate_tenant_schema(slug) == 0  # still migrated
    finally:
        await tenant_pool.give_back(slug)
        await redis.aclose()
        await arq.aclose(close_connection_pool=True)


async def test_a_tenant_whose_schema_a_test_changed_leaves_the_pool(tenant_pool: TenantPool):
    borrowed = await tenant_pool.borrow(spec())
    async with tenant_scope(borrowed.slug):
        await DB.run_ddl("CREATE TABLE made_by_a_test (a int)")
    with pytest.warns(UserWarning, match="left out of the pool"):
        await tenant_pool.give_back(borrowed.slug)
    assert borrowed.slug not in tenant_pool.idle
    assert "made_by_a_test" in tenant_pool.discarded[borrowed.slug]


async def test_a_refused_spec_gives_the_tenant_back_cleared(tenant_pool: TenantPool):
    from server.errors import InvalidInput

    lent, idle = set(tenant_pool.lent), list(tenant_pool.idle)
    with pytest.raises(InvalidInput):
        await tenant_pool.borrow(spec(parent="nosuchparent"))
    assert tenant_pool.lent == lent and tenant_pool.idle == idle  # nothing stays lent by the refusal


async def test_a_fresh_tenant_is_never_pooled(make_tenant, tenant_pool: TenantPool):
    fresh = await make_tenant(fresh=True)
    assert fresh.slug not in tenant_pool.lent and fresh.slug not in tenant_pool.shapes
    pooled = await make_tenant()
    assert pooled.slug in tenant_pool.lent
