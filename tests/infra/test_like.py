"""What a person types is looked for as typed: `%`, `_` and `\\` in a search term match
themselves in PostgreSQL, never any text (server.infra.like, used by every service's search)."""

from __future__ import annotations

from server.infra import like
from server.infra.db import DB

NAMES = ["100% 达标", "1000 达标", "a_b", "axb", "c\\d", "cd"]


async def matching(pattern: str) -> list[str]:
    rows = await DB.fetch(
        "SELECT name FROM unnest($1::text[]) AS name WHERE name ILIKE $2 ORDER BY name", NAMES, pattern
    )
    return [r["name"] for r in rows]


async def test_wildcards_typed_match_themselves(database):
    assert await matching(like.containing("100%")) == ["100% 达标"]
    assert await matching(like.containing("a_")) == ["a_b"]
    assert await matching(like.containing("c\\")) == ["c\\d"]
    assert await matching(like.containing("达标")) == ["100% 达标", "1000 达标"]


async def test_a_family_is_the_codes_under_it(database):
    codes = ["platform.token.created", "platform.token", "platform.tokens.x", "orgs.org_moved.x", "orgs.orgxmoved.x"]
    rows = await DB.fetch(
        "SELECT c FROM unnest($1::text[]) AS c WHERE c LIKE $2 ORDER BY c", codes, like.family("platform.token")
    )
    assert [r["c"] for r in rows] == ["platform.token.created"]
    rows = await DB.fetch("SELECT c FROM unnest($1::text[]) AS c WHERE c LIKE $2", codes, like.family("orgs.org_moved"))
    assert [r["c"] for r in rows] == ["orgs.org_moved.x"]
