"""Exporting members and orgs: the rows of `GET /members/export` and `GET /orgs/export` (and
`saishang orgs export`), in the member import's own columns so an exported file imports back
unchanged (bulk.py reads them). Written through the one spreadsheet writer by the callers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import asyncpg

from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs.columns import ORG_TYPES
from server.modules.orgs.protect import keys
from server.modules.orgs.service import MemberFilter, OrgFilter, placed_sql, today
from server.platform.roles import SYSTEM, Actor

# The member columns' zh-CN headers (the English ones are the field names); the import reads both.
EXPORT_HEADERS_ZH = {
    "name": "姓名",
    "id_number": "身份证号",
    "org_id": "组织编号",
    "org": "所属工会",
    "phone": "手机号",
    "gender": "性别",
    "birth_date": "出生日期",
    "trade": "工种",
    "level": "职业资格等级",
    "migrant": "农民工",
    "joined_on": "入会日期",
    "left_on": "离会日期",
}

ALL_MEMBERS = MemberFilter(active=None)  # the left ones too
ALL_ORGS = OrgFilter(include_closed=True)


EXPORT_FETCH = 500  # rows a round trip when an export reads its members: about half a millisecond decoding
# What a member export reads (`WHERE` and `ORDER BY m.id` follow); bench.export has PostgreSQL
# read the same rows alone, the floor an export's effect on other requests is measured against.
EXPORT_SELECT = """SELECT m.name, m.id_cipher, m.id_masked, m.org_id, o.name AS org, m.phone, m.gender,
                          m.birth_date, m.trade, m.level, m.migrant, m.joined_on, m.left_on
                   FROM member m JOIN org o ON o.id = m.org_id"""


async def member_rows(
    filters: MemberFilter = ALL_MEMBERS,
    *,
    reveal: bool = False,
    english: bool = False,
    actor: Actor = SYSTEM,
) -> tuple[list[str], Iterator[list[Any]]]:
    """The members the filters find (the list's own, `MemberFilter`; all of them by default),
    in the import's own columns, so an exported file imports back unchanged (in either
    language: the import reads both). An export with full ID numbers is logged (one entry: the
    org it covered, or the whole tenant)."""
    c = conn()
    scope = filters.org_id or filters.within
    if reveal:
        await activity.record(
            "orgs.members.id_numbers_exported", f"org:{scope}" if scope else "tenant", {"org_id": scope}, actor
        )
    args: list[Any] = []
    where = await filters.sql(args)
    # Read through a cursor, EXPORT_FETCH rows a round trip: asyncpg decodes one result whole,
    # and 66,000 members in one held the event loop (every other request) for some 200 ms.
    cursor = await c.cursor(f"{EXPORT_SELECT} WHERE {where} ORDER BY m.id", *args)
    records: list[asyncpg.Record] = []
    while chunk := await cursor.fetch(EXPORT_FETCH):
        records += chunk
    fields = [
        "name",
        "id_number",
        "org_id",
        "org",
        "phone",
        "gender",
        "birth_date",
        "trade",
        "level",
        "migrant",
        "joined_on",
        "left_on",
    ]
    headers = fields if english else [EXPORT_HEADERS_ZH[f] for f in fields]
    k = keys()

    def rows() -> Iterator[list[Any]]:
        for r in records:
            yield [
                r["name"],
                k.decrypt(r["id_cipher"]) if reveal else r["id_masked"],
                r["org_id"],
                r["org"],
                r["phone"] or "",
                ("M" if r["gender"] == "M" else "F") if english else ("男" if r["gender"] == "M" else "女"),
                r["birth_date"],
                r["trade"] or "",
                r["level"] if r["level"] is not None else "",
                ("yes" if r["migrant"] else "no") if english else ("是" if r["migrant"] else "否"),
                r["joined_on"] or "",
                r["left_on"] or "",
            ]

    return headers, rows()


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
