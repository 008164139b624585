"""The one PostgreSQL engine. Its DSN is set at start-up, once the server is known."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from asyncpg.transaction import TransactionState
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

# --- the request's connection -------------------------------------------------------------
# A tenant read keeps the connection its guard authenticated on until its tenant scope opens on
# it (infra.tenancy). Whatever else that request reads meanwhile (the platform's tables: its
# tokens, the review, the tenant) runs on that connection too, not on a second one from the pool:
# a request that holds one connection and waits for another waits for ever once the pool is
# exhausted by such requests.


@dataclass
class Held:
    """The connection a request keeps for its tenant scope, while no one uses it. `begun`: the
    statement a transaction was begun with on it already (the guard sent BEGIN and the scope's
    statement with its token check, infra.tenancy.Entry), for the scope that opens with the same."""

    connection: asyncpg.Connection | None = None
    begun: str = ""


held: contextvars.ContextVar[Held | None] = contextvars.ContextVar("saishang_held", default=None)


async def borrow_held(then: str = "") -> tuple[asyncpg.Connection | None, bool]:
    """The request's kept connection, lent until `return_held` (None: take one from the pool), and
    whether the transaction `then` opens is begun on it already. A transaction begun for something
    else (the tenant scope, when a platform read comes first) is rolled back: nothing ran in it."""
    holder = held.get()
    if holder is None or holder.connection is None:
        return None, False
    connection, holder.connection = holder.connection, None
    begun, holder.begun = holder.begun, ""
    if not begun:
        return connection, False
    if then == begun:
        return connection, True
    try:
        await connection.execute("ROLLBACK")
    except BaseException:
        await pool().release(connection)
        raise
    return connection, False


async def return_held(connection: asyncpg.Connection, *, clean: bool) -> None:
    """Back to the request that kept it, ready for its tenant scope, when what borrowed it ended
    `clean` (a statement answered, a transaction committed or rolled back); else (cancelled, failed
    half-way, closed) to the pool, which resets or closes it."""
    holder = held.get()
    usable = clean and not connection.is_closed() and not connection.is_in_transaction()
    if usable and holder is not None and holder.connection is None:
        holder.connection = connection
    else:
        await pool().release(connection)


async def release_held(holder: Held) -> None:
    """The request's kept connection back to the pool when the request ends, a transaction the
    guard began on it and nobody took rolled back with the pool's reset, in one round trip."""
    connection, holder.connection = holder.connection, None
    if connection is None:
        return
    if holder.begun and not connection.is_closed():
        holder.begun = ""
        try:
            await connection.execute("ROLLBACK;\n" + connection.get_reset_query())
        except BaseException:
            await pool().release(connection)
            raise
        _reset_sent.add(connection._con)  # the pool's connection behind its proxy
    await pool().release(connection)


class Transaction(PostgresTransaction):
    """Piccolo's transaction, giving its connection back to the pool whatever happens. Piccolo
    skips the release when BEGIN, COMMIT or ROLLBACK is itself interrupted (a request or a job
    cancelled at that moment), and the pool then lacks that connection for good."""

    def __init__(
        self,
        engine: PostgresEngine,
        allow_nested: bool = True,
        connection: Any = None,
        then: str = "",
        begun: bool = False,
    ):
        super().__init__(engine=engine, allow_nested=allow_nested)
        self._lent = connection
        self._then = then
        self._begun = begun
        self._borrowed = False

    async def begin(self) -> None:
        if self._begun:
            # Begun already, with `then`, on the connection handed in (the guard's, see `Held`):
            # asyncpg's bookkeeping is set as below.
            self._started()
            return
        if not self._then:
            await self.transaction.start()
            return
        # BEGIN and the statement that must follow it (the tenant scope's SET LOCAL) in one round
        # trip. asyncpg's start() sends BEGIN alone; its bookkeeping is set here as start() sets it,
        # so a savepoint (`conn.transaction()` inside) and COMMIT/ROLLBACK work as usual.
        await self.connection.execute(f"BEGIN; {self._then}")
        self._started()

    def _started(self) -> None:
        self.transaction._state = TransactionState.STARTED
        self.transaction._connection._top_xact = self.transaction  # the connection behind a pool proxy

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        # A connection handed in (the one a tenant route's guard authenticated on) saves an acquire,
        # and so does the one a request keeps for its tenant scope (a platform read before it).
        lent = self._lent
        if lent is None:
            lent, _ = await borrow_held()
            self._borrowed = lent is not None
        self.connection = lent if lent is not None else await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._give_back()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self._commit_and_reset()
        finally:
            # Closed from another context (an abandoned generator's finalizer): nothing to reset.
            with contextlib.suppress(ValueError):
                self.engine.current_transaction.reset(self.context)
            await self._give_back()
        return exception is None

    async def _commit_and_reset(self) -> None:
        """COMMIT and the pool's reset of the connection (asyncpg's own reset query: advisory locks,
        cursors, LISTENs, settings) in one round trip: the transaction gives its connection back
        next, and the pool's release then finds it reset (`_reset_on_release`). A connection
        borrowed from its request goes back to the request, not the pool: a plain COMMIT."""
        if self.engine.pool is None or self._borrowed:
            await self.commit()
            return
        raw = self.connection._con  # the pool's connection behind its proxy
        raw._top_xact = None  # asyncpg's bookkeeping, as its own commit keeps it
        try:
            await self.connection.execute("COMMIT;\n" + raw.get_reset_query())
        except BaseException:
            self.transaction._state = TransactionState.FAILED
            raise
        self.transaction._state = TransactionState.COMMITTED
        self._committed = True
        _reset_sent.add(raw)

    async def _give_back(self) -> None:
        if self._borrowed:
            await return_held(self.connection, clean=self._committed or self._rolled_back)
        elif self.engine.pool:
            # asyncpg shields the release itself, and resets the connection or closes it when
            # an interrupted statement left it unusable.
            await self.engine.pool.release(self.connection)
        else:
            await self.connection.close()


_reset_sent: weakref.WeakSet[asyncpg.Connection] = weakref.WeakSet()


async def _reset_on_release(connection: asyncpg.Connection) -> None:
    """The pool's reset of a connection given back (after asyncpg rolled back any transaction
    left open): its reset query, unless the COMMIT or ROLLBACK that ended its transaction carried it."""
    if connection in _reset_sent:
        _reset_sent.discard(connection)
        return
    await connection.execute(connection.get_reset_query())


class Engine(PostgresEngine):
    """Piccolo's engine connects at construction to check the server version;
    ours is built before the server is known, so that check waits for `connect`."""

    async def check_version(self) -> None:
        return None

    async def prep_database(self) -> None:
        return None

    async def _run_in_pool(self, query: str, args: Sequence[Any] | None = None) -> Any:
        """A statement outside a transaction: on the request's kept connection (see `Held`) if it
        has one, else on one from the pool."""
        connection, _ = await borrow_held()
        if connection is None:
            return await super()._run_in_pool(query, args)
        try:
            rows = await connection.fetch(query, *(args or []))
        except BaseException:
            await return_held(connection, clean=False)
            raise
        await return_held(connection, clean=True)
        return rows

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        """The rows of a SQL query, in the open transaction (a tenant scope, a platform transaction)
        or else as a statement of its own (see `_run_in_pool`)."""
        tx = self.current_transaction.get()
        if tx is not None:
            return await tx.connection.fetch(query, *args)
        return await self._run_in_pool(query, args)

    def transaction(
        self, allow_nested: bool = True, connection: Any = None, then: str = "", begun: bool = False
    ) -> PostgresTransaction:
        """A transaction on a pool connection, or on `connection` (taken from the pool by the
        caller, given back when the transaction ends); `then`, a statement sent with its BEGIN;
        `begun`, `connection` has that transaction begun already (`borrow_held`)."""
        return Transaction(engine=self, allow_nested=allow_nested, connection=connection, then=then, begun=begun)


DB = Engine(config={})
log = logging.getLogger("saishang.db")


# Ours, not libpq's: asyncpg's `statement_cache_size`, taken out of the DSN's query (0 behind
# PgBouncer in transaction mode, where a prepared statement outlives its server connection).
STATEMENT_CACHE = "statement_cache_size"


def asyncpg_config(url: str) -> dict:
    """asyncpg's connect arguments for `DATABASE_URL`. The DSN goes to asyncpg whole, so it is
    read as libpq reads it: percent-encoded user and password, `host=/socket/dir`, `sslmode`
    (`require`, `verify-full` with `sslrootcert`), `sslcert`/`sslkey`, `connect_timeout`,
    `target_session_attrs`, `application_name`, the `PG*` environment variables for what the
    URL leaves out. The one parameter of ours, `statement_cache_size`, becomes that keyword."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    config: dict = {}
    if any(key == STATEMENT_CACHE for key, _ in query):
        for key, value in query:
            if key == STATEMENT_CACHE:
                try:
                    config[STATEMENT_CACHE] = int(value)
                except ValueError:
                    raise ValueError(f"DATABASE_URL: {STATEMENT_CACHE} must be a whole number, not {value!r}") from None
        url = urlunsplit(parts._replace(query=urlencode([(k, v) for k, v in query if k != STATEMENT_CACHE])))
    config["dsn"] = url
    return config


# What connecting raises when the database cannot be reached or used: refused, unreachable or
# TLS failing (`OSError`), the server's refusals (password, pg_hba.conf, no such database) and a
# DATABASE_URL that cannot be used (`ValueError`).
CONNECT_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, asyncpg.PostgresError, asyncpg.InterfaceError)


def pool() -> asyncpg.Pool:
    """The engine's open pool (`connect` opened it)."""
    if DB.pool is None:
        raise RuntimeError("the database is not connected")
    return DB.pool


async def connect(url: str, *, max_size: int = 20) -> None:
    """Point the engine at `url` and open its pool (idempotent)."""
    if DB.pool is not None:
        return
    DB.config = asyncpg_config(url)
    await DB.start_connection_pool(min_size=1, max_size=max_size, reset=_reset_on_release)


async def disconnect(timeout: float = 10.0) -> None:
    """Close the pool. asyncpg's close waits for every connection to come back; one a task
    never gave back would hang the shutdown for ever, so after `timeout` the rest are
    terminated (asyncpg's own advice) and the shutdown says so in the log."""
    pool = DB.pool
    if pool is None:
        return
    try:
        await asyncio.wait_for(pool.close(), timeout)  # cancelled by the timeout, close() terminates the pool
    except TimeoutError:
        log.warning("PostgreSQL connections still in use %.0f s after shutdown began: terminated", timeout)
    finally:
        DB.pool = None
