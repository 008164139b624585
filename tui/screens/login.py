"""Sign in: the server's URL, a token and (for a city admin) the tenant; saved on success."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from tui.client import ApiError, ConnectionLost
from tui.i18n import t
from tui.screens.base import ScreenCommands
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures
from tui.widgets.form import field_row


class LoginScreen(ScreenCommands, Localized, ReportsFailures, Screen):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", "login.submit", id="login.submit")]

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        config = self.app.config
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="login", classes="form"):
            yield Static(t("login.title"), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(t("login.url"), Input(config.url, id="url", compact=True))
                yield from field_row(
                    t("login.token"),
                    Input(config.token or "", id="token", password=True, placeholder="ss_…", compact=True),
                )
                yield from field_row(
                    t("login.tenant"),
                    Input(config.tenant or "", id="tenant", compact=True, placeholder=t("login.tenant.hint")),
                )
            yield Static(self.message, id="login-message", markup=False)
            yield Button(t("login.submit"), id="submit", variant="primary", compact=True)
            yield Static(t("login.hint"), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        token = self.query_one("#token", Input)
        (token if not token.value else self.query_one("#submit", Button)).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        url = self.query_one("#url", Input).value.strip()
        token = self.query_one("#token", Input).value.strip()
        tenant = self.query_one("#tenant", Input).value.strip() or None
        if not token:
            self.say(t("login.need_token"))
            return
        self.say(t("login.connecting", url=url))
        self.sign_in(url, token, tenant)

    def say(self, text: str) -> None:
        self.query_one("#login-message", Static).update(text)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def sign_in(self, url: str, token: str, tenant: str | None) -> None:
        app = self.app
        app.client.configure(url=url, token=token)
        try:
            identity = await app.client.identify(tenant)
        except ApiError as error:
            text = app._problem_text(error)
            if error.status == 403 and not tenant:
                text = t("login.need_tenant") + "\n" + text
            self.say(text)
            app.report_failure(error) if error.status != 401 else app.notify(text, severity="error", markup=False)
            return
        except ConnectionLost as error:
            self.say(t("conn.failed", url=url) + f"\n{error.reason}")
            app.notify(t("conn.failed", url=url), severity="error", markup=False)
            return
        path = app.remember(url, token, tenant)
        if path is not None:
            app.notify(t("login.saved", path=str(path)), markup=False)
        app.navigate(app.signed_in(identity))
