"""The one pagination shape: `limit` + opaque `cursor` in, `items` + `next_cursor` out.

Keyset pagination over an integer key, so page N costs the same as page 1.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Generic, TypeVar

import msgspec
from piccolo.columns import Column
from piccolo.query import Select

from server.errors import invalid

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
        if kind != "k":
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", "is not a cursor this server issued") from None


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid("limit", f"must be between 1 and {MAX_LIMIT}")
    return limit


async def keyset(
    query: Select, key: Column, *, limit: int, cursor: str | None, descending: bool = False
) -> tuple[list[dict[str, Any]], str | None]:
    """Run `query` one page at a time, ordered by `key` (which must be selected)."""
    check_limit(limit)
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(key < after if descending else key > after)
    rows = await query.order_by(key, ascending=not descending).limit(limit + 1)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1][key._meta.name])
    return rows, next_cursor
