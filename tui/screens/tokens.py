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

from tui.client import NewToken, Token
from tui.i18n import t
from tui.screens.base import AreaScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key, sync_rows

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = ("id", "prefix", "role", "tenant", "account", "label", "created", "expires", "revoked")


def when(moment: dt.datetime | None, empty: str = "") -> str:
    """A time as people in Ningxia read it (Asia/Shanghai), to the minute."""
    if moment is None:
        return empty
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


class TokensScreen(AreaScreen):
    AREA = "tokens"
    TITLE_KEY = "tokens.title"
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("n", "new", "tokens.new", id="tokens.new"),
        Binding("x", "revoke", "tokens.revoke", id="tokens.revoke"),
        Binding("v", "toggle_revoked", "tokens.show_revoked", id="tokens.show_revoked"),
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
            yield SearchInput(tenant.slug if tenant else "", placeholder=t("tokens.filter_tenant"), id="tenant-filter")
        yield Checkbox(t("tokens.show_revoked"), value=True, id="show-revoked")
        yield DataTable(id="tokens", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#tokens", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"tokens.col.{key}"), key=key)
        table.focus()
        super().on_mount()

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
        never = t("app.never")
        rows = {
            str(x.id): (
                str(x.id),
                x.prefix + "…",
                t(f"role.{x.role}"),
                x.tenant or t("app.region"),
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
        self.query_one("#count", Static).update(t("tokens.count", count=len(shown)))

    def action_toggle_revoked(self) -> None:
        box = self.query_one("#show-revoked", Checkbox)
        box.value = not box.value

    def selected(self) -> Token | None:
        key = selected_key(self.query_one("#tokens", DataTable))
        token = next((x for x in self.tokens if str(x.id) == key), None)
        if token is None:
            self.notify(t("tokens.none_selected"), severity="warning", markup=False)
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
            self.notify(t("tokens.already_revoked", id=token.id), severity="warning", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.revoke(token)

        self.app.push_screen(
            ConfirmModal(t("tokens.confirm_revoke", id=token.id, prefix=token.prefix, account=token.account)), answered
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
        self.notify(t("tokens.revoked", id=token.id), markup=False)
