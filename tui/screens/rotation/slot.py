"""轮次工作台 A rotation slot's dashboard: its monthly work plans, joint meetings, major issues
and themed activity series (a vice chair's slot needs one with an activity). `p` adds a work
plan, `m` a joint meeting, `i` a major issue, `s` a themed series."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.base import AreaScreen
from tui.screens.rotation.api import ROLES, RotationApi, Slot, SlotWork, Theme, label
from tui.widgets.base import bind

HEADING = L("轮次工作台 · {name}", "Slot · {name}")
SLOT_LINE = L("{role} · {start} 至 {end}（{days} 天）", "{role} · {start} to {end} ({days} days)")
PLANS = L("月度工作计划", "Monthly work plans")
MEETINGS = L("联席会议", "Joint meetings")
ISSUES = L("重大事项", "Major issues")
SERIES = L("主题系列活动", "Themed series")
NONE_YET = L("（暂无）", "(none yet)")
NO_SERIES = L("⚠ 尚无主题系列活动", "⚠ no themed series yet")
PLAN_LINE = L("{month:%Y-%m}：{aims}（{tasks} 项任务）", "{month:%Y-%m}: {aims} ({tasks} tasks)")
MEETING_LINE = L("{on}：{topic}，出席 {attendance} 人", "{on}: {topic}, {attendance} attending")
ISSUE_LINE = L("{on}：{title} — {outcome}", "{on}: {title} — {outcome}")
OPEN = L("未办结", "open")
SERIES_LINE = L("{title}：{count} 次活动", "{title}: {count} activities")
ADD_PLAN = L("工作计划", "Work plan")
ADD_MEETING = L("联席会议", "Meeting")
ADD_ISSUE = L("重大事项", "Issue")
ADD_SERIES = L("系列活动", "Series")
BACK = L("返回", "Back")
ADDED = L("已保存", "Saved")
MONTH = L("月份（任一日）", "Month (any day)")
AIMS = L("工作目标", "Aims")
TASKS = L("工作任务（每行一项）", "Tasks (one a line)")
HELD_ON = L("日期", "Date")
TOPIC = L("议题", "Topic")
ATTENDANCE = L("出席人数", "Attendance")
ATTENDING = L("出席单位编号", "Attending org IDs")
IDS_HINT = L("用逗号分隔", "comma-separated")
MINUTES = L("会议纪要", "Minutes")
RAISED_ON = L("提出日期", "Raised on")
TITLE = L("名称", "Title")
OUTCOME = L("办理结果", "Outcome")
RESOLVED_ON = L("办结日期", "Resolved on")
THEME = L("年度主题", "Theme of the year")


def ids(text: Any) -> list[Any]:
    """ "12, 15" -> [12, 15] (a word stays as typed: the API names it)."""
    parts = [p.strip() for p in str(text).replace("，", ",").split(",") if p.strip()]
    return [int(p) if p.isdigit() else p for p in parts]


class SlotScreen(AreaScreen):
    AREA = "rotation.timetable"
    CSS_PATH = ["../screens.tcss"]
    AUTO_FOCUS = "#work"
    BINDINGS = [
        bind("escape", "back", BACK),
        bind("p", "plan", ADD_PLAN),
        bind("m", "meeting", ADD_MEETING),
        bind("i", "issue", ADD_ISSUE),
        bind("s", "series", ADD_SERIES),
    ]

    def __init__(self, slot: Slot) -> None:
        super().__init__()
        self.slot = slot
        self.work: SlotWork | None = None

    def heading(self) -> str:
        return HEADING(name=self.slot.chair_name)

    def body(self) -> ComposeResult:
        s = self.slot
        yield Static(
            SLOT_LINE(role=label(ROLES, s.role), start=s.starts_on.isoformat(), end=s.ends_on.isoformat(), days=s.days),
            markup=False,
        )
        with VerticalScroll(id="work"):
            for key, title in (("plans", PLANS), ("meetings", MEETINGS), ("issues", ISSUES), ("series", SERIES)):
                yield Static(str(title), classes="subheading", markup=False)
                yield Static("", id=key, markup=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="rotation-slot", exit_on_error=False)
    async def load(self) -> None:
        w = await RotationApi.of(self.app).slot_work(self.slot.id)
        self.work = w

        def lines(items: list[str]) -> str:
            return "\n".join(items) or str(NONE_YET)

        self.query_one("#plans", Static).update(
            lines([PLAN_LINE(month=p.month, aims=p.aims, tasks=len(p.tasks)) for p in w.plans])
        )
        self.query_one("#meetings", Static).update(
            lines([MEETING_LINE(on=m.held_on.isoformat(), topic=m.topic, attendance=m.attendance) for m in w.meetings])
        )
        self.query_one("#issues", Static).update(
            lines(
                [
                    ISSUE_LINE(on=i.raised_on.isoformat(), title=i.title, outcome=i.outcome or str(OPEN))
                    for i in w.issues
                ]
            )
        )
        series = [SERIES_LINE(title=s.title, count=s.activities) for s in w.series]
        if self.slot.role == "vice_chair" and not any(s.activities for s in w.series):
            series.append(str(NO_SERIES))
        self.query_one("#series", Static).update(lines(series))

    def added(self, result: object) -> None:
        if result is not None:
            self.notify(str(ADDED), markup=False)
            self.load()

    def action_plan(self) -> None:
        self.app.push_screen(WorkPlanForm(self.slot.id), self.added)

    def action_meeting(self) -> None:
        self.app.push_screen(MeetingForm(self.slot.id), self.added)

    def action_issue(self) -> None:
        self.app.push_screen(IssueForm(self.slot.id), self.added)

    def action_series(self) -> None:
        self.load_themes()

    @work(exclusive=True, group="rotation-themes", exit_on_error=False)
    async def load_themes(self) -> None:
        themes = await RotationApi.of(self.app).themes(self.slot.area_id, self.slot.starts_on.year)
        self.app.push_screen(SeriesForm(self.slot.id, themes), self.added)


class SlotWorkForm(FormModal[Any]):
    KIND = ""  # the slot's work path: work-plans, meetings, issues, series

    def __init__(self, slot_id: int, values: dict[str, Any] | None = None) -> None:
        super().__init__(values)
        self.slot_id = slot_id

    async def submit(self, body: dict[str, Any]) -> Any:
        return await RotationApi.of(self.app).add_work(self.slot_id, self.KIND, body)


class WorkPlanForm(SlotWorkForm):
    HEADING = L("月度工作计划", "Monthly work plan")
    KIND = "work-plans"
    FIELDS = (Field("month", MONTH, "date"), Field("aims", AIMS, "long"), Field("tasks", TASKS, "long"))

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["tasks"] = [t.strip() for t in str(body.get("tasks") or "").splitlines() if t.strip()]
        return body


class MeetingForm(SlotWorkForm):
    HEADING = L("联席会议", "Joint meeting")
    KIND = "meetings"
    FIELDS = (
        Field("held_on", HELD_ON, "date"),
        Field("topic", TOPIC),
        Field("attendance", ATTENDANCE, "int"),
        Field("attending_org_ids", ATTENDING, hint=IDS_HINT),
        Field("minutes", MINUTES, "long"),
    )

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["attending_org_ids"] = ids(body.get("attending_org_ids") or "")
        return body


class IssueForm(SlotWorkForm):
    HEADING = L("重大事项", "Major issue")
    KIND = "issues"
    FIELDS = (
        Field("raised_on", RAISED_ON, "date"),
        Field("title", TITLE),
        Field("outcome", OUTCOME, "long"),
        Field("resolved_on", RESOLVED_ON, "date"),
    )


class SeriesForm(SlotWorkForm):
    HEADING = L("主题系列活动", "Themed activity series")
    KIND = "series"

    def __init__(self, slot_id: int, themes: list[Theme]) -> None:
        super().__init__(slot_id)
        self.themes = themes

    def fields(self) -> list[Field]:
        return [
            Field("title", TITLE),
            Field("theme_id", THEME, "choice", choices=[(t.title, t.id) for t in self.themes]),
        ]
