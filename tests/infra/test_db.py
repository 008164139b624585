"""The engine's pool: a shutdown never hangs on a connection a task did not give back."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg

from server.infra import db
from server.infra.db import DB, asyncpg_config


async def test_shutdown_never_waits_for_ever_on_a_connection_not_given_back(settings, database):
    session_pool = DB.pool
    try:
        DB.pool = await asyncpg.create_pool(**asyncpg_config(settings.database_url), min_size=1, max_size=2)
        held = await DB.pool.acquire()  # e.g. by a request task that was torn down half way
        await asyncio.wait_for(db.disconnect(timeout=0.5), 10)
        assert DB.pool is None and held is not None  # and we got here: without the timeout it waits for ever
    finally:
        DB.pool = session_pool


async def test_a_task_cancelled_while_committing_gives_its_connection_back(fresh_tenant):
    """A request or job cancelled during COMMIT (here: a deferred trigger makes COMMIT take a second).
    A fresh tenant: the test adds a table, a function and a trigger to its schema."""
    from server.infra.tenancy import tenant_scope

    def in_use() -> int:
        return sum(1 for holder in DB.pool._holders if holder._in_use is not None)

    async with tenant_scope(fresh_tenant.slug):
        await DB.current_transaction.get().connection.execute("""
            CREATE TABLE slow_commit (a int);
            CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON slow_commit DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION slow()""")
    before = in_use()

    async def request() -> None:
        async with tenant_scope(fresh_tenant.slug):
            await DB.run_ddl("INSERT INTO slow_commit VALUES (1)")

    task = asyncio.create_task(request())
    await asyncio.sleep(0.3)  # inside COMMIT now
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    for _ in range(100):
        if in_use() == before:
            break
        await asyncio.sleep(0.05)
    assert in_use() == before
    assert DB.current_transaction.get() is None
    async with tenant_scope(fresh_tenant.slug):  # and the pool still serves
        assert await DB.run_ddl("SELECT 1") is not None


async def test_a_connection_goes_back_to_the_pool_reset_when_its_commit_carried_the_reset(tenant):
    """The scope's COMMIT carries the pool's reset (one round trip, not two): a session setting
    or an advisory lock taken inside does not outlive the connection's return to the pool."""
    from server.infra.tenancy import conn, tenant_scope

    async with tenant_scope(tenant.slug):
        raw = conn()._con  # the pool's connection behind its proxy
        await conn().execute("SET application_name = 'leaked'; SELECT pg_advisory_lock(4242)")
    assert await raw.fetchval("SHOW application_name") != "leaked"
    assert await raw.fetchval("SHOW search_path") == '"$user", public'
    locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
    assert await raw.fetchval(locks) == 0
