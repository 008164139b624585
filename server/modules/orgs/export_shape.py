"""A member as a row of the member export, in the import's own columns: what the API's export
and `saishang orgs export` write, and what the export's writer child runs on the rows it reads
itself (sheets.Query). Kept light (the standard library and the ID-number keys): the child
imports it to unpickle the shape, and every import is time before the file is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.modules.orgs.protect import keys

FIELDS = [
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
# What a member export reads (`WHERE` and `ORDER BY m.id` follow); bench.export has PostgreSQL
# read the same rows alone, the floor an export's effect on other requests is measured against.
EXPORT_SELECT = """SELECT m.name, m.id_cipher, m.id_masked, m.org_id, o.name AS org, m.phone, m.gender,
                          m.birth_date, m.trade, m.level, m.migrant, m.joined_on, m.left_on
                   FROM member m JOIN org o ON o.id = m.org_id"""


def headers(english: bool) -> list[str]:
    return FIELDS if english else [EXPORT_HEADERS_ZH[f] for f in FIELDS]


@dataclass(frozen=True)
class MemberRow:
    """An EXPORT_SELECT record as an export row: full ID numbers with `reveal` (decrypted), the
    masked ones without; words in English or zh-CN. Picklable: the writer child runs it."""

    english: bool
    reveal: bool

    def __call__(self, r: Mapping[str, Any]) -> list[Any]:
        en = self.english
        return [
            r["name"],
            keys().decrypt(r["id_cipher"]) if self.reveal else r["id_masked"],
            r["org_id"],
            r["org"],
            r["phone"] or "",
            ("M" if r["gender"] == "M" else "F") if en else ("男" if r["gender"] == "M" else "女"),
            r["birth_date"],
            r["trade"] or "",
            r["level"] if r["level"] is not None else "",
            ("yes" if r["migrant"] else "no") if en else ("是" if r["migrant"] else "否"),
            r["joined_on"] or "",
            r["left_on"] or "",
        ]
