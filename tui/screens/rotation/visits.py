"""接待来访职工 The workers' visits the rotating chair received: `n` logs one; `v` files the
highlighted visit as a complaint in one step where `voice` is on (the API refuses it otherwise,
and a visit already filed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Select

from tui.i18n import L, of
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.rotation.api import RotationApi, Visit
from tui.screens.rotation.common import InArea
from tui.screens.tokens import SHANGHAI
from tui.screens.voice import labels as voice_labels
from tui.screens.voice.api import CATEGORIES
from tui.widgets.base import bind

HEADING = L("接待来访职工", "Worker visits")
VISITED_ON = L("来访日期", "Visited on")
VISITOR = L("来访人", "Visitor")
MATTER = L("反映事项", "Matter")
RECEIVED_BY = L("接待人", "Received by")
COMPLAINT = L("抱怨单", "Complaint")
MEMBER_ID = L("会员编号", "Member ID")
ORG_ID = L("所在工会编号", "Union ID")
ORG_HINT = L("转为抱怨单时需要（或填会员编号）", "needed to file it as a complaint (or the member ID)")
CATEGORY = L("诉求类别", "Category")
NEW = L("登记来访", "Log visit")
TO_COMPLAINT = L("转为抱怨单", "To complaint")
LOGGED = L("已登记{visitor}的来访", "Visit of {visitor} logged")
FILED = L("已转为抱怨单 {id}", "Filed as complaint {id}")


class VisitsScreen(InArea, ListScreen[Visit]):
    AREA = "rotation.visits"
    HEADING = HEADING
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda v: str(v.id)),
        Column("on", VISITED_ON, lambda v: v.visited_on.isoformat()),
        Column("visitor", VISITOR, lambda v: v.visitor, width=10),
        Column("matter", MATTER, lambda v: v.matter, width=36),
        Column("by", RECEIVED_BY, lambda v: v.received_by, width=10),
        Column("complaint", COMPLAINT, lambda v: f"✓ {v.complaint_id}" if v.complaint_id is not None else None),
    )
    BINDINGS = [bind("n", "new", NEW), bind("v", "complaint", TO_COMPLAINT)]

    def filters(self) -> ComposeResult:
        yield self.area_picker()

    def on_mount(self) -> None:
        self.load_areas()

    @on(Select.Changed, "#area")
    def area_chosen(self) -> None:
        self.action_refresh()

    async def page(self, cursor: str | None) -> Page[Visit]:
        area = self.area
        if area is None:
            return Page(items=[])
        return await RotationApi.of(self.app).visits(area.id, cursor=cursor)

    def action_new(self) -> None:
        area = self.need_area()
        if area is not None:
            self.app.push_screen(VisitForm(area.id), self.logged)

    def logged(self, visit: Visit | None) -> None:
        if visit is not None:
            self.notify(LOGGED(visitor=visit.visitor), markup=False)
            self.action_refresh()

    def action_complaint(self) -> None:
        visit = self.selected()
        if visit is not None:
            self.app.push_screen(ComplaintForm(visit), self.filed)

    def filed(self, visit: Visit | None) -> None:
        if visit is not None:
            self.notify(FILED(id=visit.complaint_id), markup=False)
            self.action_refresh()


class VisitForm(FormModal[Visit]):
    HEADING = L("登记来访", "Log a worker's visit")
    SUBMIT = NEW
    FIELDS = (
        Field("visited_on", VISITED_ON, "date"),
        Field("visitor", VISITOR),
        Field("matter", MATTER, "long"),
        Field("member_id", MEMBER_ID, "int"),
        Field("org_id", ORG_ID, "int", hint=ORG_HINT),
    )

    def __init__(self, area_id: int) -> None:
        super().__init__({"visited_on": dt.datetime.now(SHANGHAI).date().isoformat()})
        self.area_id = area_id

    async def submit(self, body: dict[str, Any]) -> Visit:
        return await RotationApi.of(self.app).log_visit(self.area_id, body)


class ComplaintForm(FormModal[Visit]):
    HEADING = L("来访转为抱怨单", "File the visit as a complaint")
    SUBMIT = TO_COMPLAINT

    def __init__(self, visit: Visit) -> None:
        super().__init__({"category": "other"}, title=f"{TO_COMPLAINT} · {visit.visitor}")
        self.visit = visit

    def fields(self) -> list[Field]:
        choices = [(of(voice_labels.CATEGORY_OF, c), c) for c in CATEGORIES]
        return [Field("category", CATEGORY, "choice", choices=choices, blank=False)]

    async def submit(self, body: dict[str, Any]) -> Visit:
        return await RotationApi.of(self.app).to_complaint(self.visit.id, body)
