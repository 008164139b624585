"""The engine's pool: a shutdown never hangs on a connection a task did not give back."""
from __future__ import annotations

import asyncio

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
