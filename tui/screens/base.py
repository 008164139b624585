"""Base screens: an area (header, sidebar, body, connection banner, footer), a modal
and the splash shown while connecting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Static

from tui import labels as ui
from tui.i18n import L
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, SaishangNode
from tui.widgets.sidebar import Sidebar


class ScreenCommands(SaishangNode):
    """Mixin: the command palette offers the bindings this screen shows in its footer."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for _key, binding in self._bindings:
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if self.check_action(binding.action, ()) is False:
                continue
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                lambda action=binding.action: self.run_action(action),
            )


class AreaScreen(ScreenCommands, Localized, ReportsFailures, Screen):
    """One area of the app. Subclasses set AREA and HEADING and compose `body()`."""

    AREA = ""
    HEADING: ClassVar[L | None] = None  # the heading over the body
    AUTO_FOCUS = "#body DataTable"  # the area's table, not the sidebar
    BINDINGS = [Binding("r", "refresh", ui.APP_REFRESH.id, id="screen.refresh")]

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Horizontal(id="main"):
            yield Sidebar(self.AREA)
            with Vertical(id="body"):
                yield Static(self.heading(), id="heading", markup=False)
                yield from self.body()
        yield Footer()

    def heading(self) -> str:
        return str(self.HEADING) if self.HEADING is not None else ""

    def body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Load the area's data again (bound to `r`; also run after a reconnect)."""


class Modal(ScreenCommands, Localized, ReportsFailures, ModalScreen):
    BINDINGS = [Binding("escape", "cancel", ui.APP_BACK.id, id="modal.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class SplashScreen(Localized, Screen):
    """The base of the stack: what shows while the app connects (and the banner if it cannot)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        yield Static(ui.LOGIN_CONNECTING(url=self.app.client.url), id="splash", markup=False)
        yield Footer()
