"""What the TUI reads and sends for the audit module (`/audit-plans`, `/audits`): its own small
view of the API's answers. Points arrive as numbers with two decimals; money stays in fen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.i18n import L
from tui.kit.api import ModuleApi, Page, Record

STAGES = {  # the API's stages, in the order an audit goes through them
    "planned": L("已列入计划", "planned"),
    "noticed": L("已送达通知", "noticed"),
    "fieldwork": L("现场审计", "fieldwork"),
    "scored": L("已计分", "scored"),
    "opinions": L("待整改", "to rectify"),
    "rectified": L("已整改", "rectified"),
    "closed": L("已结案", "closed"),
}
GRADES = {  # the grade bands, highest first: (code, lowest total, label)
    "good": (90.0, L("效益好", "good")),
    "fairly_good": (80.0, L("效益较好", "fairly good")),
    "average": (70.0, L("效益一般", "average")),
    "poor": (0.0, L("效益较差", "poor")),
}
FORMS = {  # the five report forms (5类报告单)
    "spending": L("经费支出情况报告单", "spending"),
    "activity": L("活动开展情况报告单", "activities"),
    "relief": L("困难帮扶情况报告单", "relief"),
    "competition": L("劳动竞赛及技能提升报告单", "competitions and skills"),
    "finance": L("经费收支管理报告单", "finance"),
}
PARTS = ("base", "benefit", "bonus")


def grade_of(total: float) -> str:
    """The grade a total falls in (a live preview; the API's grade is the one kept)."""
    return next(code for code, (low, _) in GRADES.items() if round(total, 2) >= low)


def stage_label(code: str) -> str:
    return str(STAGES[code]) if code in STAGES else code


def grade_label(code: str | None) -> str | None:
    return str(GRADES[code][1]) if code in GRADES else code


class UnionRef(Record):
    SCHEMA = "UnionRef"
    id: int
    name: str


class Plan(Record):
    SCHEMA = "audit_service_audits_PlanOut"  # the document names it so: orgs has a PlanOut too
    id: int
    year: int
    title: str
    standard_id: int
    state: str
    audits: int
    org_ids: list[int] | None = None
    unclassified: list[UnionRef] | None = None  # left out: non-public / above size not filled in


class Audit(Record):
    SCHEMA = "AuditOut"
    id: int
    plan_id: int
    year: int
    org_id: int
    org_name: str
    stage: str
    total: float | None = None
    grade: str | None = None
    notice_on: dt.date | None = None
    fieldwork_on: dt.date | None = None
    opinions: str | None = None
    rectification_due: dt.date | None = None
    rectification: str | None = None
    closed_on: dt.date | None = None
    due_on: dt.date | None = None
    days_left: int | None = None


class Standard(Record):
    SCHEMA = "StandardOut"
    id: int
    code: str
    version: int
    title: str


class Entry(Record):
    SCHEMA = "EntryOut"
    id: int
    form: str
    indicator: str
    project: str
    spending_fen: int


class IndicatorScore(Record):
    SCHEMA = "IndicatorScore"
    indicator: str
    area: str
    name: str
    base: float
    benefit: float
    bonus: float
    total: float
    maximum: float
    adjusted: list[str]


class AreaScore(Record):
    SCHEMA = "AreaScore"
    area: str
    total: float
    maximum: float


class ScoreSheet(Record):
    SCHEMA = "ScoreSheet"
    audit: Audit
    standard_code: str
    standard_version: int
    standard_title: str
    indicators: list[IndicatorScore]
    areas: list[AreaScore]
    total: float | None = None
    grade: str | None = None


class FollowUp(Record):
    SCHEMA = "FollowUpOut"
    id: int
    held_on: dt.date
    note: str


class AuditApi(ModuleApi):
    async def plans(self, *, cursor: str | None = None) -> Page[Plan]:
        return await self._page("/audit-plans", Plan, limit=50, cursor=cursor)

    async def create_plan(self, body: dict[str, Any]) -> Plan:
        return await self._send("POST", "/audit-plans", body, Plan)

    async def approve_plan(self, plan_id: int) -> Plan:
        return await self._send("POST", f"/audit-plans/{plan_id}/approve", None, Plan)

    async def standards(self) -> Page[Standard]:
        return await self._page("/audit-standards", Standard, limit=50, latest=True)

    async def audits(
        self, *, year: int | None = None, stage: str | None = None, cursor: str | None = None
    ) -> Page[Audit]:
        return await self._page("/audits", Audit, limit=100, cursor=cursor, year=year, stage=stage)

    async def audit(self, audit_id: int) -> Audit:
        return await self._get(f"/audits/{audit_id}", Audit)

    async def act(self, audit_id: int, step: str, body: dict[str, Any]) -> Audit:
        """One step of the process: notice, opinions, rectification, close."""
        return await self._send("POST", f"/audits/{audit_id}/{step}", body, Audit)

    async def add_entry(self, audit_id: int, body: dict[str, Any]) -> Entry:
        entries = await self._send("POST", f"/audits/{audit_id}/entries", [body], list[Entry])
        return entries[0]

    async def follow_up(self, audit_id: int, body: dict[str, Any]) -> FollowUp:
        return await self._send("POST", f"/audits/{audit_id}/follow-ups", body, FollowUp)

    async def sheet(self, audit_id: int) -> ScoreSheet:
        return await self._get(f"/audits/{audit_id}/scores", ScoreSheet)

    async def score(self, audit_id: int, adjustments: list[dict[str, Any]]) -> ScoreSheet:
        return await self._send("POST", f"/audits/{audit_id}/score", {"adjustments": adjustments}, ScoreSheet)
