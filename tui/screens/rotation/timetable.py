"""轮值表 The timetable of a rotation area: who is on duty now and who is next, the year's
slots (the rotating chair's, then the vice chairs' in turn) and the swaps with their reasons.
`g` generates (or generates again) the draft for the year, `p` publishes it, `w` swaps the
highlighted slot with another of the same role, with a reason, `t` adds one of the year's
activity themes (the rotating chair's choice); Enter opens a slot's dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Select, Static

from tui.client import ApiError
from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.base import AreaScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.rotation.api import ROLES, ROSTER_STATES, Roster, RotationApi, Slot, Theme, label
from tui.screens.rotation.common import InArea
from tui.screens.tokens import SHANGHAI
from tui.widgets.base import bind
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key

HEADING = L("轮值表", "Timetable")
YEAR = L("年度", "Year")
ON_NOW = L(
    "{day} 轮值主席：{chair}　轮值副主席：{vice}　下一位：{next}",
    "On {day}: chair {chair}, vice chair {vice}; next: {next}",
)
SLOT_TEXT = L("{name}（{start} 至 {end}）", "{name} ({start} to {end})")
NOBODY = L("无", "nobody")
ROSTER = L("{year} 年轮值表 · {state} · {count} 个轮次", "{year} roster · {state} · {count} slots")
NO_ROSTER = L("{year} 年尚无轮值表：按 g 生成", "No roster for {year} yet: g generates one")
SWAP_LINE = L("{at}　{a} ⇄ {b}：{reason}（{who}）", "{at}  {a} <-> {b}: {reason} ({who})")
ROLE = L("角色", "Role")
CHAIR = L("轮值人", "Chair")
FROM = L("起", "From")
TO = L("止", "To")
DAYS = L("天数", "Days")
NOW = L("当前", "Now")
ON = "▶"
GENERATE = L("生成", "Generate")
PUBLISH = L("公布", "Publish")
SWAP = L("调换", "Swap")
GENERATED = L("已生成 {year} 年轮值表（草稿）", "The {year} roster is drafted")
ASK_PUBLISH = L(
    "公布 {year} 年轮值表？公布后只能调换。", "Publish the {year} roster? Afterwards it changes only by swaps."
)
PUBLISHED = L("已公布 {year} 年轮值表", "The {year} roster is published")
SWAPPED = L("已调换", "Swapped")
NOTHING = L("尚无轮值表", "No roster yet")
STARTS_ON = L("开始日期", "Starts on")
ENDS_ON = L("结束日期", "Ends on")
DATE_HINT = L("空为全年", "empty: the whole year")
ROUNDS = L("轮数", "Rounds")
OTHER_SLOT = L("与之调换的轮次", "Swap with")
REASON = L("原因", "Reason")
THEME = L("年度主题", "Theme")
THEMES = L("{year} 年活动主题：{titles}", "Activity themes of {year}: {titles}")
THEME_TITLE = L("主题", "Theme")
THEME_ADDED = L("已添加主题：{title}", "Theme added: {title}")


def slot_text(slot: Slot | None) -> str:
    if slot is None:
        return str(NOBODY)
    return SLOT_TEXT(name=slot.chair_name, start=slot.starts_on.isoformat(), end=slot.ends_on.isoformat())


class TimetableScreen(InArea, AreaScreen):
    AREA = "rotation.timetable"
    CSS_PATH = ["../screens.tcss"]
    AUTO_FOCUS = "#slots"
    BINDINGS = [
        bind("g", "generate", GENERATE),
        bind("p", "publish", PUBLISH),
        bind("w", "swap", SWAP),
        bind("t", "theme", THEME),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.roster: Roster | None = None

    def heading(self) -> str:
        return str(HEADING)

    def body(self) -> ComposeResult:
        yield self.area_picker()
        yield SearchInput(
            str(dt.datetime.now(SHANGHAI).year), placeholder=str(YEAR), id="year", type="integer", max_length=4
        )
        yield Static("", id="on-duty", markup=False)
        yield Static("", id="themes", markup=False)
        yield Static("", id="roster", classes="subheading", markup=False)
        yield DataTable(id="slots", cursor_type="row", zebra_stripes=True)
        yield Static("", id="swaps", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#slots", DataTable)
        for key, text in (("now", NOW), ("role", ROLE), ("chair", CHAIR), ("from", FROM), ("to", TO), ("days", DAYS)):
            table.add_column(str(text), key=key)
        self.load_areas()

    @property
    def year(self) -> int:
        raw = self.query_one("#year", Input).value.strip()
        return int(raw) if raw.isdigit() and len(raw) == 4 else dt.datetime.now(SHANGHAI).year

    @on(Select.Changed, "#area")
    @on(Input.Submitted, "#year")
    def action_refresh(self) -> None:
        if self.area is not None:
            self.load()

    @work(exclusive=True, group="rotation-timetable", exit_on_error=False)
    async def load(self) -> None:
        area = self.area
        if area is None:
            return
        api = RotationApi.of(self.app)
        try:
            roster: Roster | None = await api.roster(area.id, self.year)
        except ApiError as error:
            if error.status != 404:
                raise
            roster = None
        today = dt.datetime.now(SHANGHAI).date()  # the API's today
        # this year's timetable: who is on today; another year's: who opens it
        day = roster.starts_on if roster is not None and roster.year != today.year else today
        duty = await api.on_duty(area.id, day)
        self.query_one("#on-duty", Static).update(
            ON_NOW(
                day=duty.day.isoformat(),
                chair=slot_text(duty.chair),
                vice=slot_text(duty.vice_chair),
                next=slot_text(duty.next_vice_chair),
            )
        )
        themes = await api.themes(area.id, self.year)
        self.query_one("#themes", Static).update(
            THEMES(year=self.year, titles="；".join(t.title for t in themes) or str(NOBODY))
        )
        self.show(roster, {s.id for s in (duty.chair, duty.vice_chair) if s is not None})

    def show(self, roster: Roster | None, on_now: set[int] | None = None) -> None:
        self.roster = roster
        table = self.query_one("#slots", DataTable)
        table.clear()
        heading = self.query_one("#roster", Static)
        swaps = self.query_one("#swaps", Static)
        if roster is None:
            heading.update(NO_ROSTER(year=self.year))
            swaps.update("")
            return
        heading.update(ROSTER(year=roster.year, state=label(ROSTER_STATES, roster.state), count=len(roster.slots)))
        for s in roster.slots:
            table.add_row(
                ON if on_now and s.id in on_now else "",
                label(ROLES, s.role),
                s.chair_name,
                s.starts_on.isoformat(),
                s.ends_on.isoformat(),
                str(s.days),
                key=str(s.id),
            )
        names = {s.id: s.chair_name for s in roster.slots}
        swaps.update(
            "\n".join(
                SWAP_LINE(
                    at=f"{w.swapped_at:%Y-%m-%d}",
                    a=names.get(w.slot_a, w.slot_a),
                    b=names.get(w.slot_b, w.slot_b),
                    reason=w.reason,
                    who=w.actor_name,
                )
                for w in roster.swaps
            )
        )

    def current(self) -> Slot | None:
        key = selected_key(self.query_one("#slots", DataTable))
        if self.roster is None or key is None:
            return None
        return next((s for s in self.roster.slots if str(s.id) == key), None)

    @on(DataTable.RowSelected, "#slots")
    def opened(self) -> None:
        from tui.screens.rotation.slot import SlotScreen

        slot = self.current()
        if slot is not None:
            self.app.push_screen(SlotScreen(slot), lambda _: self.action_refresh())

    def changed(self, roster: Roster | None) -> None:
        if roster is not None:
            self.notify(GENERATED(year=roster.year) if roster.state == "draft" else str(SWAPPED), markup=False)
            self.action_refresh()

    def action_generate(self) -> None:
        area = self.need_area()
        if area is not None:
            self.app.push_screen(GenerateForm(area.id, self.year), self.changed)

    def action_publish(self) -> None:
        roster = self.roster
        if roster is None:
            self.notify(str(NOTHING), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.publish(roster)

        self.app.push_screen(ConfirmModal(ASK_PUBLISH(year=roster.year), danger=False), answered)

    @work(exclusive=True, group="rotation-publish", exit_on_error=False)
    async def publish(self, roster: Roster) -> None:
        done = await RotationApi.of(self.app).publish(roster.id)
        self.notify(PUBLISHED(year=done.year), markup=False)
        self.action_refresh()

    def action_swap(self) -> None:
        slot = self.current()
        if self.roster is None or slot is None:
            self.notify(str(NOTHING), severity="warning", markup=False)
            return
        others = [s for s in self.roster.slots if s.role == slot.role and s.id != slot.id]
        self.app.push_screen(SwapForm(self.roster.id, slot, others), self.changed)

    def action_theme(self) -> None:
        area = self.need_area()
        if area is not None:
            self.app.push_screen(ThemeForm(area.id, self.year), self.theme_added)

    def theme_added(self, theme: Theme | None) -> None:
        if theme is not None:
            self.notify(THEME_ADDED(title=theme.title), markup=False)
            self.action_refresh()


class ThemeForm(FormModal[Theme]):
    HEADING = L("选定年度活动主题", "Choose an activity theme of the year")
    FIELDS = (Field("year", YEAR, "int"), Field("title", THEME_TITLE))

    def __init__(self, area_id: int, year: int) -> None:
        super().__init__({"year": year})
        self.area_id = area_id

    async def submit(self, body: dict[str, Any]) -> Theme:
        return await RotationApi.of(self.app).choose_theme(self.area_id, body)


class GenerateForm(FormModal[Roster]):
    HEADING = L("生成轮值表（草稿）", "Generate the roster (draft)")
    SUBMIT = GENERATE
    FIELDS = (
        Field("year", YEAR, "int"),
        Field("starts_on", STARTS_ON, "date", hint=DATE_HINT),
        Field("ends_on", ENDS_ON, "date", hint=DATE_HINT),
        Field("rounds", ROUNDS, "int"),
    )

    def __init__(self, area_id: int, year: int) -> None:
        super().__init__({"year": year, "rounds": 1})
        self.area_id = area_id

    async def submit(self, body: dict[str, Any]) -> Roster:
        return await RotationApi.of(self.app).generate(self.area_id, body)


class SwapForm(FormModal[Roster]):
    HEADING = L("调换轮次", "Swap slots")
    SUBMIT = SWAP

    def __init__(self, roster_id: int, slot: Slot, others: list[Slot]) -> None:
        super().__init__({"slot_a": slot.id}, title=f"{SWAP} · {slot_text(slot)}")
        self.roster_id = roster_id
        self.slot = slot
        self.others = others

    def fields(self) -> list[Field]:
        return [
            Field("slot_b", OTHER_SLOT, "choice", choices=[(slot_text(s), s.id) for s in self.others]),
            Field("reason", REASON),
        ]

    async def submit(self, body: dict[str, Any]) -> Roster:
        return await RotationApi.of(self.app).swap(self.roster_id, {"slot_a": self.slot.id, **body})
