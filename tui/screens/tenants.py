"""The region's tenants: list, filter (the API's `q`), create, open, enter, disable and enable;
Ctrl+S saves the list as shown (the kit's ListScreen)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from tui import labels as ui
from tui.client import Tenant
from tui.i18n import L
from tui.kit.api import ModuleApi, Page
from tui.kit.listing import Column, ListScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.paged_table import PagedTable
from tui.widgets.search import SearchInput

# labels shown by this file (tui.i18n.L)
APP_REGION_SHORT = L("自治区", "region")
TENANTS_ACTIVE = L("启用", "active")
TENANTS_COL_MODULES = L("已开模块", "Modules on")
TENANTS_COL_NAME_EN = L("英文名称", "English name")
TENANTS_COL_NAME_ZH = L("中文名称", "Chinese name")
TENANTS_COL_PARENT = L("上级", "Parent")
TENANTS_COL_SLUG = L("代码", "Slug")
TENANTS_COL_STATUS = L("状态", "Status")
TENANTS_CREATED = L("已创建租户 {slug}", "Tenant {slug} created")
TENANTS_DISABLED = L("已停用", "disabled")
TENANTS_FILTER = L("筛选：代码或名称", "Filter: slug or name")
TENANTS_FOCUS_FILTER = L("筛选", "Filter")
TENANTS_OPEN = L("详情", "Details")
TENANTS_TITLE = L("租户（市级工会）", "Tenants (city federations)")


def status_label(tenant: Tenant) -> str:
    return TENANTS_ACTIVE() if tenant.active else TENANTS_DISABLED()


class TenantsApi(ModuleApi):
    async def tenants(self, *, q: str | None = None, cursor: str | None = None) -> Page[Tenant]:
        # a region has a few dozen tenants: one page holds them
        return await self._page("/api/v1/platform/tenants", Tenant, limit=500, cursor=cursor, q=q)


class TenantsScreen(ListScreen[Tenant]):
    AREA = "tenants"
    HEADING = TENANTS_TITLE
    CSS_PATH = "screens.tcss"
    COLUMNS = (  # fixed widths: the columns stay put as a filter narrows the rows
        Column("slug", TENANTS_COL_SLUG, lambda t: t.slug, width=12, fixed=True),
        Column("name_zh", TENANTS_COL_NAME_ZH, lambda t: t.name_zh, width=14, fixed=True),
        Column("name_en", TENANTS_COL_NAME_EN, lambda t: t.name_en, width=20, fixed=True),
        Column("parent", TENANTS_COL_PARENT, lambda t: t.parent or APP_REGION_SHORT(), width=8, fixed=True),
        Column("modules", TENANTS_COL_MODULES, lambda t: ",".join(t.modules) or ui.APP_NONE(), width=24, fixed=True),
        Column("status", TENANTS_COL_STATUS, status_label, width=8, fixed=True),
    )
    BINDINGS = [
        Binding("n", "new", ui.TENANTS_NEW.id, id="tenants.new"),
        Binding("o", "open", TENANTS_OPEN.id, id="tenants.open"),
        Binding("e", "enter_tenant", ui.TENANTS_ENTER.id, id="tenants.enter"),
        Binding("d", "disable", ui.TENANTS_DISABLE.id, id="tenants.disable"),
        Binding("a", "enable", ui.TENANTS_ENABLE.id, id="tenants.enable"),
        Binding("slash", "focus_filter", TENANTS_FOCUS_FILTER.id, key_display="/", id="tenants.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.created: str | None = None  # a tenant just created: the cursor goes to it once listed

    def filters(self) -> ComposeResult:
        yield SearchInput(placeholder=TENANTS_FILTER(), id="q")

    async def page(self, cursor: str | None) -> Page[Tenant]:
        return await TenantsApi.of(self.app).tenants(cursor=cursor, **self.filter_values())

    def key(self, record: Tenant) -> str:
        return record.slug

    @on(Input.Submitted, "#q")
    def filter_done(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#q", Input).focus()

    def open(self, record: Tenant) -> None:
        from tui.screens.tenant_detail import TenantDetailScreen

        self.app.push_screen(TenantDetailScreen(record.slug), self.refreshed)

    def action_open(self) -> None:
        tenant = self.selected()
        if tenant is not None:
            self.open(tenant)

    @work(exclusive=True, group="tenants-new", exit_on_error=False)
    async def action_new(self) -> None:
        from tui.screens.tenant_form import CreateTenantModal

        def created(tenant: Tenant | None) -> None:
            if tenant is not None:
                self.notify(TENANTS_CREATED(slug=tenant.slug), markup=False)
                self.created = tenant.slug
                self.action_refresh()

        parents = [t.slug for t in await self.app.client.tenants()]  # every tenant, whatever the filter
        self.app.push_screen(CreateTenantModal(parents), created)

    @on(PagedTable.PageLoaded)
    def go_to_created(self) -> None:
        if self.created is not None and self.created in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(self.created))
            self.created = None

    def action_enter_tenant(self) -> None:
        tenant = self.selected()
        if tenant is not None:
            self.app.navigate(self.app.enter_tenant(tenant.slug))

    def action_disable(self) -> None:
        tenant = self.selected()
        if tenant is None or not tenant.active:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_active(tenant.slug, False)

        self.app.push_screen(ConfirmModal(ui.TENANTS_CONFIRM_DISABLE(slug=tenant.slug, name=tenant.name_zh)), answered)

    def action_enable(self) -> None:
        tenant = self.selected()
        if tenant is not None and not tenant.active:
            self.set_active(tenant.slug, True)

    @work(exclusive=True, group="tenant-active", exit_on_error=False)
    async def set_active(self, slug: str, active: bool) -> None:
        client = self.app.client
        updated = await (client.disable_tenant(slug) if not active else client.update_tenant(slug, active=True))
        self.records[slug] = updated
        for column, cell in zip(self.COLUMNS, self.cells(updated), strict=True):
            self.table.update_cell(slug, column.key, cell)
        self.notify((ui.TENANTS_DISABLED_DONE if not active else ui.TENANTS_ENABLED_DONE)(slug=slug), markup=False)
