"""One embedded PostgreSQL and one Redis per test session, and a pool of pre-migrated tenants.

Creating and migrating a tenant schema takes most of a second; clearing one takes a few
milliseconds. So a test that needs a tenant borrows one from the pool (cleared when it was
given back: every table truncated, its accounts and tokens deleted, its module switches and
settings set again, its Redis keys and queued jobs removed) and a test where creating or
migrating a tenant is what is under test asks for a fresh one (`make_tenant(fresh=True)`,
`fresh_tenant`). tests/infra/test_pool.py proves the clearing."""

from __future__ import annotations

import asyncio
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar
from redis.asyncio import Redis

from server.infra import db
from server.infra.db import DB
from server.infra.migrate import migrate_platform
from server.infra.servers import Servers, start_servers
from server.modules import registry
from server.platform import service
from server.platform.service import TenantIn, TenantOut, TenantPatch, TokenIn
from server.settings import TENANTS_DIR, Settings


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Servers:
    """The embedded PostgreSQL and Redis; `TEST_DATABASE_URL`/`TEST_REDIS_URL` name others, and
    `SAISHANG_TEST_PG_BIN` (a PostgreSQL's bin folder) starts a throwaway cluster from those
    binaries instead: `.ci/run` runs a slice of the suite on Debian's PostgreSQL 15 that way."""
    home = tmp_path_factory.mktemp("saishang-home")
    cluster = None
    database_url = os.environ.get("TEST_DATABASE_URL")
    if not database_url and os.environ.get("SAISHANG_TEST_PG_BIN"):
        from tests.pg_cluster import start_cluster

        cluster = start_cluster(Path(os.environ["SAISHANG_TEST_PG_BIN"]))
        database_url = cluster.url
    started = start_servers(home, database_url, os.environ.get("TEST_REDIS_URL"))
    yield started
    started.stop()
    if cluster is not None:
        cluster.stop()


@pytest.fixture(scope="session")
def settings(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        home=Path(servers.postgres.pgdata.parent) if servers.postgres else tmp_path_factory.mktemp("home"),
        database_url=servers.database_url,
        redis_url=servers.redis_url,
        tenants_dir=TENANTS_DIR,
        log_level="warning",
        db_pool_max=40,
    )


async def without_durability(database_url: str) -> None:
    """The embedded server lives and dies with the test session: it need not survive a power
    cut, so it does not wait for the disk. Every commit, every tenant's migration and every
    TRUNCATE of a pooled tenant gets about three times faster on a busy machine. Concurrent
    sessions see exactly what they saw before: only the flush to disk is skipped."""
    import asyncpg

    c = await asyncpg.connect(**db.asyncpg_config(database_url))
    try:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            await c.execute(f"ALTER SYSTEM SET {setting} = off")
        await c.execute("SELECT pg_reload_conf()")
    finally:
        await c.close()


@pytest.fixture(scope="session")
async def database(settings: Settings, servers: Servers) -> AsyncIterator[None]:
    if servers.postgres is not None:  # never on a server TEST_DATABASE_URL names
        await without_durability(settings.database_url)
    await db.connect(settings.database_url, max_size=settings.db_pool_max)
    await migrate_platform()
    yield
    await db.disconnect()


@pytest.fixture(scope="session")
async def app(settings: Settings, database: None) -> Litestar:
    from server.app import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
async def client(app: Litestar, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The API in-process, on the test session's event loop (Litestar's own test
    client runs the app on another loop, which asyncpg's pool cannot share)."""
    app.state.redis = Redis.from_url(settings.redis_url)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://saishang.test") as c:
        yield c
    await app.state.redis.aclose()


@pytest.fixture(scope="session")
async def bot_app(settings, database) -> AsyncIterator[Any]:
    """One app for the bot's tests (building one takes a second or two); each test points it at
    its own fake Bot API (tests/bot/conftest.py `bot_client`): the app reads its settings per
    request (`state.settings`)."""
    from server.app import create_app

    app = create_app(settings)
    app.state.redis = Redis.from_url(settings.redis_url)
    yield app
    await app.state.redis.aclose()


_slugs: set[str] = set()


def new_slug(prefix: str = "t") -> str:
    """A slug no other tenant of this session has (checked, not just hoped for)."""
    while True:
        slug = f"{prefix}{uuid.uuid4().hex[:10]}"
        if slug not in _slugs:
            _slugs.add(slug)
            return slug


# --- the tenant pool ------------------------------------------------------------------

# What a migrated schema holds besides data: tables, sequences, indexes, views, functions,
# triggers. A test that changed it (DDL) gets its tenant left out of the pool.
_SHAPE = """
    SELECT c.relkind::text AS kind, c.relname::text AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
    UNION ALL
    SELECT 'function', p.proname::text
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
    UNION ALL
    SELECT 'trigger', t.tgname::text
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT t.tgisinternal
    ORDER BY 1, 2
"""


class TenantPool:
    """Pre-migrated tenants, each lent to one borrower at a time and cleared when given back.

    A pooled tenant is everything the platform keeps for a tenant (service.py): its row in
    `platform.tenant` (names, parent, locale, time zone, module switches, config, active),
    the rows of platform tables that name it (`tenant_slug`: accounts, and their tokens by
    cascade), its schema `t_<slug>`, and what Redis holds for it (keys naming it, queued
    arq jobs for it). Giving one back clears all of that; anything that fails to clear, or a
    schema whose shape a test changed, keeps the tenant out of the pool for good."""

    def __init__(self, redis_url: str | None) -> None:
        self.redis_url = redis_url
        self.idle: list[str] = []
        self.lent: set[str] = set()
        self.shapes: dict[str, list[tuple[str, str]]] = {}
        self.created = 0
        self.reused = 0
        self.discarded: dict[str, str] = {}

    async def borrow(self, spec: TenantIn) -> TenantOut:
        """A cleared tenant set up as `spec` says (its slug aside)."""
        wanted = spec.modules if spec.modules is not None else list(registry.SHARED)
        if not self.idle or not set(registry.KEPT_ON) <= set(wanted):
            # A pooled tenant cannot lose a module that is kept on: one without it is made afresh.
            out = await service.create_tenant(msgspec.structs.replace(spec, slug=new_slug("tp")))
            self.created += 1
            self.shapes[out.slug] = await self._shape(out.slug)
            self.lent.add(out.slug)
            return out
        slug = self.idle.pop()
        self.lent.add(slug)
        self.reused += 1
        try:
            await service.update_tenant(
                slug,
                TenantPatch(
                    name_zh=spec.name_zh,
                    name_en=spec.name_en,
                    parent=spec.parent,
                    locale=spec.locale,
                    timezone=spec.timezone,
                    active=True,
                    config=spec.config,
                ),
            )
            return await service.set_modules(
                slug, enable=wanted, disable=[m for m in registry.SWITCHABLE if m not in wanted]
            )
        except BaseException:
            await self.give_back(slug)  # the spec was refused (a test of bad input): keep it clear
            raise

    async def give_back(self, slug: str) -> None:
        self.lent.discard(slug)
        try:
            await self.clear(slug)
        except Exception as exc:  # never reuse what could not be cleared
            self.discarded[slug] = f"{type(exc).__name__}: {exc}"
            warnings.warn(f"pooled tenant {slug} left out of the pool: {exc}", stacklevel=1)
            return
        self.idle.append(slug)

    async def clear(self, slug: str) -> None:
        schema = f"t_{slug}"
        async with DB.pool.acquire() as c, c.transaction():
            # A test that left a transaction holding a lock on the schema: fail, do not hang.
            await c.execute("SET LOCAL lock_timeout = '5s'")
            shape = await self._shape(slug, c)
            if shape != self.shapes[slug]:
                before, after = set(self.shapes[slug]), set(shape)
                raise RuntimeError(f"its schema changed: +{sorted(after - before)} -{sorted(before - after)}")
            tables = await c.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migration'", schema
            )
            if tables:
                names = ", ".join(f'"{schema}"."{r["tablename"]}"' for r in tables)
                await c.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            # Sequences no column owns are not restarted by TRUNCATE.
            for r in await c.fetch(
                """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = $1 AND c.relkind = 'S'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))""",
                schema,
            ):
                await c.execute(f'ALTER SEQUENCE "{schema}"."{r["relname"]}" RESTART')
            # Platform rows naming the tenant (accounts; their tokens go by cascade).
            for r in await c.fetch(
                """SELECT table_name FROM information_schema.columns
                    WHERE table_schema = 'platform' AND column_name = 'tenant_slug'"""
            ):
                await c.execute(f'DELETE FROM platform."{r["table_name"]}" WHERE tenant_slug = $1', slug)
            # Under nobody, and nobody under it (a test's child tenant would count in its subtree).
            await c.execute("UPDATE platform.tenant SET parent_slug = NULL WHERE slug = $1 OR parent_slug = $1", slug)
        await self._clear_redis(slug)

    async def _clear_redis(self, slug: str) -> None:
        if not self.redis_url:
            return
        async with Redis.from_url(self.redis_url) as redis:
            async for key in redis.scan_iter(match=f"*{slug}*", count=500):
                await redis.delete(key)
            for job_id in await jobs_for(redis, slug):
                await redis.zrem(ARQ_QUEUE, job_id)
                await redis.delete(*(f"arq:{kind}:{job_id}" for kind in ("job", "in-progress", "retry")))

    async def _shape(self, slug: str, c: Any = None) -> list[tuple[str, str]]:
        if c is None:
            async with DB.pool.acquire() as c:
                return [tuple(r) for r in await c.fetch(_SHAPE, f"t_{slug}")]
        return [tuple(r) for r in await c.fetch(_SHAPE, f"t_{slug}")]


ARQ_QUEUE = "arq:queue"


async def jobs_for(redis: Redis, slug: str) -> list[str]:
    """The arq jobs queued (waiting, deferred or running) for tenant `slug`: their id or their
    arguments name it."""
    from arq.jobs import deserialize_job

    found = []
    for raw in await redis.zrange(ARQ_QUEUE, 0, -1):
        job_id = raw.decode()
        if slug in job_id:
            found.append(job_id)
            continue
        data = await redis.get(f"arq:job:{job_id}")
        if data is None:
            continue  # finished meanwhile
        try:
            job = deserialize_job(data)
        except Exception:
            continue
        if slug in job.args or slug in job.kwargs.values():
            found.append(job_id)
    return found


async def outbox_drained(redis_url: str, slug: str, timeout: float = 20) -> None:
    """Wait until nothing is left to send for tenant `slug`: no arq job for it is queued,
    deferred (a paced or retried send) or running. What the worker sends in the meantime
    has reached the Bot API when this returns."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with Redis.from_url(redis_url) as redis:
        while pending := await jobs_for(redis, slug):
            if loop.time() > deadline:
                raise AssertionError(f"the outbox of {slug} never drained: {pending}")
            await asyncio.sleep(0.02)


async def blocking_another(holder: Any = None) -> int:
    """Inside a tenant scope (or on the connection `holder`): wait until another transaction
    waits on a lock this one holds (a row, a unique key it wrote and has not committed, an
    advisory lock). Returns the waiting backend's pid. The barrier concurrency tests use in
    place of a sleep: it observes the wait."""
    from server.infra.tenancy import conn

    me = await (holder or conn()).fetchval("SELECT pg_backend_pid()")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 15
    # Another connection: pg_stat_activity is a snapshot for the length of a transaction.
    async with DB.pool.acquire() as c:
        while True:
            waiter = await c.fetchval(
                "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) LIMIT 1", me
            )
            if waiter is not None:
                return waiter
            if loop.time() > deadline:
                raise AssertionError(f"no transaction came to wait on a lock held by backend {me}")
            await asyncio.sleep(0.01)


_pools: list[TenantPool] = []


@pytest.fixture(scope="session")
async def tenant_pool(settings: Settings, database: None) -> TenantPool:
    _pools.append(TenantPool(settings.redis_url))
    return _pools[-1]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for pool in _pools:
        terminalreporter.write_line(
            f"tenant pool: {pool.created} tenant(s) created and migrated, lent again {pool.reused} time(s), "
            f"{len(pool.discarded)} left out ({', '.join(pool.discarded) or 'none'})"
        )


TenantFactory = Callable[..., Awaitable[TenantOut]]


@pytest.fixture
async def make_tenant(tenant_pool: TenantPool) -> AsyncIterator[TenantFactory]:
    """`make_tenant(modules=[...], name_zh=..., parent=...)`: a tenant from the pool, given
    back cleared after the test. `fresh=True` (or a chosen slug): newly created and migrated,
    never pooled, for tests where that creation is what is under test."""
    borrowed: list[str] = []

    async def make(
        slug: str | None = None, *, modules: list[str] | None = None, fresh: bool = False, **kw
    ) -> TenantOut:
        spec = TenantIn(
            slug=slug or new_slug(),
            name_zh=kw.pop("name_zh", "测试市总工会"),
            name_en=kw.pop("name_en", "Test FTU"),
            modules=modules if modules is not None else list(registry.SWITCHABLE),
            **kw,
        )
        if fresh or slug is not None:
            return await service.create_tenant(spec)
        out = await tenant_pool.borrow(spec)
        borrowed.append(out.slug)
        return out

    yield make
    for slug in reversed(borrowed):
        await tenant_pool.give_back(slug)


@pytest.fixture
async def tenant(make_tenant: TenantFactory) -> TenantOut:
    """A tenant with every module on, from the pool: nothing of an earlier test is left in it."""
    return await make_tenant()


@pytest.fixture
async def fresh_tenant(make_tenant: TenantFactory) -> TenantOut:
    """A tenant created and migrated for this test alone."""
    return await make_tenant(fresh=True)


TokenFactory = Callable[..., Awaitable[str]]


@pytest.fixture
async def make_token(database: None) -> TokenFactory:
    async def make(role: str, tenant: str | None = None, *, org_id: int | None = None, **kw) -> str:
        new = await service.create_token(TokenIn(role=role, tenant=tenant, org_id=org_id, **kw))
        return new.token

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def every(client: Any, url: str, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list route, page after page (the session's tenants and tokens
    outgrow one page)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        r = await client.get(
            url, headers=headers, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
        )
        assert r.status_code == 200, r.text
        items.extend(r.json()["items"])
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items


@pytest.fixture
async def admin_headers(make_token: TokenFactory) -> dict[str, str]:
    return bearer(await make_token("platform_admin"))


@pytest.fixture
async def tenant_headers(tenant: TenantOut, make_token: TokenFactory) -> dict[str, str]:
    return bearer(await make_token("tenant_admin", tenant.slug))
