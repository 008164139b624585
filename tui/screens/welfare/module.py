"""送温暖与救助: what the welfare package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule


def _campaigns(app):
    from tui.screens.welfare.campaigns import CampaignsScreen

    return CampaignsScreen()


def _households(app):
    from tui.screens.welfare.households import HouseholdsScreen

    return HouseholdsScreen()


def _applications(app):
    from tui.screens.welfare.applications import ApplicationsScreen

    return ApplicationsScreen()


async def _found_campaign(app, campaign_id: int):
    from tui.screens.welfare.api import WelfareApi
    from tui.screens.welfare.campaigns import CampaignProgressScreen

    return CampaignProgressScreen(await WelfareApi.of(app).campaign(campaign_id))


STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})

MODULE = TuiModule(
    "welfare",
    screens=[
        ScreenEntry("welfare.campaigns", L("救助活动", "Campaigns"), _campaigns),
        ScreenEntry("welfare.households", L("困难职工", "Hardship files"), _households, roles=STAFF),
        ScreenEntry("welfare.applications", L("救助申请", "Applications"), _applications, roles=STAFF),
    ],
    finds={"campaigns": _found_campaign},
)
