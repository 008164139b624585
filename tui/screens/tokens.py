"""Bearer tokens: list (never the secret), issue (shown once, copyable), revoke.

A platform admin sees every token (optionally one tenant's); a tenant admin
sees their tenant's, through the tenant's own routes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, Input

from tui import labels as ui
from tui.client import NewToken, Token
from tui.i18n import L, of
from tui.kit.api import ModuleApi, Page
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.search import SearchInput
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
TOKENS_FILTER_TENANT = L("按租户筛选（留空为全部）", "Tenant filter (empty: all)")
TOKENS_NEW = L("签发", "Issue")
TOKENS_REVOKE = L("吊销", "Revoke")
TOKENS_REVOKED = L("令牌 #{id} 已吊销", "Token #{id} revoked")
TOKENS_SHOW_REVOKED = L("显示已吊销", "Show revoked")
TOKENS_TITLE = L("访问令牌", "Tokens")


SHANGHAI = ZoneInfo("Asia/Shanghai")


def when(moment: dt.datetime | None, empty: str = "") -> str:
    """A time as people in Ningxia read it (Asia/Shanghai), to the minute."""
    if moment is None:
        return empty
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


class TokensApi(ModuleApi):
    """Tokens, paged: the platform's (optionally one tenant's), or one tenant's own."""

    async def tokens(self, tenant: str | None, *, platform: bool, cursor: str | None = None) -> Page[Token]:
        if platform:
            return await self._page("/api/v1/platform/tokens", Token, cursor=cursor, tenant=tenant)
        return await self._page(f"/api/v1/t/{tenant}/tokens", Token, cursor=cursor)


class TokensScreen(ListScreen[Token]):
    AREA = "tokens"
    HEADING = TOKENS_TITLE
    CSS_PATH = "screens.tcss"
    COLUMNS = (
        Column("id", TOKENS_COL_ID, lambda x: str(x.id)),
        Column("prefix", TOKENS_COL_PREFIX, lambda x: x.prefix + "…"),
        Column("role", TOKENS_COL_ROLE, lambda x: of(ui.ROLE_OF, x.role)),
        Column("tenant", TOKENS_COL_TENANT, lambda x: x.tenant or ui.APP_REGION()),
        Column("account", TOKENS_COL_ACCOUNT, lambda x: x.account),
        Column("label", TOKENS_COL_LABEL, lambda x: x.label),
        Column("created", TOKENS_COL_CREATED, lambda x: when(x.created_at)),
        Column("expires", TOKENS_COL_EXPIRES, lambda x: when(x.expires_at, APP_NEVER())),
        Column("revoked", TOKENS_COL_REVOKED, lambda x: when(x.revoked_at, "—")),
    )
    BINDINGS = [
        Binding("n", "new", TOKENS_NEW.id, id="tokens.new"),
        Binding("x", "revoke", TOKENS_REVOKE.id, id="tokens.revoke"),
        Binding("v", "toggle_revoked", TOKENS_SHOW_REVOKED.id, id="tokens.show_revoked"),
    ]

    @property
    def platform(self) -> bool:
        return self.app.is_platform

    def filters(self) -> ComposeResult:
        if self.platform:
            tenant = self.app.tenant
            yield SearchInput(tenant.slug if tenant else "", placeholder=TOKENS_FILTER_TENANT(), id="tenant-filter")
        yield Tick(TOKENS_SHOW_REVOKED(), value=True, id="show-revoked")

    def tenant_filter(self) -> str | None:
        if self.platform:
            return self.query_one("#tenant-filter", Input).value.strip() or None
        return self.app.tenant_slug

    async def page(self, cursor: str | None) -> Page[Token]:
        page = await TokensApi.of(self.app).tokens(self.tenant_filter(), platform=self.platform, cursor=cursor)
        if not self.query_one("#show-revoked", Checkbox).value:
            page.items = [x for x in page.items if x.revoked_at is None]
        return page

    @on(Input.Submitted, "#tenant-filter")
    def filtered(self) -> None:
        self.table.focus()

    @on(Checkbox.Changed, "#show-revoked")
    def revoked_shown(self) -> None:
        self.action_refresh()

    def action_toggle_revoked(self) -> None:
        box = self.query_one("#show-revoked", Checkbox)
        box.value = not box.value

    def action_new(self) -> None:
        from tui.screens.token_form import CreateTokenModal, TokenShownModal

        def issued(new: NewToken | None) -> None:
            if new is not None:
                self.app.push_screen(TokenShownModal(new))
                self.action_refresh()

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
        key = self.key(revoked)
        self.records[key] = revoked
        for column, cell in zip(self.COLUMNS, self.cells(revoked), strict=True):
            self.table.update_cell(key, column.key, cell)
        self.notify(TOKENS_REVOKED(id=token.id), markup=False)
