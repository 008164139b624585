"""Reading the dated org tree: one org, a subtree, ancestors, the tree as of a date, an org's history.

`org.parent_id` is the parent of the org's open (last) link, possibly one that starts later:
writes use it to know where an org ends up, reads never do (they place each org with `placed_sql`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import msgspec

from server.errors import NotFound
from server.infra.tenancy import conn
from server.modules.orgs.messages import ORG_NOT_FOUND
from server.modules.orgs.service.common import ACTIVE, open_sql, placed_sql, places_sql, today, valid_sql


class OrgOut(msgspec.Struct):
    id: int
    name: str
    type: str
    parent_id: int | None
    enterprise_name: str | None
    credit_code: str | None
    public_sector: bool | None
    above_scale: bool | None
    founded_on: dt.date | None
    closed_on: dt.date | None
    member_count: int
    zone_id: int | None = None
    child_count: int = 0


class TreeNode(msgspec.Struct):
    id: int
    name: str
    type: str
    parent_id: int | None
    depth: int
    member_count: int


class LinkOut(msgspec.Struct):
    parent_id: int | None
    parent_name: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    plan_id: int | None


def org_query(day: str) -> str:
    """`SELECT … FROM org o …` giving `OrgOut` columns, each org placed as of `day` (a SQL placeholder):
    its parent that day and its children that day (open orgs only)."""
    return f"""SELECT o.id, o.name, o.type,
        CASE WHEN cur.id IS NOT NULL THEN cur.parent_id
             ELSE (SELECT pos.parent_id FROM {placed_sql("o.id", day)} pos) END AS parent_id,
        o.enterprise_name, o.credit_code, o.public_sector, o.above_scale, o.founded_on, o.closed_on,
        (SELECT count(*) FROM member m WHERE m.org_id = o.id AND {ACTIVE})::int AS member_count,
        o.zone_id,
        (SELECT count(*) FROM org_link cl WHERE cl.parent_id = o.id AND {valid_sql("cl", day)}
           AND EXISTS (SELECT 1 FROM org c WHERE c.id = cl.org_id AND {open_sql("c", day)}))::int AS child_count
        FROM org o LEFT JOIN org_link cur ON cur.org_id = o.id AND {valid_sql("cur", day)}"""


def org_out(r: Any) -> OrgOut:
    """An `org_query` row as the Struct."""
    return OrgOut(**dict(r))


async def existing_org(org_id: int, field: str = "org_id") -> dict[str, Any]:
    """The row a write starts from (its last parent, its closing date); 404 if there is no such org."""
    row = await conn().fetchrow("SELECT id, name, type, parent_id, closed_on FROM org WHERE id = $1", org_id)
    if row is None:
        raise NotFound(ORG_NOT_FOUND, key=org_id)
    return dict(row)


async def get_org(org_id: int) -> OrgOut:
    row = await conn().fetchrow(f"{org_query('$2')} WHERE o.id = $1", org_id, today())
    if row is None:
        raise NotFound(ORG_NOT_FOUND, key=org_id)
    return org_out(row)


async def get_orgs(org_ids: Iterable[int]) -> dict[int, OrgOut]:
    """Several orgs in one query; missing ids are absent."""
    rows = await conn().fetch(f"{org_query('$2')} WHERE o.id = ANY($1::int[])", list(org_ids), today())
    return {r["id"]: org_out(r) for r in rows}


async def subtree_ids(org_id: int, as_of: dt.date | None = None) -> list[int]:
    """The org and every org below it: today (closed orgs under the parent they had when they
    closed, orgs not founded yet under the one they will have), or the orgs existing on `as_of`."""
    c = conn()
    if not await c.fetchval("SELECT 1 FROM org WHERE id = $1", org_id):
        raise NotFound(ORG_NOT_FOUND, key=org_id)
    if as_of is None:
        rows = await c.fetch(
            f"""WITH RECURSIVE t(id) AS (
                  SELECT $1::int
                  UNION SELECT l.org_id FROM org_link l JOIN t ON l.parent_id = t.id JOIN org o ON o.id = l.org_id
                    WHERE {places_sql("l", "o", "$2")}
                       OR (l.valid_from > $2 AND NOT EXISTS (  -- not founded yet: its first link
                            SELECT 1 FROM org_link e WHERE e.org_id = l.org_id
                               AND (e.valid_from < l.valid_from OR (e.valid_from = l.valid_from AND e.id > l.id)))))
                SELECT id FROM t""",
            org_id,
            today(),
        )
    else:
        rows = await c.fetch(  # the org itself only if it existed that day
            """WITH RECURSIVE t(id) AS (
                 SELECT $1::int WHERE EXISTS (SELECT 1 FROM org_link r WHERE r.org_id = $1
                                                AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2))
                 UNION SELECT l.org_id FROM org_link l JOIN t ON l.parent_id = t.id
                   WHERE l.valid_from <= $2 AND (l.valid_to IS NULL OR l.valid_to > $2))
               SELECT id FROM t""",
            org_id,
            as_of,
        )
    return [r["id"] for r in rows]


async def _above(org_id: int, day: dt.date) -> list[int]:
    """The org's ancestors on `day` (placed as `placed_sql` says), nearest first."""
    rows = await conn().fetch(
        f"""WITH RECURSIVE up(id, depth) AS (
              SELECT $1::int, 0
              UNION SELECT pos.parent_id, up.depth + 1 FROM up CROSS JOIN LATERAL {placed_sql("up.id", "$2")} pos
                    WHERE pos.parent_id IS NOT NULL AND up.depth < 100)
            SELECT id FROM up WHERE depth > 0 ORDER BY depth""",
        org_id,
        day,
    )
    return [r["id"] for r in rows]


async def is_in_subtree(org_id: int, root_id: int) -> bool:
    """Is `org_id` `root_id` itself or below it today?"""
    return org_id == root_id or root_id in await _above(org_id, today())


async def ancestors(org_id: int, *, within: int | None = None) -> list[OrgOut]:
    """The path from the root down to the org's parent today (for breadcrumbs). `within` (an org
    officer's org) starts the path there: nothing above the officer's own org."""
    path = await _above(org_id, today())
    found = await get_orgs(path)
    out = [found[i] for i in reversed(path) if i in found]
    if within is not None:
        ids = [o.id for o in out]
        out = out[ids.index(within) :] if within in ids else []
    return out


async def exists_on(org_id: int, day: dt.date) -> bool:
    """Is the org in the tree on `day` (founded by then, not closed)?"""
    return bool(
        await conn().fetchval(
            f"SELECT EXISTS (SELECT 1 FROM org_link l WHERE l.org_id = $1 AND {valid_sql('l', '$2')})", org_id, day
        )
    )


async def _would_cycle(org_id: int, parent_id: int, on: dt.date) -> bool:
    """Would `org_id` under `parent_id` from `on` be its own ancestor, that day or on any later day
    the tree is scheduled to change (moves and plans dated in the future)?"""
    if org_id == parent_id:
        return True
    return bool(
        await conn().fetchval(
            f"""WITH RECURSIVE days(d) AS (SELECT $3::date UNION SELECT valid_from FROM org_link WHERE valid_from > $3),
              up(id, d) AS (
                SELECT $2::int, d FROM days
                UNION SELECT l.parent_id, up.d FROM up JOIN org_link l ON l.org_id = up.id AND {valid_sql("l", "up.d")}
                      WHERE l.parent_id IS NOT NULL AND l.org_id <> $1)
            SELECT EXISTS (SELECT 1 FROM up WHERE id = $1)""",
            org_id,
            parent_id,
            on,
        )
    )


async def tree(
    root_id: int | None = None, *, as_of: dt.date | None = None, within: int | None = None
) -> list[TreeNode]:
    """The tree as of a date (default today: open orgs with their members now) depth-first from
    `root_id` (or from every root). Member counts of a past date are of members placed then.
    `within` (an org officer's org) keeps only the orgs in its subtree today: an org that sat
    under it once and has moved away since is no longer the officer's to see."""
    if within is not None:
        allowed = set(await subtree_ids(within))
        return [n for n in await tree(root_id, as_of=as_of) if n.id in allowed]
    day = as_of or today()
    c = conn()
    if root_id is not None and not await c.fetchval("SELECT 1 FROM org WHERE id = $1", root_id):
        raise NotFound(ORG_NOT_FOUND, key=root_id)
    if as_of is None:
        links = f"""SELECT l.org_id, l.parent_id FROM org_link l JOIN org o ON o.id = l.org_id
                    WHERE {valid_sql("l", "$2")} AND {open_sql("o", "$2")}"""
        members = f"SELECT m.org_id, count(*) AS n FROM member m WHERE {ACTIVE} GROUP BY m.org_id"
    else:
        links = "SELECT org_id, parent_id FROM org_link WHERE valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)"
        members = (
            "SELECT org_id, count(*) AS n FROM placement "
            "WHERE valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) GROUP BY org_id"
        )
    start = "l.org_id = $1" if root_id is not None else "l.parent_id IS NULL AND $1::int IS NULL"
    rows = await c.fetch(
        f"""WITH RECURSIVE l AS ({links}),
              t(id, parent_id, depth, path) AS (
                SELECT l.org_id, l.parent_id, 0, ARRAY[l.org_id] FROM l WHERE {start}
                UNION ALL
                SELECT l.org_id, l.parent_id, t.depth + 1, t.path || l.org_id FROM l JOIN t ON l.parent_id = t.id
                 WHERE NOT l.org_id = ANY(t.path)),
              n AS ({members})
            SELECT t.id, o.name, o.type, t.parent_id, t.depth, coalesce(n.n, 0)::int AS member_count
            FROM t JOIN org o ON o.id = t.id LEFT JOIN n ON n.org_id = t.id ORDER BY t.path""",
        root_id,
        day,
    )
    return [TreeNode(**dict(r)) for r in rows]


async def org_history(org_id: int) -> list[LinkOut]:
    """The org's parents over time (effective-dated)."""
    await existing_org(org_id)
    rows = await conn().fetch(
        """SELECT l.parent_id, p.name AS parent_name, l.valid_from, l.valid_to, l.plan_id
           FROM org_link l LEFT JOIN org p ON p.id = l.parent_id WHERE l.org_id = $1 ORDER BY l.valid_from, l.id""",
        org_id,
    )
    return [LinkOut(**dict(r)) for r in rows]
