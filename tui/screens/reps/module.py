"""四制: what the reps package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule

STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})


def _elections(app):
    from tui.screens.reps.elections import ElectionsScreen

    return ElectionsScreen()


def _congresses(app):
    from tui.screens.reps.roll import CongressesScreen

    return CongressesScreen()


def _evaluations(app):
    from tui.screens.reps.evaluations import EvaluationsScreen

    return EvaluationsScreen()


def _proposals(app):
    from tui.screens.reps.proposals import ProposalsScreen

    return ProposalsScreen()


MODULE = TuiModule(
    "reps",
    screens=[
        ScreenEntry("reps.elections", L("代表选举", "Rep elections"), _elections, roles=STAFF),
        ScreenEntry("reps.congresses", L("代表名册", "Rep roll"), _congresses, roles=STAFF),
        ScreenEntry("reps.evaluations", L("代表评议", "Rep evaluations"), _evaluations, roles=STAFF),
        ScreenEntry("reps.proposals", L("代表提案", "Rep proposals"), _proposals, roles=STAFF),
    ],
)
