"""The one pagination shape: `limit` + opaque `cursor` in, `items` + `next_cursor` out.

Keyset pagination over an integer key, so page N costs the same as page 1.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import asyncpg
import msgspec

from server import messages
from server.errors import invalid
from server.infra.db import DB
from server.infra.tenancy import conn, current_tenant
from server.infra.types import ID_MAX

T = TypeVar("T")
MAX_LIMIT = 500


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k:{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        key = int(value)
        if kind != "k" or not 1 <= key <= ID_MAX:  # every key issued is an id or a year (an integer column)
            raise ValueError
        return key
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", messages.BAD_CURSOR) from None


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid("limit", messages.BETWEEN, low=1, high=MAX_LIMIT)
    return limit


async def keyset_sql(
    sql: str,
    *args: Any,
    key: str = "id",
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[asyncpg.Record], str | None]:
    """One page of a SQL query: `sql` is a whole SELECT (with `$1..$n` for `args`) whose rows
    carry the integer column `key`; this orders, cuts and resumes it in the tenant scope, or, for
    the platform's own tables (named with their schema), in the open transaction if any (the
    engine's `fetch`). The one way to page: tenant tables and platform tables alike.

    PostgreSQL flattens the wrapping subquery, so the cursor's condition reaches the index."""
    check_limit(limit)
    after = decode_cursor(cursor)
    params: list[Any] = list(args)
    where = ""
    if after is not None:
        params.append(after)
        where = f" WHERE page.{key} {'<' if descending else '>'} ${len(params)}"
    params.append(limit + 1)
    query = (
        f"SELECT * FROM ({sql}) AS page{where} ORDER BY page.{key}{' DESC' if descending else ''} LIMIT ${len(params)}"
    )
    # Outside a tenant scope a tenant table (no schema) is not found: this fails closed as conn() does.
    rows: Sequence[asyncpg.Record] = await (conn().fetch if current_tenant() else DB.fetch)(query, *params)
    next_cursor = encode_cursor(rows[limit - 1][key]) if len(rows) > limit else None
    return list(rows[:limit]), next_cursor


def page_of(items: Sequence[T], *, limit: int, cursor: str | None) -> Page[T]:
    """One page of a short list already in its order (a service computes it whole: an area's
    chairs, a congress's constituencies); the key is the place in that order."""
    check_limit(limit)
    after = decode_cursor(cursor) or 0
    end = after + limit
    return Page(items=list(items[after:end]), next_cursor=encode_cursor(end) if len(items) > end else None)


async def drain(fetch: Callable[[str | None], Awaitable[Page[T]]]) -> list[T]:
    """Every item of a paged list: `fetch(cursor)` answers one page, called until the last
    (the CLI's tables and the exports, which want the whole list)."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        items.extend(page.items)
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor
