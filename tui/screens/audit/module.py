"""经费绩效审计: what the audit package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule
from tui.screens.audit import ADMINS, STAFF


def _queue(app):
    from tui.screens.audit.queue import AuditQueueScreen

    return AuditQueueScreen()


def _plans(app):
    from tui.screens.audit.plans import PlansScreen

    return PlansScreen()


def _overview(app):
    from tui.screens.audit.overview import AuditOverviewScreen

    return AuditOverviewScreen()


MODULE = TuiModule(
    "audit",
    screens=[
        ScreenEntry("audit.queue", L("审计队列", "Audit queue"), _queue, roles=STAFF),
        ScreenEntry("audit.plans", L("审计计划", "Audit plans"), _plans, roles=ADMINS | {"auditor"}),
        ScreenEntry("audit.overview", L("审计概览", "Audit overview"), _overview, roles=ADMINS | {"auditor"}),
    ],
)
