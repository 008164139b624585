"""The connection banner: shown while the API cannot be reached, hidden otherwise."""

from __future__ import annotations

from textual.widgets import Static

from tui.i18n import t
from tui.widgets.base import SaishangNode


class ConnectionBanner(SaishangNode, Static):
    def __init__(self) -> None:
        super().__init__("", id="connection-banner", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "offline", self._show, init=True)
        self.watch(self.app, "retry_in", self._show, init=False)

    def _show(self, *_: object) -> None:
        reason = self.app.offline
        self.display = bool(reason)
        if reason:
            self.update(t("conn.lost", error=reason, seconds=self.app.retry_in))
