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
# reads before that run on it too (infra.db.Held): a request never holds two at once.


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
            if holder.connection is not None:
                connection, holder.connection = holder.connection, None
                await db.pool().release(connection)

    return middleware


@asynccontextmanager
async def entry_connection(*, keep: bool) -> AsyncIterator[asyncpg.Connection]:
    """A pool connection for a tenant route's guard. With `keep`, once the guard is done it stays
    with the request (inside `hold_for_request`) for the first `tenant_scope` to open on."""
    holder = db.held.get()
    connection = await db.pool().acquire()
    try:
        yield connection
    except BaseException:
        await db.pool().release(connection)
        raise
    if keep and holder is not None and holder.connection is None:
        holder.connection = connection
    else:
        await db.pool().release(connection)


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
        # The request's kept connection, if any, is this scope's for good (back to the pool when it ends).
        async with DB.transaction(connection=db.borrow_held(), then=scope_statement()):
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
    # The schema name is built from a validated slug; identifiers can't be bound.
    return f'SET LOCAL search_path TO "{schema_for(slug)}"'


def conn() -> asyncpg.Connection:
    """The connection of the open tenant scope, for SQL the query builder does not say well.
    Outside a scope there is none: raising here fails closed, like a table with no schema."""
    tx = DB.current_transaction.get()
    if tx is None or _current.get() is None:
        raise RuntimeError("tenant services run inside tenant_scope()")
    return tx.connection
