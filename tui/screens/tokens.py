"""Bearer tokens: list (never the secret), issue (shown once, copyable), revoke.

A platform admin sees every token (optionally one tenant's); a tenant admin
sees their tenant's, through the tenant's own routes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, DataTable, Input, Static

from tui import labels as ui
from tui.client import NewToken, Token
from tui.i18n import L, of
from tui.screens.base import AreaScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key, sync_rows
from tui.widgets.toggles import Tick

# labels shown by this file (tui.i18n.L)
APP_NEVER = L("从不", "never")
TOKENS_ALREADY_REVOKED = L("令牌 #{id} 早已吊销", "Token #{id} is already revoked")
TOKENS_COL_ACCOUNT = L("账户", "Account")
TOKENS_COL_CREATED = L("创建", "Created")
TOKENS_COL_EXPIRES = L("过期", "Expires")
TOKENS_COL_ID = L("编号", "ID")
TOKENS_COL_LABEL = L("用途", "Label")
TOKENS_COL_PREFIX = L("前缀", "Prefix")
TOKENS_COL_REVOKED = L("吊销", "Revoked")
TOKENS_COL_ROLE = L("角色", "Role")
TOKENS_COL_TENANT = L("租户", "Tenant")
TOKENS_CONFIRM_REVOKE = L(
    "吊销令牌 #{id}（{prefix}…，{account}）？使用它的客户端将立即失去访问权限。",
    "Revoke token #{id} ({prefix}…, {account})? Clients using it lose access at once.",
)
TOKENS_COUNT = L("共 {count} 个令牌", "{count} tokens")
TOKENS_FILTER_TENANT = L("按租户筛选（留空为全部）", "Tenant filter (empty: all)")
TOKENS_NEW = L("签发", "Issue")
TOKENS_NONE_SELECTED = L("请先选择一个令牌", "Select a token first")
TOKENS_REVOKE = L("吊销", "Revoke")
TOKENS_REVOKED = L("令牌 #{id} 已吊销", "Token #{id} revoked")
TOKENS_SHOW_REVOKED = L("显示已吊销", "Show revoked")
TOKENS_TITLE = L("访问令牌", "Tokens")
TOKENS_COL_OF = {
    "account": TOKENS_COL_ACCOUNT,
    "created": TOKENS_COL_CREATED,
    "expires": TOKENS_COL_EXPIRES,
    "id": TOKENS_COL_ID,
    "label": TOKENS_COL_LABEL,
    "prefix": TOKENS_COL_PREFIX,
    "revoked": TOKENS_COL_REVOKED,
    "role": TOKENS_COL_ROLE,
    "tenant": TOKENS_COL_TENANT,
}


SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = ("id", "prefix", "role", "tenant", "account", "label", "created", "expires", "revoked")


def when(moment: dt.datetime | None, empty: str = "") -> str:
    """A time as people in Ningxia read it (Asia/Shanghai), to the minute."""
    if moment is None:
        return empty
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


class TokensScreen(AreaScreen):
    AREA = "tokens"
    HEADING = TOKENS_TITLE
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("n", "new", TOKENS_NEW.id, id="tokens.new"),
        Binding("x", "revoke", TOKENS_REVOKE.id, id="tokens.revoke"),
        Binding("v", "toggle_revoked", TOKENS_SHOW_REVOKED.id, id="tokens.show_revoked"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[Token] = []

    @property
    def platform(self) -> bool:
        return self.app.is_platform

    def body(self) -> ComposeResult:
        if self.platform:
            tenant = self.app.tenant
            yield SearchInput(tenant.slug if tenant else "", placeholder=TOKENS_FILTER_TENANT(), id="tenant-filter")
        yield Tick(TOKENS_SHOW_REVOKED(), value=True, id="show-revoked")
        yield DataTable(id="tokens", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#tokens", DataTable)
        for key in COLUMNS:
            table.add_column(of(TOKENS_COL_OF, key), key=key)
        table.focus()

    def tenant_filter(self) -> str | None:
        if self.platform:
            return self.query_one("#tenant-filter", Input).value.strip() or None
        return self.app.tenant_slug

    def action_refresh(self) -> None:
        self.load()

    @on(Input.Submitted, "#tenant-filter")
    def filter_changed(self) -> None:
        self.load()
        self.query_one("#tokens", DataTable).focus()

    @work(exclusive=True, group="tokens", exit_on_error=False)
    async def load(self) -> None:
        self.tokens = await self.app.client.tokens(self.tenant_filter(), platform=self.platform)
        self.show_rows()

    @on(Checkbox.Changed, "#show-revoked")
    def show_rows(self) -> None:
        show_revoked = self.query_one("#show-revoked", Checkbox).value
        shown = [x for x in reversed(self.tokens) if show_revoked or x.revoked_at is None]  # newest first
        never = APP_NEVER()
        rows = {
            str(x.id): (
                str(x.id),
                x.prefix + "…",
                of(ui.ROLE_OF, x.role),
                x.tenant or ui.APP_REGION(),
                x.account,
                x.label,
                when(x.created_at),
                when(x.expires_at, never),
                when(x.revoked_at, "—"),
            )
            for x in shown
        }
        with self.app.batch_update():
            sync_rows(self.query_one("#tokens", DataTable), rows)
        self.query_one("#count", Static).update(TOKENS_COUNT(count=len(shown)))

    def action_toggle_revoked(self) -> None:
        box = self.query_one("#show-revoked", Checkbox)
        box.value = not box.value

    def selected(self) -> Token | None:
        key = selected_key(self.query_one("#tokens", DataTable))
        token = next((x for x in self.tokens if str(x.id) == key), None)
        if token is None:
            self.notify(TOKENS_NONE_SELECTED(), severity="warning", markup=False)
        return token

    def action_new(self) -> None:
        from tui.screens.token_form import CreateTokenModal, TokenShownModal

        def issued(new: NewToken | None) -> None:
            if new is not None:
                self.app.push_screen(TokenShownModal(new))
                self.load()

        tenant = self.tenant_filter()
        self.app.push_screen(CreateTokenModal(platform=self.platform, tenant=tenant), issued)

    def action_revoke(self) -> None:
        token = self.selected()
        if token is None:
            return
        if token.revoked_at is not None:
            self.notify(TOKENS_ALREADY_REVOKED(id=token.id), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.revoke(token)

        self.app.push_screen(
            ConfirmModal(TOKENS_CONFIRM_REVOKE(id=token.id, prefix=token.prefix, account=token.account)), answered
        )

    @work(exclusive=True, group="token-revoke", exit_on_error=False)
    async def revoke(self, token: Token) -> None:
        revoked = await self.app.client.revoke_token(
            token.id,
            tenant=token.tenant,
            platform=self.platform,
        )
        self.tokens = [revoked if x.id == revoked.id else x for x in self.tokens]
        self.show_rows()
        self.notify(TOKENS_REVOKED(id=token.id), markup=False)
