"""The welfare module's screens: relief campaigns and a campaign's payment progress.
`register_screens()` plugs them into the frame (tui/modules.py); the screens are
imported only when opened."""

from __future__ import annotations


def register_screens() -> None:
    from tui.modules import ScreenEntry, register

    def campaigns(app):
        from tui.screens.welfare.campaigns import CampaignsScreen

        return CampaignsScreen()

    register(
        "welfare",
        screens=[
            ScreenEntry("welfare.campaigns", ("救助活动", "Campaigns"), campaigns),
        ],
    )
