"""活动台账 An area's activity log, filtered by kind, platform and dates (`from`/`to` as
YYYY-MM-DD, Enter applies); `n` logs an activity with a head count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.rotation.api import ACTIVITY_KINDS, Activity, Area, RotationApi, label
from tui.screens.rotation.common import InArea
from tui.screens.tokens import SHANGHAI
from tui.widgets.base import bind
from tui.widgets.search import SearchInput

HEADING = L("活动台账", "Activity log")
KIND = L("类别", "Kind")
ALL_KINDS = L("全部类别", "every kind")
PLATFORM = L("活动阵地", "Platform")
ALL_PLATFORMS = L("全部阵地", "every platform")
FROM = L("自 YYYY-MM-DD", "from YYYY-MM-DD")
TO = L("至 YYYY-MM-DD", "to YYYY-MM-DD")
TITLE = L("活动名称", "Title")
HELD_ON = L("日期", "Date")
PERSON_TIMES = L("人次", "Person-times")
HEAD_COUNT = L("参加人数", "Head count")
SERIES_ID = L("系列活动编号", "Series ID")
ORGANISER = L("主办工会编号", "Organising union ID")
NEW = L("登记活动", "Log activity")
LOGGED = L("已登记：{title}", "Logged: {title}")


def day(text: str) -> str | None:
    """A date filter as typed: sent when it is a date, otherwise left out."""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


class ActivitiesScreen(InArea, ListScreen[Activity]):
    AREA = "rotation.activities"
    CSS_PATH = ["../screens.tcss", "rotation.tcss"]
    HEADING = HEADING
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda a: str(a.id)),
        Column("held_on", HELD_ON, lambda a: a.held_on.isoformat()),
        Column("kind", KIND, lambda a: label(ACTIVITY_KINDS, a.kind), width=16),
        Column("title", TITLE, lambda a: a.title, width=30),
        Column("platform", PLATFORM, lambda a: a.platform_name, width=14),
        Column("people", PERSON_TIMES, lambda a: f"{a.person_times:,}"),
    )
    BINDINGS = [bind("n", "new", NEW)]

    def filters(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield self.area_picker()
            kinds = [(str(text), code) for code, text in ACTIVITY_KINDS.items()]
            yield Select(kinds, prompt=str(ALL_KINDS), id="kind", compact=True)
            yield Select[int]([], prompt=str(ALL_PLATFORMS), id="platform", compact=True)
            yield SearchInput(placeholder=str(FROM), id="from", max_length=10, compact=True)
            yield SearchInput(placeholder=str(TO), id="to", max_length=10, compact=True)

    def on_mount(self) -> None:
        self.load_areas()

    @on(Select.Changed, "#area")
    def area_chosen(self) -> None:
        area = self.area
        platforms = area.platforms if area is not None else []
        self.query_one("#platform", Select).set_options([(p.name, p.id) for p in platforms])
        self.action_refresh()

    @on(Select.Changed, "#kind")
    @on(Select.Changed, "#platform")
    @on(Input.Submitted, "#from")
    @on(Input.Submitted, "#to")
    def filtered(self) -> None:
        self.action_refresh()

    def chosen(self, selector: str) -> Any:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    async def page(self, cursor: str | None) -> Page[Activity]:
        area = self.area
        if area is None:
            return Page(items=[])
        return await RotationApi.of(self.app).activities(
            area.id,
            cursor=cursor,
            kind=self.chosen("#kind"),
            platform_id=self.chosen("#platform"),
            **{"from": day(self.query_one("#from", Input).value), "to": day(self.query_one("#to", Input).value)},
        )

    def action_new(self) -> None:
        area = self.need_area()
        if area is not None:
            self.app.push_screen(ActivityForm(area), self.logged)

    def logged(self, activity: Activity | None) -> None:
        if activity is not None:
            self.notify(LOGGED(title=activity.title), markup=False)
            self.action_refresh()


class ActivityForm(FormModal[Activity]):
    HEADING = L("登记活动", "Log an activity")
    SUBMIT = NEW

    def __init__(self, area: Area) -> None:
        super().__init__({"held_on": dt.datetime.now(SHANGHAI).date().isoformat(), "kind": "cultural"})
        self.area = area

    def fields(self) -> list[Field]:
        return [
            Field("kind", KIND, "choice", choices=list(((t, c) for c, t in ACTIVITY_KINDS.items())), blank=False),
            Field("title", TITLE),
            Field("held_on", HELD_ON, "date"),
            Field("platform_id", PLATFORM, "choice", choices=[(p.name, p.id) for p in self.area.platforms]),
            Field("head_count", HEAD_COUNT, "int"),
            Field("series_id", SERIES_ID, "int"),
            Field("organiser_org_id", ORGANISER, "int"),
        ]

    async def submit(self, body: dict[str, Any]) -> Activity:
        return await RotationApi.of(self.app).record_activity({"area_id": self.area.id, **body})
