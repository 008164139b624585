"""The one door to tenant data: `tenant_scope(slug)`.

Each tenant has a schema `t_<slug>`; tenant tables carry no schema, so a query
finds them only inside a scope, which opens a transaction and sets
`SET LOCAL search_path` to that one schema. Outside a scope the search path is
the server default (no tenant schema), so the query fails instead of reading
somebody else's rows.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import asyncpg

from server import messages
from server.errors import NotFound
from server.infra import db
from server.infra.db import DB

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Receive, Scope, Send

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("saishang_tenant", default=None)


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.fullmatch(slug or ""))


def check_slug(slug: str) -> str:
    """Refuse anything that is not a plain slug before it gets near SQL."""
    if not is_valid_slug(slug):
        raise NotFound(messages.TENANT_NOT_FOUND, slug)
    return slug


def schema_for(slug: str) -> str:
    return f"t_{check_slug(slug)}"


def current_tenant() -> str | None:
    """The slug of the scope this task is in, or None."""
    return _current.get()


# --- one connection per tenant read ---------------------------------------------------------
# A tenant route's guard resolves the token and the tenant in one query. On a read (no body to
# wait for) the connection that query ran on stays with the request, and the request's first
# tenant scope opens its transaction on it: one connection, no second acquire and reset. Platform
# reads before that run on it too (infra.db.Held): a request never holds two at once. A token the
# process has seen before is checked with the scope's BEGIN instead (platform.service.enter), so
# the scope's transaction is begun already when the handler opens it.


def hold_for_request(app: ASGIApp) -> ASGIApp:
    """ASGI middleware of the tenant routes: a connection the guard kept and no scope took (a
    later guard refused, the handler opened no scope) goes back to the pool when the request ends."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        holder = db.Held()
        token = db.held.set(holder)
        try:
            await app(scope, receive, send)
        finally:
            db.held.reset(token)
            await db.release_held(holder)

    return middleware


@dataclass
class Entry:
    """The connection a tenant route's guard checks the token on. `begin`: on a read, the statement
    binding a transaction to the route's tenant, which the check may send with BEGIN (then it says
    `begun`) so that the request's tenant scope finds its transaction open. `begun` is said from
    the moment BEGIN is sent: a check failed or cancelled half-way left a transaction to roll back."""

    connection: asyncpg.Connection
    begin: str = ""
    begun: bool = False

    def held(self) -> db.Held:
        """The connection as the request keeps it: with the transaction the check began, if it did."""
        return db.Held(self.connection, self.begin if self.begun else "")


@asynccontextmanager
async def entry_connection(slug: str, *, keep: bool, begin: bool = False) -> AsyncIterator[Entry]:
    """A pool connection for a tenant route's guard. With `keep`, once the guard is done it stays
    with the request (inside `hold_for_request`) for the first `tenant_scope` to open on; with
    `begin` too (the handler opens `slug`'s scope), the guard may begin that scope's transaction
    on it (`Entry.begun`), for the scope to find open."""
    holder = db.held.get()
    keep = keep and holder is not None
    entry = Entry(await db.pool().acquire(), begin=_statement(slug) if keep and begin else "")
    try:
        yield entry
    except BaseException:
        await db.release_held(entry.held())
        raise
    if keep and holder is not None and holder.connection is None:
        kept = entry.held()
        holder.connection, holder.begun = kept.connection, kept.begun
    else:
        await db.release_held(entry.held())


@asynccontextmanager
async def tenant_scope(slug: str) -> AsyncIterator[str]:
    """Open a transaction bound to tenant `slug`'s schema.

    Re-entering the same tenant's scope joins the open transaction; entering a
    different tenant's scope from inside one is a programming error, because
    the inner `SET LOCAL` would silently re-point the outer transaction.
    """
    check_slug(slug)
    active = _current.get()
    if active is not None:
        if active != slug:
            raise RuntimeError(f"tenant_scope({slug!r}) opened inside tenant_scope({active!r})")
        yield slug
        return
    if DB.current_transaction.get() is not None:
        raise RuntimeError("tenant_scope must not be opened inside another transaction")
    token = _current.set(slug)
    try:
        # The request's kept connection, if any, is this scope's for good (back to the pool when it
        # ends), with the scope's transaction begun on it already if its guard began it.
        statement = scope_statement()
        connection, begun = await db.borrow_held(statement)
        async with DB.transaction(connection=connection, then=statement, begun=begun):
            yield slug
    finally:
        _current.reset(token)


def scope_statement() -> str:
    """The statement binding a transaction to the open scope's tenant schema: run by tenant_scope,
    and by a process of ours reading for the scope on a connection of its own (sheets.Query).
    Outside a scope there is none: raising fails closed."""
    slug = _current.get()
    if slug is None:
        raise RuntimeError("tenant services run inside tenant_scope()")
    return _statement(slug)


def _statement(slug: str) -> str:
    # The schema name is built from a validated slug; identifiers can't be bound.
    return f'SET LOCAL search_path TO "{schema_for(slug)}"'


def conn() -> asyncpg.Connection:
    """The connection of the open tenant scope, for SQL the query builder does not say well.
    Outside a scope there is none: raising here fails closed, like a table with no schema."""
    tx = DB.current_transaction.get()
    if tx is None or _current.get() is None:
        raise RuntimeError("tenant services run inside tenant_scope()")
    return tx.connection
