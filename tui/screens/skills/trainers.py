"""点将式 The trainer pool and a trainer's booking calendar: a week of their sessions (the week
of their next booking, else their last; `,` and `.` go a week back and on), and booking one (`b`). A trainer is never booked twice at once:
the database refuses an overlap and the API's 409 `trainer_busy` is shown as it comes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.i18n import L, of
from tui.kit.api import Page
from tui.kit.form import Field, FormModal, Unsendable
from tui.kit.listing import EXPORT, Column, ListScreen, export_with_notice
from tui.screens.base import AreaScreen
from tui.screens.skills.api import Session, SkillsApi, Trainer
from tui.widgets.base import bind

TRAINERS = L("培训师智库", "Trainer pool")
WEEK = L("{name} 的排期：{start} 至 {end}", "{name}'s bookings, {start} to {end}")
NO_BOOKINGS = L("本周没有排期", "No bookings this week")
BOOKINGS = L("本周 {count} 项排期", "{count} booking(s) this week")
BOOKED = L("已为 {name} 排期：{when}", "{name} booked: {when}")
NOT_A_TIME = L("请按 YYYY-MM-DD HH:MM 输入时间", "enter a time as YYYY-MM-DD HH:MM")
BACK = L("返回", "Back")
PREV = L("上一周", "Previous week")
NEXT = L("下一周", "Next week")
BOOK = L("排期", "Book")
WEEKDAYS = (L("周一", "Mon"), L("周二", "Tue"), L("周三", "Wed"), L("周四", "Thu"), L("周五", "Fri"),
            L("周六", "Sat"), L("周日", "Sun"))  # fmt: skip
LEVEL_OF = {"senior": L("高级", "senior"), "intermediate": L("中级", "intermediate"), "junior": L("初级", "junior")}
MODE_OF = {"classroom": L("课堂", "classroom"), "workplace": L("车间（工余）", "at work, off-hours")}


def zone(screen: Any) -> ZoneInfo:
    tenant = screen.app.tenant
    return ZoneInfo(tenant.timezone if tenant is not None else "Asia/Shanghai")


class TrainersScreen(ListScreen[Trainer]):
    AREA = "skills.trainers"
    HEADING = TRAINERS
    COLUMNS = (
        Column("id", L("编号", "No."), lambda t: t.id),
        Column("name", L("姓名", "Name"), lambda t: t.name, width=16),
        Column("specialities", L("专长", "Specialities"), lambda t: "、".join(t.specialities), width=30),
        Column("level", L("级别", "Level"), lambda t: of(LEVEL_OF, t.level)),
        Column("rating", L("评分", "Rating"), lambda t: f"{t.rating:.1f}" if t.rating is not None else None),
    )

    async def page(self, cursor: str | None) -> Page[Trainer]:
        return await SkillsApi.of(self.app).trainers(cursor=cursor)

    def open(self, trainer: Trainer) -> None:
        self.app.push_screen(TrainerCalendarScreen(trainer))


class BookForm(FormModal[Session]):
    """A session for this trainer. Times are the tenant's local time."""

    HEADING = L("为培训师排期", "Book the trainer")
    SUBMIT = BOOK
    FIELDS = (
        Field("org_id", L("单位编号", "Union (id)"), "int"),
        Field("starts_at", L("开始", "Starts"), hint=L("2017-06-05 09:00", "2017-06-05 09:00")),
        Field("ends_at", L("结束", "Ends"), hint=L("2017-06-05 11:00", "2017-06-05 11:00")),
        Field("course_id", L("课程编号", "Course (id)"), "int"),
        Field(
            "mode",
            L("方式", "Mode"),
            "choice",
            choices=list(((label, code) for code, label in MODE_OF.items())),
            blank=False,
        ),
        Field("place", L("地点", "Place")),
    )

    def __init__(self, trainer: Trainer, tz: ZoneInfo) -> None:
        super().__init__(title=f"{self.HEADING} · {trainer.name}")
        self.trainer = trainer
        self.tz = tz

    def body(self) -> dict[str, Any]:
        body = super().body()
        for name in ("starts_at", "ends_at"):
            if body.get(name):
                try:
                    local = dt.datetime.fromisoformat(body[name])
                except ValueError:
                    self.show_error(name, str(NOT_A_TIME))
                    raise Unsendable(name, NOT_A_TIME) from None
                body[name] = (local if local.tzinfo else local.replace(tzinfo=self.tz)).isoformat()
        return {**body, "trainer_id": self.trainer.id}

    async def submit(self, body: dict[str, Any]) -> Session:
        return await SkillsApi.of(self.app).book(body)


class TrainerCalendarScreen(AreaScreen):
    """One trainer's week: a row per booking, by day and time."""

    AREA = "skills.trainers"
    AUTO_FOCUS = "#week"
    BINDINGS = [
        bind("escape", "back", BACK),
        bind("comma", "week(-1)", PREV, key_display=","),
        bind("full_stop", "week(1)", NEXT, key_display="."),
        bind("b", "book", BOOK),
        bind("ctrl+s", "export", EXPORT),
    ]

    def __init__(self, trainer: Trainer, week_of: dt.date | None = None) -> None:
        super().__init__()
        self.trainer = trainer
        self.find_week = week_of is None  # open on the week of their next booking, else their last
        day = week_of or dt.date.today()
        self.monday = day - dt.timedelta(days=day.weekday())
        self.sessions: list[Session] = []

    def heading(self) -> str:
        sunday = self.monday + dt.timedelta(days=6)
        return WEEK(name=self.trainer.name, start=self.monday.isoformat(), end=sunday.isoformat())

    def body(self) -> ComposeResult:
        yield DataTable(id="week", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#week", DataTable)
        for key, text in (
            ("day", L("日期", "Day")),
            ("time", L("时间", "Time")),
            ("course", L("课程", "Course")),
            ("org", L("单位", "Union")),
            ("mode", L("方式", "Mode")),
            ("place", L("地点", "Place")),
            ("state", L("状态", "State")),
        ):
            table.add_column(str(text), key=key)

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_week(self, step: int) -> None:
        self.monday += dt.timedelta(days=7 * step)
        self.query_one("#heading", Static).update(self.heading())
        self.load()

    def action_book(self) -> None:
        self.app.push_screen(BookForm(self.trainer, zone(self)), self.booked)

    def booked(self, session: Session | None) -> None:
        if session is None:
            return
        local = session.starts_at.astimezone(zone(self))
        self.notify(BOOKED(name=self.trainer.name, when=f"{local:%Y-%m-%d %H:%M}"), markup=False)
        self.monday = local.date() - dt.timedelta(days=local.weekday())  # show the week booked
        self.query_one("#heading", Static).update(self.heading())
        self.load()

    def week(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.monday, dt.time(), zone(self))
        return start, start + dt.timedelta(days=7)

    async def _fetch(self) -> list[Session]:
        return await SkillsApi.of(self.app).calendar(self.trainer.id, *self.week())

    @work(exclusive=True, group="trainer-week-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the week shown as XLSX."""
        start, end = self.week()
        path = f"/trainers/{self.trainer.id}/calendar"
        await export_with_notice(self, path, start=start.isoformat(), end=end.isoformat())

    def load(self) -> None:
        self.run_worker(self._show(), group="trainer-week", exclusive=True, exit_on_error=False)

    async def _week_to_show(self) -> None:
        api, now = SkillsApi.of(self.app), dt.datetime.now(zone(self))
        ahead = await api.calendar(self.trainer.id, now, None)
        booked = min(ahead, key=lambda s: s.starts_at) if ahead else None
        if booked is None:
            past = await api.calendar(self.trainer.id, None, now)
            booked = max(past, key=lambda s: s.starts_at) if past else None
        if booked is not None:
            day = booked.starts_at.astimezone(zone(self)).date()
            self.monday = day - dt.timedelta(days=day.weekday())
            self.query_one("#heading", Static).update(self.heading())

    async def _show(self) -> None:
        if self.find_week:
            self.find_week = False
            await self._week_to_show()
        sessions = sorted(await self._fetch(), key=lambda s: s.starts_at)
        self.sessions = sessions
        tz = zone(self)
        table = self.query_one("#week", DataTable)
        table.clear()
        for s in sessions:
            start, end = s.starts_at.astimezone(tz), s.ends_at.astimezone(tz)
            table.add_row(
                f"{start:%m-%d} {WEEKDAYS[start.weekday()]}",
                f"{start:%H:%M}–{end:%H:%M}",
                s.course_title or "—",
                f"#{s.org_id}",
                of(MODE_OF, s.mode) + (" ✓" if s.off_hours else ""),
                s.place or "—",
                s.state,
                key=str(s.id),
            )
        self.query_one("#count", Static).update(BOOKINGS(count=len(sessions)) if sessions else NO_BOOKINGS())
