"""The connection banner: shown while the API cannot be reached, hidden otherwise."""

from __future__ import annotations

from textual.widgets import Static

from tui.i18n import L
from tui.widgets.base import SaishangNode

# labels shown by this file (tui.i18n.L)
CONN_LOST = L("连接中断：{error}。{seconds} 秒后重试…", "Connection lost: {error}. Retrying in {seconds}s…")


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
            self.update(CONN_LOST(error=reason, seconds=self.app.retry_in))
