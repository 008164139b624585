"""Issue a token, then show it once, copyable."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from tui import labels as ui
from tui.client import NewToken
from tui.i18n import L, of
from tui.kit.form import Field, FormModal
from tui.screens.base import Modal

# labels shown by this file (tui.i18n.L)
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
NEWTOKEN_FOR_TENANT = L("租户：{tenant}", "Tenant: {tenant}")
NEWTOKEN_TITLE = L("签发令牌", "Issue a token")
SHOWN_BODY = L("请立即保存。关闭后无法再次查看。", "Store it now: it cannot be shown again once closed.")
SHOWN_COPIED = L("令牌已复制到剪贴板", "Token copied to the clipboard")
SHOWN_COPY = L("复制", "Copy")
SHOWN_TITLE = L("新令牌（只显示这一次）", "New token (shown this once only)")


PLATFORM_ROLES = ("tenant_admin", "org_officer", "auditor", "worker", "platform_admin", "reviewer")
REGION_ROLES = ("platform_admin", "reviewer")  # the region's roles: their tokens name no tenant
TENANT_ROLES = ("tenant_admin", "org_officer", "auditor", "worker")


class CreateTokenModal(FormModal[NewToken]):
    """Dismisses with the NewToken (to be shown once), or None when cancelled. The region's
    form names the tenant; a tenant's form issues for its own tenant only."""

    HEADING = NEWTOKEN_TITLE
    SUBMIT = NEWTOKEN_SUBMIT

    def __init__(self, *, platform: bool, tenant: str | None) -> None:
        super().__init__({"tenant": tenant})
        self.platform = platform
        self.tenant = tenant

    def fields(self) -> list[Field]:
        roles = PLATFORM_ROLES if self.platform else TENANT_ROLES
        tenant = [Field("tenant", NEWTOKEN_TENANT)] if self.platform else []
        return [
            Field(
                "role", NEWTOKEN_ROLE, "choice", choices=[(f"{of(ui.ROLE_OF, r)} ({r})", r) for r in roles], blank=False
            ),
            *tenant,
            Field("org_id", NEWTOKEN_ORG, "int", hint=NEWTOKEN_ORG_HINT),
            Field("name", NEWTOKEN_NAME, hint=NEWTOKEN_NAME_HINT),
            Field("label", NEWTOKEN_LABEL, required=True),
            Field("expires_in_days", NEWTOKEN_EXPIRES, "int", hint=NEWTOKEN_EXPIRES_HINT),
        ]

    def about(self) -> str:
        return "" if self.platform else NEWTOKEN_FOR_TENANT(tenant=self.tenant or "")

    async def submit(self, body: dict[str, Any]) -> NewToken:
        role = body.pop("role")
        tenant = body.pop("tenant", None) if self.platform else self.tenant
        return await self.app.client.create_token(  # the caller shows it (TokenShownModal), once
            role=role, tenant=None if role in REGION_ROLES else tenant, platform=self.platform, **body
        )


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
