"""The skills module's records and calls, as its screens read them (tests/tui/test_contract.py
holds each `Record` to its OpenAPI component)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.kit.api import ModuleApi, Page, Record


class Project(Record):
    SCHEMA = "ProjectOut"
    id: int
    org_id: int
    topic: str
    category: str
    target_trade: str
    expected_heads: int
    budget_fen: int
    starts_on: dt.date
    ends_on: dt.date
    state: str
    review_note: str


class Trainer(Record):
    SCHEMA = "TrainerOut"
    id: int
    name: str
    specialities: list[str]
    level: str
    rating: float | None
    active: bool


class Session(Record):
    SCHEMA = "SessionOut"
    id: int
    org_id: int
    course_title: str | None
    trainer_id: int | None
    trainer_name: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str
    off_hours: bool
    place: str
    state: str


class RunGroup(Record):
    SCHEMA = "RunGroup"
    kind: str
    label: str
    level: int | None
    rule_effective_from: dt.date | None
    lines: int
    amount_fen: int
    total_fen: int


class RunSkip(Record):
    SCHEMA = "RunSkip"
    code: str
    member_id: int
    name: str
    level: int
    certificate_id: int
    number: str
    rewarded_certificate_id: int
    rewarded_number: str
    rewarded_run_id: int
    zh: str
    en: str


class Run(Record):
    SCHEMA = "RunOut"
    id: int
    year: int
    up_to: dt.date
    state: str
    line_count: int
    total_fen: int
    batch_id: int | None
    groups: list[RunGroup] = []
    without_account: int = 0
    skipped: list[RunSkip] = []
    paid_fen: int = 0
    paid: int = 0
    open: int = 0
    failed: int = 0

    @property
    def settled(self) -> int:
        return self.paid + self.failed


class SkillsApi(ModuleApi):
    async def projects(self, *, state: str | None = None, cursor: str | None = None) -> Page[Project]:
        return await self._page("/training-projects", Project, cursor=cursor, state=state)

    async def review(self, project_id: int, body: dict[str, Any]) -> Project:
        return await self._send("POST", f"/training-projects/{project_id}/review", body, Project)

    async def trainers(self, *, cursor: str | None = None) -> Page[Trainer]:
        return await self._page("/trainers", Trainer, cursor=cursor)

    async def calendar(self, trainer_id: int, start: dt.datetime | None, end: dt.datetime | None) -> list[Session]:
        """The trainer's bookings from `start` to `end` (None: unbounded), every page."""
        sessions: list[Session] = []
        cursor: str | None = None
        while True:
            page = await self._page(
                f"/trainers/{trainer_id}/calendar",
                Session,
                cursor=cursor,
                start=start.isoformat() if start else None,
                end=end.isoformat() if end else None,
            )
            sessions += page.items
            cursor = page.next_cursor
            if cursor is None:
                return sessions

    async def book(self, body: dict[str, Any]) -> Session:
        return await self._send("POST", "/training-sessions", body, Session)

    async def runs(self, *, cursor: str | None = None) -> Page[Run]:
        return await self._page("/reward-runs", Run, cursor=cursor)

    async def run(self, run_id: int) -> Run:
        return await self._get(f"/reward-runs/{run_id}", Run)

    async def create_run(self, body: dict[str, Any]) -> Run:
        return await self._send("POST", "/reward-runs", body, Run)

    async def approve_run(self, run_id: int) -> Run:
        return await self._send("POST", f"/reward-runs/{run_id}/approve", None, Run)
