"""One embedded PostgreSQL and one Redis per test session; a fresh tenant per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from redis.asyncio import Redis

from server.infra import db
from server.infra.migrate import migrate_platform
from server.infra.servers import Servers, start_servers
from server.modules import registry
from server.platform import service
from server.platform.service import TenantIn, TenantOut, TokenIn
from server.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Servers:
    home = tmp_path_factory.mktemp("saishang-home")
    started = start_servers(home, os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def settings(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        home=Path(servers.postgres.pgdata.parent) if servers.postgres else tmp_path_factory.mktemp("home"),
        database_url=servers.database_url,
        redis_url=servers.redis_url,
        tenants_dir=PROJECT_ROOT / "tenants",
        log_level="warning",
        db_pool_max=40,
    )


@pytest.fixture(scope="session")
async def database(settings: Settings) -> AsyncIterator[None]:
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


def new_slug(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


TenantFactory = Callable[..., Awaitable[TenantOut]]


@pytest.fixture
async def make_tenant(database: None) -> TenantFactory:
    async def make(slug: str | None = None, *, modules: list[str] | None = None, **kw) -> TenantOut:
        return await service.create_tenant(
            TenantIn(
                slug=slug or new_slug(),
                name_zh=kw.pop("name_zh", "测试市总工会"),
                name_en=kw.pop("name_en", "Test FTU"),
                modules=modules if modules is not None else list(registry.SWITCHABLE),
                **kw,
            )
        )

    return make


@pytest.fixture
async def tenant(make_tenant: TenantFactory) -> TenantOut:
    """A fresh tenant with every module on, so tests never share state."""
    return await make_tenant()


TokenFactory = Callable[..., Awaitable[str]]


@pytest.fixture
async def make_token(database: None) -> TokenFactory:
    async def make(role: str, tenant: str | None = None, *, org_id: int | None = None, **kw) -> str:
        new = await service.create_token(TokenIn(role=role, tenant=tenant, org_id=org_id, **kw))
        return new.token

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def admin_headers(make_token: TokenFactory) -> dict[str, str]:
    return bearer(await make_token("platform_admin"))


@pytest.fixture
async def tenant_headers(tenant: TenantOut, make_token: TokenFactory) -> dict[str, str]:
    return bearer(await make_token("tenant_admin", tenant.slug))
