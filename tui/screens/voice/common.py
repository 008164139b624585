"""Small pieces the voice screens share: who may change what, and how a deadline reads."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rich.text import Text

from tui import labels as ui
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Complaint, Form

STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})
UNION = frozenset({"tenant_admin", "org_officer"})
SHANGHAI = ZoneInfo("Asia/Shanghai")


def role(app) -> str:
    identity = app.identity
    return "" if identity is None else identity.role


def is_union(app) -> bool:
    return role(app) in UNION or role(app) == "platform_admin"


def is_admin(app) -> bool:
    return role(app) in ("tenant_admin", "platform_admin")


def day(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ui.APP_NONE()
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(SHANGHAI).date()
    return f"{moment:%Y-%m-%d}"


def due_cell(form: Form) -> Text:
    """The due date; a provisional one (a year whose holidays are not known yet) is marked."""
    text = Text(day(form.due_on))
    if form.provisional:
        text.append(" ⚠" + lbl.PROVISIONAL(), style="bold yellow")
    return text


def left_cell(form: Form) -> Text:
    """Working days left: overdue in red, two or fewer in yellow."""
    left = form.working_days_left
    if left is None:
        return Text(lbl.STATUS_RESOLVED())
    if left < 0 or form.overdue:
        return Text(lbl.OVERDUE(n=abs(left)), style="bold red")
    if left == 0:
        return Text(lbl.DUE_TODAY(), style="bold yellow")
    return Text(str(left), style="yellow" if left <= 2 else "")


def worker(c: Complaint) -> str:
    """Who filed it; an anonymous complaint says so to staff, even where they may see the name."""
    if c.anonymous:
        return lbl.ANONYMOUS() + (f" · {c.member_name}" if c.member_name else "")
    return c.member_name or ui.APP_NONE()
