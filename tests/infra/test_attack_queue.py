"""`enqueue` with REDIS_URL set but Redis unreachable (a closed port): it answers False at once,
after one attempt (arq's create_pool would otherwise retry five times, a second apart, so a CLI
`enable-module` hung for seconds), and what the caller committed stands."""

from __future__ import annotations

import dataclasses
import logging
import socket

from server.infra import queue
from server.platform import service


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the block ends: nothing listens there


async def test_an_unreachable_redis_fails_fast_and_the_switch_stands(settings, make_tenant, caplog):
    nowhere = dataclasses.replace(settings, redis_url=f"redis://127.0.0.1:{closed_port()}/0")
    tenant = await make_tenant(modules=["orgs"])
    with caplog.at_level(logging.INFO):
        assert await queue.enqueue(nowhere, "modules_switched", tenant.slug) is False
        out = await service.set_modules(tenant.slug, enable=["voice"], settings=nowhere)
    assert "voice" in out.modules and "voice" in (await service.get_tenant(tenant.slug)).modules
    retried = [r.getMessage() for r in caplog.records if "retries remaining" in r.getMessage()]
    assert retried == []  # one attempt each, no retry loop
    assert [r for r in caplog.records if r.name == "saishang.queue"]  # the miss is logged
