"""Issue a token, then show it once, copyable."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from tui import labels as ui
from tui.client import NewToken
from tui.i18n import L, of
from tui.screens.base import Modal
from tui.widgets.form import field_row

# labels shown by this file (tui.i18n.L)
NEWTOKEN_BAD_NUMBER = L("{field} 必须是正整数", "{field} must be a whole number")
NEWTOKEN_EXPIRES = L("有效天数", "Valid for days")
NEWTOKEN_EXPIRES_HINT = L("空为永久", "empty: never expires")
NEWTOKEN_LABEL = L("用途说明", "What it is for")
NEWTOKEN_NAME = L("账户名", "Account name")
NEWTOKEN_NAME_HINT = L("可空", "optional")
NEWTOKEN_ORG = L("组织编号", "Org id")
NEWTOKEN_ORG_HINT = L("基层工会主席必填", "needed for an org officer")
NEWTOKEN_ROLE = L("角色", "Role")
NEWTOKEN_SUBMIT = L("签发", "Issue")
NEWTOKEN_TENANT = L("租户代码", "Tenant slug")
NEWTOKEN_TITLE = L("签发令牌", "Issue a token")
SHOWN_BODY = L("请立即保存。关闭后无法再次查看。", "Store it now: it cannot be shown again once closed.")
SHOWN_COPIED = L("令牌已复制到剪贴板", "Token copied to the clipboard")
SHOWN_COPY = L("复制", "Copy")
SHOWN_TITLE = L("新令牌（只显示这一次）", "New token (shown this once only)")


PLATFORM_ROLES = ("tenant_admin", "org_officer", "auditor", "worker", "platform_admin", "reviewer")
REGION_ROLES = ("platform_admin", "reviewer")  # the region's roles: their tokens name no tenant
TENANT_ROLES = ("tenant_admin", "org_officer", "auditor", "worker")


class CreateTokenModal(Modal):
    """Dismisses with the NewToken (to be shown once), or None when cancelled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", NEWTOKEN_SUBMIT.id, id="newtoken.submit")]

    def __init__(self, *, platform: bool, tenant: str | None) -> None:
        super().__init__()
        self.platform = platform
        self.tenant = tenant

    def compose(self) -> ComposeResult:
        roles = PLATFORM_ROLES if self.platform else TENANT_ROLES
        with VerticalScroll(id="create-token", classes="dialog"):
            yield Static(NEWTOKEN_TITLE(), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(
                    NEWTOKEN_ROLE(),
                    Select(
                        [(f"{of(ui.ROLE_OF, r)} ({r})", r) for r in roles],
                        value=roles[0],
                        allow_blank=False,
                        id="role",
                        compact=True,
                    ),
                )
                yield from field_row(
                    NEWTOKEN_TENANT(),
                    Input(self.tenant or "", id="tenant", disabled=not self.platform, compact=True),
                )
                yield from field_row(
                    NEWTOKEN_ORG(), Input(id="org", type="integer", compact=True, placeholder=NEWTOKEN_ORG_HINT())
                )
                yield from field_row(NEWTOKEN_NAME(), Input(id="name", compact=True, placeholder=NEWTOKEN_NAME_HINT()))
                yield from field_row(NEWTOKEN_LABEL(), Input(id="label", compact=True))
                yield from field_row(
                    NEWTOKEN_EXPIRES(),
                    Input(id="expires", type="integer", compact=True, placeholder=NEWTOKEN_EXPIRES_HINT()),
                )
            with Horizontal(classes="buttons"):
                yield Button(NEWTOKEN_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#role", Select).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        numbers: dict[str, int | None] = {}
        for field in ("org", "expires"):
            raw = self.query_one(f"#{field}", Input).value.strip()
            try:
                numbers[field] = int(raw) if raw else None
            except ValueError:
                self.notify(NEWTOKEN_BAD_NUMBER(field=field), severity="error", markup=False)
                return
        self.issue(numbers["org"], numbers["expires"])

    @work(exclusive=True, group="token-create", exit_on_error=False)
    async def issue(self, org_id: int | None, expires: int | None) -> None:
        role = str(self.query_one("#role", Select).value)
        tenant = self.query_one("#tenant", Input).value.strip() or None
        new = await self.app.client.create_token(
            role=role,
            tenant=None if role in REGION_ROLES else tenant,
            platform=self.platform,
            org_id=org_id,
            name=self.query_one("#name", Input).value.strip() or None,
            label=self.query_one("#label", Input).value.strip(),
            expires_in_days=expires,
        )
        self.dismiss(new)  # the caller shows it (TokenShownModal), once


class TokenShownModal(Modal):
    """The secret, this once: selectable in an input and copied with `c`."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("c", "copy", SHOWN_COPY.id, id="shown.copy"),
        Binding("enter", "cancel", ui.SHOWN_CLOSE.id, id="shown.close"),
    ]

    def __init__(self, new: NewToken) -> None:
        super().__init__()
        self.new = new

    def compose(self) -> ComposeResult:
        info = self.new.info
        with VerticalScroll(id="token-shown", classes="dialog"):
            yield Static(SHOWN_TITLE(), classes="form-title", markup=False)
            yield Static(
                f"#{info.id}  {of(ui.ROLE_OF, info.role)}  {info.tenant or ui.APP_REGION()}  {info.account}",
                markup=False,
            )
            yield Input(self.new.token, id="secret", compact=True)
            yield Static(SHOWN_BODY(), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(SHOWN_COPY(), id="copy", variant="primary", compact=True)
                yield Button(ui.SHOWN_CLOSE(), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.new.token)
        self.notify(SHOWN_COPIED(), markup=False)
