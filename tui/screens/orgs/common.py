"""Small pieces the orgs screens share: how an org, a date, a yes/no read."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len

from tui import labels as ui
from tui.i18n import pad, pick
from tui.screens.orgs import labels as lbl
from tui.screens.orgs.api import LEVELS, ORG_TYPES, Org


def org_type(value: str) -> str:
    names = ORG_TYPES.get(value)
    return pick(*names) if names else value


def level(value: int | None) -> str:
    if value is None:
        return ui.APP_NONE()
    names = LEVELS.get(value)
    return f"{value} {pick(*names)}" if names else str(value)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ui.APP_NONE()


def yes_no(value: bool | None) -> str:
    if value is None:
        return ui.APP_NONE()
    return ui.APP_YES() if value else ui.APP_NO()


def gender(value: str) -> str:
    return lbl.GENDER_M() if value.upper().startswith("M") else lbl.GENDER_F()


def field_lines(rows: list[tuple[str, str]]) -> str:
    """Label/value lines with the values lined up in terminal cells."""
    width = max(cell_len(label) for label, _ in rows) + 2
    lines = []
    for label, value in rows:
        first, *more = value.split("\n") or [""]
        lines.append(pad(label, width) + first)
        lines += [" " * width + line for line in more]  # a value of several lines stays in its column
    return "\n".join(lines)


def org_fields(org: Org, path: list[Org] | None = None) -> str:
    rows = [(lbl.F_NAME(), org.name), (lbl.F_TYPE(), org_type(org.type)), (lbl.F_ID(), str(org.id))]
    rows += [(lbl.F_MEMBERS(), f"{org.member_count:,}"), (lbl.F_CHILDREN(), f"{org.child_count:,}")]
    if org.enterprise_name or org.credit_code:
        rows += [
            (lbl.F_ENTERPRISE(), org.enterprise_name or ui.APP_NONE()),
            (lbl.F_CREDIT_CODE(), org.credit_code or ui.APP_NONE()),
            (lbl.F_PUBLIC_SECTOR(), yes_no(org.public_sector)),
            (lbl.F_ABOVE_SCALE(), yes_no(org.above_scale)),
        ]
    rows.append((lbl.F_FOUNDED(), day(org.founded_on)))
    if org.closed_on:
        rows.append((lbl.F_CLOSED(), day(org.closed_on)))
    text = field_lines(rows)
    if path is not None:  # where it sits: the chain from the top, one org a line
        chain = [("  " * i) + ("└ " if i else "") + o.name for i, o in enumerate(path)]
        text += "\n\n" + lbl.F_PATH() + "\n" + ("\n".join(chain) if chain else lbl.TOP_LEVEL())
    return text
