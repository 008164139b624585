"""What the audit services share: the six areas, the five report forms, the grade bands, the clock
(Asia/Shanghai) and who may act (the one officer policy, `server.modules.orgs.access`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from msgspec import Meta

from server.errors import Forbidden
from server.infra.types import COUNT_MAX, FEN_MAX, MAX_YEAR
from server.modules.audit import messages as msg
from server.platform.roles import Actor, Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# The schema's bounds for the `*In` Structs (issue 13): the real ones (`server.infra.types`'s
# counts and fen, the audits' years, a fund unit of at least a fen); a value in its bound but
# invalid (an unknown form, a 300-character title, points finer than hundredths or past an
# indicator's maximum) is answered by the service's own bilingual field error.
AUDIT_FIRST_YEAR = 2000  # audits are planned for 2000 … 2100
AuditYear = Annotated[int, Meta(ge=AUDIT_FIRST_YEAR, le=MAX_YEAR, description="the audited year (2000 … 2100)")]
FundUnit = Annotated[int, Meta(ge=1, le=FEN_MAX, description="fen per fund unit (at least 1 fen)")]
# Points: an indicator's maxima sum to 100, and an auditor's points for a part lie within its
# maximum; a rate (points per project, per fund unit…) is capped by its maximum when scored.
# The service checks hundredths, the sum and each maximum.
Points = Annotated[float, Meta(ge=0, le=100, description="points (0 … 100, at most two decimals)")]
Rate = Annotated[float, Meta(ge=0, le=COUNT_MAX, description="points per unit, at most two decimals")]
AREAS = ("教育宣传", "文体活动", "困难帮扶", "劳动竞赛", "工会业务", "经费管理")
# The five kinds of report form (5类报告单) an auditor fills in at the union.
FORMS = {
    "spending": "经费支出情况报告单",
    "activity": "活动开展情况报告单",
    "relief": "困难帮扶情况报告单",
    "competition": "劳动竞赛及技能提升报告单",
    "finance": "经费收支管理报告单",
}
# Grade bands on the 100-point scale, in hundredths of a point: the lowest total of each grade.
GRADES = (
    ("good", 9000, "效益好"),
    ("fairly_good", 8000, "效益较好"),
    ("average", 7000, "效益一般"),
    ("poor", 0, "效益较差"),
)
NOTICE_DAYS = 3  # 审计前3日送达审计通知书
RECTIFY_DAYS = 30  # 整改结果在30日内报经审会
REMIND_DAYS = 5  # a reminder this many days before a rectification is due


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def grade_of(total_cp: int) -> str:
    """The grade of a total in hundredths of a point: 90-100 good, 80-89.99 fairly good, 70-79.99 average."""
    for grade, low, _ in GRADES:
        if total_cp >= low:
            return grade
    return "poor"


def is_admin(actor: Actor) -> bool:
    return actor.role in (Role.platform_admin, Role.tenant_admin)


def require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise Forbidden(msg.ADMINS_ONLY, code="role_forbidden")


def require_auditor(actor: Actor) -> None:
    """Fieldwork, scoring, opinions and closing: the auditor (经审会), or a tenant admin."""
    if not (is_admin(actor) or actor.role is Role.auditor):
        raise Forbidden(msg.AUDITORS_ONLY, code="role_forbidden")
