"""场地预约 Booking the centre's platforms: an area's bookings, `n` books one (times as
YYYY-MM-DD HH:MM, Beijing time), `c` cancels the highlighted one. A platform already taken at
that time is refused by the database; the API's refusal shows under the platform and in a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Select

from tui.client import ApiError
from tui.i18n import L
from tui.kit.api import Page
from tui.kit.form import Field, FormModal
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.rotation.api import BOOKING_STATES, Area, Booking, RotationApi, label
from tui.screens.rotation.common import InArea
from tui.widgets.base import bind

HEADING = L("场地预约", "Platform bookings")
PLATFORM = L("活动阵地", "Platform")
STARTS = L("开始", "Starts")
ENDS = L("结束", "Ends")
TIME_HINT = L("YYYY-MM-DD HH:MM（北京时间）", "YYYY-MM-DD HH:MM (Beijing time)")
PURPOSE = L("用途", "Purpose")
BOOKED_BY = L("预约人", "Booked by")
STATE = L("状态", "State")
UNION = L("预约工会编号", "Booking union ID")
BOOK = L("预约", "Book")
CANCEL = L("取消预约", "Cancel booking")
BOOKED = L("已预约{platform}：{start}", "{platform} booked: {start}")
ASK_CANCEL = L("取消{platform} {start} 的预约？", "Cancel the booking of {platform} at {start}?")
CANCELLED = L("已取消预约", "Booking cancelled")
BEIJING = dt.timezone(dt.timedelta(hours=8))


def when(moment: dt.datetime) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def with_zone(text: Any) -> Any:
    """ "2017-07-01 09:00" -> an ISO time in Beijing time; anything else is sent as typed (the
    API names the field)."""
    try:
        moment = dt.datetime.fromisoformat(str(text).strip())
    except ValueError:
        return text
    return (moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)).isoformat()


class BookingsScreen(InArea, ListScreen[Booking]):
    AREA = "rotation.bookings"
    HEADING = HEADING
    COLUMNS = (
        Column("id", L("编号", "ID"), lambda b: str(b.id)),
        Column("platform", PLATFORM, lambda b: b.platform_name, width=16),
        Column("starts", STARTS, lambda b: when(b.starts_at)),
        Column("ends", ENDS, lambda b: when(b.ends_at)),
        Column("purpose", PURPOSE, lambda b: b.purpose, width=24),
        Column("by", BOOKED_BY, lambda b: b.booked_by, width=10),
        Column("state", STATE, lambda b: label(BOOKING_STATES, b.state)),
    )
    BINDINGS = [bind("n", "book", BOOK), bind("c", "cancel", CANCEL)]

    def filters(self) -> ComposeResult:
        yield self.area_picker()

    def on_mount(self) -> None:
        self.load_areas()

    @on(Select.Changed, "#area")
    def area_chosen(self) -> None:
        self.action_refresh()

    async def page(self, cursor: str | None) -> Page[Booking]:
        area = self.area
        if area is None:
            return Page(items=[])
        return await RotationApi.of(self.app).bookings(area.id, cursor=cursor)

    def action_book(self) -> None:
        area = self.need_area()
        if area is not None:
            self.app.push_screen(BookingForm(area), self.booked)

    def booked(self, booking: Booking | None) -> None:
        if booking is not None:
            self.notify(BOOKED(platform=booking.platform_name, start=when(booking.starts_at)), markup=False)
            self.action_refresh()

    def action_cancel(self) -> None:
        booking = self.selected()
        if booking is None or booking.state != "booked":
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.cancel(booking)

        question = ASK_CANCEL(platform=booking.platform_name, start=when(booking.starts_at))
        self.app.push_screen(ConfirmModal(question), answered)

    @work(exclusive=True, group="rotation-cancel", exit_on_error=False)
    async def cancel(self, booking: Booking) -> None:
        await RotationApi.of(self.app).cancel(booking.id)
        self.notify(str(CANCELLED), markup=False)
        self.action_refresh()


class BookingForm(FormModal[Booking]):
    HEADING = L("预约活动阵地", "Book a platform")
    SUBMIT = BOOK

    def __init__(self, area: Area) -> None:
        super().__init__({"platform_id": area.platforms[0].id} if area.platforms else {})
        self.area = area

    def fields(self) -> list[Field]:
        return [
            Field("platform_id", PLATFORM, "choice", choices=[(p.name, p.id) for p in self.area.platforms]),
            Field("starts_at", STARTS, hint=TIME_HINT),
            Field("ends_at", ENDS, hint=TIME_HINT),
            Field("purpose", PURPOSE),
            Field("org_id", UNION, "int"),
        ]

    def body(self) -> dict[str, Any]:
        body = super().body()
        for name in ("starts_at", "ends_at"):
            if name in body:
                body[name] = with_zone(body[name])
        return body

    def show_problem(self, error: ApiError) -> None:
        super().show_problem(error)
        if error.code == "platform_busy":  # taken at that time: said next to the platform chosen
            self.show_error("platform_id", error.detail)

    async def submit(self, body: dict[str, Any]) -> Booking:
        return await RotationApi.of(self.app).book(body)
