"""Sign in: the server's URL, a token and (for a city admin) the tenant; saved on success."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from tui import labels as ui
from tui.client import ApiError, ConnectionLost
from tui.i18n import L
from tui.kit.form import field_row
from tui.screens.base import ScreenCommands
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures

# labels shown by this file (tui.i18n.L)
LOGIN_HINT = L(
    "令牌见 make up 写出的 var/platform-admin.token，或由管理员签发。",
    "The token is in var/platform-admin.token written by `make up`, or issued by an admin.",
)
LOGIN_NEED_TOKEN = L("请输入访问令牌", "Enter a token")
LOGIN_SAVED = L("已保存到 {path}", "Saved to {path}")
LOGIN_SUBMIT = L("登录", "Sign in")
LOGIN_TENANT = L("租户", "Tenant")
LOGIN_TENANT_HINT = L("市级管理员填写本会代码；平台管理员留空", "city admins: your tenant slug; platform admins: empty")
LOGIN_TITLE = L("登录", "Sign in")
LOGIN_TOKEN = L("访问令牌", "Token")
LOGIN_URL = L("服务地址", "Server URL")


class LoginScreen(ScreenCommands, Localized, ReportsFailures, Screen):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", LOGIN_SUBMIT.id, id="login.submit")]

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        config = self.app.config
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="login", classes="form"):
            yield Static(LOGIN_TITLE(), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(LOGIN_URL(), Input(config.url, id="url", compact=True))
                yield from field_row(
                    LOGIN_TOKEN(),
                    Input(config.token or "", id="token", password=True, placeholder="ss_…", compact=True),
                )
                yield from field_row(
                    LOGIN_TENANT(),
                    Input(config.tenant or "", id="tenant", compact=True, placeholder=LOGIN_TENANT_HINT()),
                )
            yield Static(self.message, id="login-message", markup=False)
            yield Button(LOGIN_SUBMIT(), id="submit", variant="primary", compact=True)
            yield Static(LOGIN_HINT(), classes="hint", markup=False)
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
            self.say(LOGIN_NEED_TOKEN())
            return
        self.say(ui.LOGIN_CONNECTING(url=url))
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
                text = ui.LOGIN_NEED_TENANT() + "\n" + text
            self.say(text)
            app.report_failure(error) if error.status != 401 else app.notify(text, severity="error", markup=False)
            return
        except ConnectionLost as error:
            self.say(ui.CONN_FAILED(url=url) + f"\n{error.reason}")
            app.notify(ui.CONN_FAILED(url=url), severity="error", markup=False)
            return
        path = app.remember(url, token, tenant)
        if path is not None:
            app.notify(LOGIN_SAVED(path=str(path)), markup=False)
        app.navigate(app.signed_in(identity))
