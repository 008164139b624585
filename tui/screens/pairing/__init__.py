"""名师带高徒 screens: programmes, a programme's proposal (pairs and unpaired with their
reasons, propose, accept), agreements. `tui.modules` calls `register()` once."""

from __future__ import annotations


def register() -> None:
    from tui.modules import ScreenEntry
    from tui.modules import register as register_module
    from tui.screens.pairing.agreements import AgreementsScreen
    from tui.screens.pairing.common import STAFF
    from tui.screens.pairing.programmes import ProgrammesScreen

    register_module(
        "pairing",
        screens=[
            ScreenEntry("pairing.programmes", ("带徒项目", "Pairing"), lambda app: ProgrammesScreen(), roles=STAFF),
            ScreenEntry(
                "pairing.agreements", ("师徒协议", "Pair agreements"), lambda app: AgreementsScreen(), roles=STAFF
            ),
        ],
    )
