"""What every part of the orgs service shares: org types, qualification levels, the clock
(Asia/Shanghai) and the SQL fragments that read the effective-dated tree.

The tree is effective-dated: `org_link` rows say which parent an org has on which days. Every
read of the tree without a date is the tree as of today, resolved from those links
(`placed_sql`), so a move or plan dated in the future shows from its effective date on and not
before, with nothing to refresh. A member's union is likewise dated in `placement`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from server.errors import FieldError, RuleViolation
from server.infra.tenancy import conn
from server.messages import Msg
from server.modules.orgs.messages import (
    ALREADY_MEMBER,
    ALREADY_MEMBER_HIDDEN,
    BAD_PHONE,
    ORG_IS_CLOSED,
    ORG_IS_CLOSING,
    PARENT_IS_CLOSED,
    PARENT_IS_CLOSING,
)
from server.platform.roles import Actor, Role

# A link or placement with no known start began "always".
EPOCH = dt.date(1900, 1, 1)

# The advisory lock class of a tenant's org tree (the second key is the schema's hash).
TREE_LOCK = 0x5A15_0726


async def lock_tree() -> None:
    """Serialise changes to this tenant's org tree: every move, plan apply and rollback, and every
    create, close and reopen of an org, takes this lock (held to the end of the transaction)
    BEFORE it reads the tree it checks. Two changes that would together close a loop then run one
    after the other, and the second sees the first's result (each statement reads what is committed
    when it starts) and is refused with a clear reason instead of both succeeding."""
    await conn().execute("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", TREE_LOCK)


class OrgType(str, Enum):
    city_federation = "city_federation"  # 市总工会
    county_federation = "county_federation"  # 县(区)总工会
    zone_federation = "zone_federation"  # 开发区总工会
    industry_union = "industry_union"  # 产业工会
    joint_union = "joint_union"  # 街道/社区联合工会
    enterprise_union = "enterprise_union"  # 企业工会 / 基层工会


ORG_TYPE_ZH = {
    "city_federation": "市总工会",
    "county_federation": "县(区)总工会",
    "zone_federation": "开发区总工会",
    "industry_union": "产业工会",
    "joint_union": "联合工会",
    "enterprise_union": "企业工会",
}
LEVELS = {1: "高级技师", 2: "技师", 3: "高级工", 4: "中级工", 5: "初级工"}
# Mobile: 11 digits from 13-19; landline: an area code (0 then 2-3 digits, never 00) and 7-8 digits.
PHONE_RE = re.compile(r"1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}")


def today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # Asia/Shanghai


ACTIVE = "(m.left_on IS NULL OR m.left_on > CURRENT_DATE)"


def valid_sql(link: str, day: str) -> str:
    """SQL: link `link` holds on `day` (a SQL expression or placeholder)."""
    return f"{link}.valid_from <= {day} AND ({link}.valid_to IS NULL OR {link}.valid_to > {day})"


def placed_sql(org: str, day: str) -> str:
    """SQL subquery (id, parent_id, valid_from): the link that places org `org` in the tree on `day`.
    That is the link valid that day; for an org closed by then, its last one (where it was when it
    closed); for an org founded later (e.g. by a plan not yet effective), its first one."""
    return (
        f"(SELECT pl.id, pl.parent_id, pl.valid_from FROM org_link pl WHERE pl.org_id = {org} "
        f"ORDER BY pl.valid_from > {day}, CASE WHEN pl.valid_from <= {day} THEN pl.valid_from END DESC NULLS LAST, "
        f"pl.valid_from, pl.id DESC LIMIT 1)"
    )


def places_sql(link: str, org: str, day: str) -> str:
    """SQL: link `link` of org `org` places it on `day`, for an org founded by then (`placed_sql`'s
    first two cases, as a join condition the link indexes serve): valid that day, or the last link
    of an org closed by then (closing ends the open link on the closing day)."""
    return f"({valid_sql(link, day)} OR ({org}.closed_on <= {day} AND {link}.valid_to = {org}.closed_on))"


def already_member(member_id: int, actor: Actor, row: int | None = None) -> FieldError:
    """The person is a member already: which one, unless the reader is an org officer, for whom
    the record may lie outside their subtree."""
    if actor.role is Role.org_officer:
        return FieldError("id_number", ALREADY_MEMBER_HIDDEN, row)
    return FieldError("id_number", ALREADY_MEMBER, row, member=member_id)


def open_sql(org: str, day: str) -> str:
    """SQL: org `org` is open on `day`: not closed, or its closing is dated later (it has not happened yet)."""
    return f"({org}.closed_on IS NULL OR {org}.closed_on > {day})"


def closed_error(field: str, closed_on: dt.date, row: int | None = None, *, parent: bool = False) -> FieldError:
    """Nothing more can be put under an org that is closed, or scheduled to close on `closed_on`."""
    if closed_on <= today():
        return FieldError(field, PARENT_IS_CLOSED if parent else ORG_IS_CLOSED, row)
    return FieldError(field, PARENT_IS_CLOSING if parent else ORG_IS_CLOSING, row, closed_on=closed_on.isoformat())


def closed_rule(closed_on: dt.date, closed: Msg, closing: Msg) -> RuleViolation:
    """The org is closed (`closed`) or closes on a later date (`closing`), so this cannot be done."""
    code = closed.code.partition(".")[0]
    if closed_on <= today():
        return RuleViolation(closed, code=code)
    return RuleViolation(closing, code=code, closed_on=closed_on.isoformat())


# Control characters (NUL included, which PostgreSQL cannot store) and the invisible format ones:
# soft hyphen, zero-width spaces and joiners, text-direction marks and overrides, the BOM. A name
# of one zero-width space looked empty; a right-to-left override turned "三张" into "张三" on screen.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)


def invisible(text: str) -> str | None:
    """The first invisible character of `text`, as "U+XXXX", or None."""
    found = _INVISIBLE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def clean_text(value: str | None) -> str | None:
    """Trimmed text; empty means none."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_phone(phone: str | None) -> str | None:
    """Mainland mobile (11 digits from 13-19) or landline with area code; spaces ignored."""
    if phone is None:
        return None
    if PHONE_RE.fullmatch(phone):  # the common case, already clean
        return phone
    value = re.sub(r"[\s()]", "", phone)
    if value.startswith("+86"):
        value = value[3:]
    if not value:
        return None
    if not PHONE_RE.fullmatch(value):
        raise ValueError(BAD_PHONE.en)  # callers report it as BAD_PHONE
    return value
