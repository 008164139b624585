"""One tenant: its fields, and its modules switched on and off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui import labels as ui
from tui.client import ModuleState, Tenant
from tui.i18n import L, of, pad, pick
from tui.screens.base import ScreenCommands
from tui.screens.confirm import ConfirmModal
from tui.screens.tenants import status_label
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, bind
from tui.widgets.toggles import TickList

EDIT = L("修改", "Change")
BOT = L("机器人", "Bot")
CHANGED = L("已保存租户 {slug}", "Tenant {slug} saved")
BOT_SAVED = L("机器人已连接：@{username}", "Bot connected: @{username}")

FIELDS = ("slug", "name_zh", "name_en", "parent", "locale", "timezone", "status")


class TenantDetailScreen(ScreenCommands, Localized, ReportsFailures, Screen):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="tenant.back"),
        Binding("s", "save_modules", ui.TENANT_SAVE_MODULES.id, id="tenant.save_modules"),
        Binding("e", "enter_tenant", ui.TENANTS_ENTER.id, id="tenant.enter"),
        Binding("d", "disable", ui.TENANTS_DISABLE.id, id="tenant.disable"),
        Binding("a", "enable", ui.TENANTS_ENABLE.id, id="tenant.enable"),
        Binding("r", "refresh", ui.APP_REFRESH.id, id="tenant.refresh"),
        bind("c", "edit", EDIT),
        bind("b", "bot", BOT),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.tenant: Tenant | None = None
        self.modules: list[ModuleState] = []

    def heading(self) -> str:
        return ui.TENANT_TITLE(slug=self.slug)

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="detail"):
            yield Static(self.heading(), id="heading", markup=False)
            with Horizontal():
                yield Static(ui.APP_LOADING(), id="fields", markup=False)
                with Vertical(id="modules-box"):
                    yield Static(ui.TENANT_MODULES(), classes="subheading", markup=False)
                    yield TickList(id="modules")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#modules", SelectionList).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(self.tenant)

    @work(exclusive=True, group="tenant", exit_on_error=False)
    async def load(self) -> None:
        client = self.app.client
        self.tenant = await client.tenant(self.slug)
        self.modules = await client.tenant_modules(self.slug)
        self.show()

    def show(self) -> None:
        tenant = self.tenant
        assert tenant is not None
        values = {
            "slug": tenant.slug,
            "name_zh": tenant.name_zh,
            "name_en": tenant.name_en,
            "parent": tenant.parent or ui.APP_REGION(),
            "locale": tenant.locale,
            "timezone": tenant.timezone,
            "status": status_label(tenant),
        }
        labels = {f: of(ui.TENANT_OF, f) for f in FIELDS}
        width = max(cell_len(label) for label in labels.values()) + 2  # cells, not characters
        self.query_one("#fields", Static).update("\n".join(pad(labels[f], width) + values[f] for f in FIELDS))
        box = self.query_one("#modules", SelectionList)
        highlighted = box.highlighted
        with self.app.batch_update():
            box.clear_options()
            box.add_options(
                [Selection(f"{pick(m.title_zh, m.title_en)}  ({m.name})", m.name, m.enabled) for m in self.modules]
            )
            if highlighted is not None and highlighted < len(self.modules):
                box.highlighted = highlighted

    def action_save_modules(self) -> None:
        if self.tenant is None:
            return
        wanted = list(self.query_one("#modules", SelectionList).selected)
        was = [m.name for m in self.modules if m.enabled]
        if set(wanted) == set(was):
            self.notify(ui.TENANT_MODULES_UNCHANGED(), markup=False)
            return
        going = [m for m in self.modules if m.enabled and m.name not in wanted]
        if not going:
            self.save_modules(wanted)
            return
        names = ", ".join(f"{pick(m.title_zh, m.title_en)} ({m.name})" for m in going)

        def answered(yes: bool | None) -> None:
            if yes:
                self.save_modules(wanted)
            else:
                self.show()  # put the switches back as the server has them

        self.app.push_screen(ConfirmModal(ui.TENANT_CONFIRM_MODULES_OFF(modules=names)), answered)

    @work(exclusive=True, group="tenant-modules", exit_on_error=False)
    async def save_modules(self, wanted: list[str]) -> None:
        client = self.app.client
        self.modules = await client.set_modules(self.slug, wanted)
        self.tenant = await client.tenant(self.slug)
        self.show()
        on = ", ".join(m.name for m in self.modules if m.enabled) or ui.APP_NONE()
        self.notify(ui.TENANT_MODULES_SAVED(slug=self.slug, modules=on), markup=False)
        self.app.tenant_changed(self.tenant, self.modules)

    def action_edit(self) -> None:
        if self.tenant is not None:
            self.edit(self.tenant)

    @work(exclusive=True, group="tenant-edit", exit_on_error=False)
    async def edit(self, tenant: Tenant) -> None:
        from tui.screens.tenant_edit import EditTenantModal

        parents = [t.slug for t in await self.app.client.tenants()]
        self.app.push_screen(EditTenantModal(tenant, parents), self.edited)

    def edited(self, tenant: Tenant | None) -> None:
        if tenant is not None:
            self.tenant = tenant
            self.show()
            self.notify(CHANGED(slug=tenant.slug), markup=False)
            self.app.tenant_changed(tenant)

    @work(exclusive=True, group="tenant-bot", exit_on_error=False)
    async def action_bot(self) -> None:
        from tui.screens.tenant_edit import BotSettingsModal, PlatformApi

        current = await PlatformApi.of(self.app).bot(self.slug)
        self.app.push_screen(BotSettingsModal(self.slug, current), bot_saved(self))

    def action_enter_tenant(self) -> None:
        self.app.navigate(self.app.enter_tenant(self.slug))

    def action_disable(self) -> None:
        if self.tenant is None or not self.tenant.active:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_active(False)

        self.app.push_screen(
            ConfirmModal(ui.TENANTS_CONFIRM_DISABLE(slug=self.slug, name=self.tenant.name_zh)), answered
        )

    def action_enable(self) -> None:
        if self.tenant is not None and not self.tenant.active:
            self.set_active(True)

    @work(exclusive=True, group="tenant-active", exit_on_error=False)
    async def set_active(self, active: bool) -> None:
        client = self.app.client
        self.tenant = await (
            client.update_tenant(self.slug, active=True) if active else client.disable_tenant(self.slug)
        )
        self.show()
        self.notify((ui.TENANTS_ENABLED_DONE if active else ui.TENANTS_DISABLED_DONE)(slug=self.slug), markup=False)


def bot_saved(node: Localized) -> Callable[[Any], None]:
    """What a bot form's result says: the bot Telegram knows it as."""

    def said(bot: Any) -> None:
        if bot is not None:
            node.notify(BOT_SAVED(username=bot.username or "?"), markup=False)

    return said
