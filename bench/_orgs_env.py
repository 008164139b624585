"""A throwaway embedded PostgreSQL with one fresh tenant, for the orgs benchmarks."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from server.infra import db
from server.infra.migrate import migrate_platform
from server.infra.servers import start_servers
from server.platform import service
from server.platform.service import TenantIn


async def another_tenant() -> str:
    """One more fresh tenant in the same server (call inside `bench_tenant`)."""
    slug = f"bench{uuid.uuid4().hex[:8]}"
    await service.create_tenant(TenantIn(slug=slug, name_zh="基准测试", name_en="Bench", modules=["orgs"]))
    return slug


@asynccontextmanager
async def bench_tenant() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory(prefix="saishang-bench-") as home:
        servers = start_servers(Path(home), None, None, need_redis=False)
        try:
            await db.connect(servers.database_url, max_size=4)
            await migrate_platform()
            yield await another_tenant()
        finally:
            await db.disconnect()
            servers.stop()
