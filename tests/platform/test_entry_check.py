"""The guard's token check sent with the scope's BEGIN (platform.service.enter), attacked: a read
cancelled half-way, input aimed at the check's literals, revocations racing reads, the kept
tokens overflowing."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from server.infra import db
from server.platform import service
from server.platform.service import TokenIn
from tests.conftest import bearer, blocking_another


def busy() -> int:
    pool = db.pool()
    return pool.get_size() - pool.get_idle_size()


def reset_warnings(caplog) -> list[str]:
    return [rec.getMessage() for rec in caplog.records if "active transaction" in rec.getMessage()]


async def cancelled_while_locked(client, url: str, headers: dict[str, str], table: str) -> None:
    """A read of `url` waits on a lock held on `table` and its client goes away meanwhile."""
    async with db.pool().acquire() as locker, locker.transaction():
        await locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        read = asyncio.create_task(client.get(url, headers=headers))
        await blocking_another(locker)
        read.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await read


@pytest.mark.parametrize("where", ["check", "handler"])
async def test_a_read_cancelled_during_its_token_check_or_its_handler_gives_its_connection_back_clean(
    client, make_tenant, caplog, where
):
    """The client goes away while the guard's check waits (on a lock a migration of the platform's
    tables would hold) or while the handler reads in the transaction the check began: that
    transaction is rolled back and the connection goes back to the pool reset, and the next read
    is answered."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/members", bearer(token.token)
    assert (await client.get(url, headers=headers)).status_code == 200  # seen: the next read is checked
    before = busy()
    table = "platform.tenant" if where == "check" else f'"t_{tenant.slug}".member'
    await cancelled_while_locked(client, url, headers, table)
    assert busy() == before
    assert not reset_warnings(caplog)
    assert (await client.get(url, headers=headers)).status_code == 200


async def test_a_check_that_passes_after_another_read_dropped_the_kept_token_is_answered(client, make_tenant):
    """While one read's check waits, another read of the same token finds it changed (or the
    least recently used are dropped) and the process forgets the token: the first read, whose
    check passed, is answered all the same, not with a 500."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/me", bearer(token.token)
    assert (await client.get(url, headers=headers)).status_code == 200
    async with db.pool().acquire() as locker:
        async with locker.transaction():
            await locker.execute("LOCK TABLE platform.tenant IN ACCESS EXCLUSIVE MODE")
            read = asyncio.create_task(client.get(url, headers=headers))
            await blocking_another(locker)  # the check was sent and waits
            service._seen.pop((service._hash(token.token), tenant.slug))
        r = await read
    assert r.status_code == 200, r.text
