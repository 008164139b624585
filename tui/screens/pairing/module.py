"""名师带高徒: what the pairing package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule
from tui.screens.pairing.common import STAFF


def _programmes(app):
    from tui.screens.pairing.programmes import ProgrammesScreen

    return ProgrammesScreen()


def _agreements(app):
    from tui.screens.pairing.agreements import AgreementsScreen

    return AgreementsScreen()


MODULE = TuiModule(
    "pairing",
    screens=[
        ScreenEntry("pairing.programmes", L("带徒项目", "Pairing"), _programmes, roles=STAFF),
        ScreenEntry("pairing.agreements", L("师徒协议", "Pair agreements"), _agreements, roles=STAFF),
    ],
)
