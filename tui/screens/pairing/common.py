"""Small pieces the pairing screens share."""

from __future__ import annotations

from collections.abc import Iterable

from tui import labels as ui
from tui.i18n import get_lang, pick
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Reason

EDITORS = frozenset({"tenant_admin", "org_officer"})
STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})


def may_edit(app) -> bool:
    identity = app.identity
    return identity is not None and (identity.role in EDITORS or identity.is_platform)


def reasons_text(reasons: Iterable[Reason]) -> str:
    """The server's reasons, in the chosen language, one sentence after another."""
    return ("；" if get_lang() == "zh-CN" else "; ").join(pick(r.zh, r.en) for r in reasons)


def level(value: int | None) -> str:
    """Qualification level 1 (高级技师) … 5 (初级工); none recorded shows a dash."""
    return lbl.LEVEL(level=value) if value is not None else ui.APP_NONE()


def trade(value: str | None) -> str:
    return value or ui.APP_NONE()
