"""Exporting members and orgs: the rows of `GET /members/export` and `GET /orgs/export` (and
`saishang orgs export`), in the member import's own columns so an exported file imports back
unchanged (bulk.py reads them). Written through the one spreadsheet writer by the callers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import asyncpg

from server.infra import sheets, tenancy
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs.columns import ORG_TYPES
from server.modules.orgs.export_shape import EXPORT_SELECT, MemberRow, headers
from server.modules.orgs.service import MemberFilter, OrgFilter, placed_sql, today
from server.platform.roles import SYSTEM, Actor

ALL_MEMBERS = MemberFilter(active=None)  # the left ones too
ALL_ORGS = OrgFilter(include_closed=True)
EXPORT_FETCH = 500  # rows a round trip when the API reads an export's first members: about half a millisecond decoding


async def _member_query(
    filters: MemberFilter, reveal: bool, english: bool, actor: Actor
) -> tuple[list[str], str, list[Any], MemberRow]:
    """The headers, query and shape of a member export; one with full ID numbers is logged (one
    entry: the org it covered, or the whole tenant)."""
    scope = filters.org_id or filters.within
    if reveal:
        await activity.record(
            "orgs.members.id_numbers_exported", f"org:{scope}" if scope else "tenant", {"org_id": scope}, actor
        )
    args: list[Any] = []
    where = await filters.sql(args)
    return headers(english), f"{EXPORT_SELECT} WHERE {where} ORDER BY m.id", args, MemberRow(english, reveal)


async def member_rows(
    filters: MemberFilter = ALL_MEMBERS,
    *,
    reveal: bool = False,
    english: bool = False,
    actor: Actor = SYSTEM,
) -> tuple[list[str], Iterator[list[Any]]]:
    """The members the filters find (the list's own, `MemberFilter`; all of them by default),
    in the import's own columns, so an exported file imports back unchanged (in either
    language: the import reads both)."""
    head, sql, args, shape = await _member_query(filters, reveal, english, actor)
    records = await conn().fetch(sql, *args)
    return head, map(shape, records)


async def member_export(
    filters: MemberFilter, *, reveal: bool, english: bool, actor: Actor
) -> tuple[list[str], list[list[Any]] | sheets.Query]:
    """`member_rows` for the API's export: the rows themselves when there are few, else the query
    for the export's writer child to read on a connection of its own (sheets.Query), so that the
    API's event loop never decodes or shapes a tenant's tens of thousands of members."""
    head, sql, args, shape = await _member_query(filters, reveal, english, actor)
    c = conn()
    cursor = await c.cursor(sql, *args)
    records: list[asyncpg.Record] = []
    while len(records) <= sheets.SMALL_EXPORT and (chunk := await cursor.fetch(EXPORT_FETCH)):
        records += chunk
    if len(records) <= sheets.SMALL_EXPORT:
        return head, [shape(r) for r in records]
    return head, sheets.Query(tenancy.scope_statement(), sql, tuple(args), shape)


async def org_rows(filters: OrgFilter = ALL_ORGS, *, english: bool = False) -> tuple[list[str], Iterator[list[Any]]]:
    """The orgs the filters find (the list's own, `OrgFilter`; all of them by default), each
    under its parent today."""
    args: list[Any] = [today()]
    where = await filters.sql(args)
    records = await conn().fetch(  # each org under its parent today
        f"""SELECT o.id, o.name, o.type, pos.parent_id, p.name AS parent, o.enterprise_name, o.credit_code,
                   o.public_sector, o.above_scale, z.name AS zone, o.founded_on, o.closed_on,
                   (SELECT count(*) FROM member m WHERE m.org_id = o.id
                     AND (m.left_on IS NULL OR m.left_on > CURRENT_DATE))::int AS member_count
            FROM org o LEFT JOIN LATERAL {placed_sql("o.id", "$1")} pos ON TRUE
            LEFT JOIN org p ON p.id = pos.parent_id LEFT JOIN zone z ON z.id = o.zone_id
            WHERE {where} ORDER BY o.id""",
        *args,
    )
    en = [
        "id",
        "name",
        "type",
        "parent_id",
        "parent",
        "enterprise_name",
        "credit_code",
        "public_sector",
        "above_scale",
        "zone",
        "founded_on",
        "closed_on",
        "member_count",
    ]
    zh = [
        "组织编号",
        "名称",
        "类型",
        "上级编号",
        "上级组织",
        "企业名称",
        "统一社会信用代码",
        "公有制",
        "规模以上",
        "开发区",
        "成立日期",
        "撤销日期",
        "会员数",
    ]

    def yn(v: bool | None) -> str:
        return "" if v is None else (("yes" if v else "no") if english else ("是" if v else "否"))

    def rows() -> Iterator[list[Any]]:
        for r in records:
            yield [
                r["id"],
                r["name"],
                ORG_TYPES[r["type"]][1 if english else 0],  # in words, as every export's codes
                r["parent_id"] or "",
                r["parent"] or "",
                r["enterprise_name"] or "",
                r["credit_code"] or "",
                yn(r["public_sector"]),
                yn(r["above_scale"]),
                r["zone"] or "",
                r["founded_on"] or "",
                r["closed_on"] or "",
                r["member_count"],
            ]

    return en if english else zh, rows()
