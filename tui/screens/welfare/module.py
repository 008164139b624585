"""送温暖与救助: what the welfare package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule


def _campaigns(app):
    from tui.screens.welfare.campaigns import CampaignsScreen

    return CampaignsScreen()


MODULE = TuiModule(
    "welfare",
    screens=[ScreenEntry("welfare.campaigns", L("救助活动", "Campaigns"), _campaigns)],
)
