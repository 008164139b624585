"""Small pieces the orgs screens share: how an org, a date, a yes/no read."""
from __future__ import annotations

import datetime as dt

from rich.cells import cell_len

from tui.i18n import pad, pick, t
from tui.screens.orgs.api import LEVELS, ORG_TYPES, Org


def org_type(value: str) -> str:
    names = ORG_TYPES.get(value)
    return pick(*names) if names else value


def level(value: int | None) -> str:
    if value is None:
        return t("app.none")
    names = LEVELS.get(value)
    return f"{value} {pick(*names)}" if names else str(value)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else t("app.none")


def yes_no(value: bool | None) -> str:
    if value is None:
        return t("app.none")
    return t("app.yes") if value else t("app.no")


def gender(value: str) -> str:
    return t("orgs.gender.m") if value.upper().startswith("M") else t("orgs.gender.f")


def field_lines(rows: list[tuple[str, str]]) -> str:
    """Label/value lines with the values lined up in terminal cells."""
    width = max(cell_len(label) for label, _ in rows) + 2
    return "\n".join(pad(label, width) + value for label, value in rows)


def org_fields(org: Org, path: list[Org] | None = None) -> str:
    rows = [(t("orgs.f.name"), org.name), (t("orgs.f.type"), org_type(org.type)), (t("orgs.f.id"), str(org.id))]
    if path is not None:
        rows.append((t("orgs.f.path"), " › ".join(o.name for o in path) or t("orgs.top_level")))
    rows += [(t("orgs.f.members"), f"{org.member_count:,}"), (t("orgs.f.children"), f"{org.child_count:,}")]
    if org.enterprise_name or org.credit_code:
        rows += [(t("orgs.f.enterprise"), org.enterprise_name or t("app.none")),
                 (t("orgs.f.credit_code"), org.credit_code or t("app.none")),
                 (t("orgs.f.public_sector"), yes_no(org.public_sector)),
                 (t("orgs.f.above_scale"), yes_no(org.above_scale))]
    rows.append((t("orgs.f.founded"), day(org.founded_on)))
    if org.closed_on:
        rows.append((t("orgs.f.closed"), day(org.closed_on)))
    return field_lines(rows)
