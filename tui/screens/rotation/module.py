"""基层工会主席轮值: what the rotation package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule
from tui.screens.rotation import STAFF


def _timetable(app):
    from tui.screens.rotation.timetable import TimetableScreen

    return TimetableScreen()


def _activities(app):
    from tui.screens.rotation.activities import ActivitiesScreen

    return ActivitiesScreen()


def _bookings(app):
    from tui.screens.rotation.bookings import BookingsScreen

    return BookingsScreen()


def _visits(app):
    from tui.screens.rotation.visits import VisitsScreen

    return VisitsScreen()


MODULE = TuiModule(
    "rotation",
    screens=[
        ScreenEntry("rotation.timetable", L("轮值表", "Timetable"), _timetable, roles=STAFF),
        ScreenEntry("rotation.activities", L("活动台账", "Activity log"), _activities, roles=STAFF),
        ScreenEntry("rotation.bookings", L("场地预约", "Platform bookings"), _bookings, roles=STAFF),
        ScreenEntry("rotation.visits", L("接待来访", "Worker visits"), _visits, roles=STAFF),
    ],
)
