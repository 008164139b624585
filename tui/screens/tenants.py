"""The region's tenants: list, filter, create, open, enter, disable and enable."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from tui import labels as ui
from tui.client import Tenant
from tui.i18n import L, fit, of
from tui.kit.listing import EXPORT, export_with_notice
from tui.screens.base import AreaScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.base import bind
from tui.widgets.search import SearchInput
from tui.widgets.tables import selected_key, sync_rows

# labels shown by this file (tui.i18n.L)
APP_REGION_SHORT = L("自治区", "region")
TENANTS_ACTIVE = L("启用", "active")
TENANTS_COL_MODULES = L("已开模块", "Modules on")
TENANTS_COL_NAME_EN = L("英文名称", "English name")
TENANTS_COL_NAME_ZH = L("中文名称", "Chinese name")
TENANTS_COL_PARENT = L("上级", "Parent")
TENANTS_COL_SLUG = L("代码", "Slug")
TENANTS_COL_STATUS = L("状态", "Status")
TENANTS_COUNT = L("共 {total} 个租户", "{total} tenants")
TENANTS_CREATED = L("已创建租户 {slug}", "Tenant {slug} created")
TENANTS_DISABLED = L("已停用", "disabled")
TENANTS_FILTER = L("筛选：代码或名称", "Filter: slug or name")
TENANTS_FOCUS_FILTER = L("筛选", "Filter")
TENANTS_MATCHES = L("{shown} 个租户符合“{needle}”", "{shown} tenants match “{needle}”")
TENANTS_NONE_SELECTED = L("请先选择一个租户", "Select a tenant first")
TENANTS_OPEN = L("详情", "Details")
TENANTS_TITLE = L("租户（市级工会）", "Tenants (city federations)")
TENANTS_COL_OF = {
    "modules": TENANTS_COL_MODULES,
    "name_en": TENANTS_COL_NAME_EN,
    "name_zh": TENANTS_COL_NAME_ZH,
    "parent": TENANTS_COL_PARENT,
    "slug": TENANTS_COL_SLUG,
    "status": TENANTS_COL_STATUS,
}


# Fixed widths in terminal cells (a Chinese character takes two), so the columns do not
# jump as rows load or a filter narrows them; a header wider than its column widens it.
COLUMNS = (("slug", 12), ("name_zh", 14), ("name_en", 20), ("parent", 8), ("modules", 24), ("status", 8))


def status_label(tenant: Tenant) -> str:
    return TENANTS_ACTIVE() if tenant.active else TENANTS_DISABLED()


class TenantsScreen(AreaScreen):
    AREA = "tenants"
    HEADING = TENANTS_TITLE
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("n", "new", ui.TENANTS_NEW.id, id="tenants.new"),
        Binding("o", "open", TENANTS_OPEN.id, id="tenants.open"),
        Binding("e", "enter_tenant", ui.TENANTS_ENTER.id, id="tenants.enter"),
        Binding("d", "disable", ui.TENANTS_DISABLE.id, id="tenants.disable"),
        Binding("a", "enable", ui.TENANTS_ENABLE.id, id="tenants.enable"),
        Binding("slash", "focus_filter", TENANTS_FOCUS_FILTER.id, key_display="/", id="tenants.filter"),
        bind("ctrl+s", "export", EXPORT),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tenants: list[Tenant] = []

    def body(self) -> ComposeResult:
        yield SearchInput(placeholder=TENANTS_FILTER(), id="filter")
        yield DataTable(id="tenants", cursor_type="row", zebra_stripes=True)
        yield Static("", id="count", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#tenants", DataTable)
        self.widths = {}
        for key, width in COLUMNS:
            label = of(TENANTS_COL_OF, key)
            self.widths[key] = max(width, cell_len(label))
            table.add_column(label, key=key, width=self.widths[key])
        table.focus()

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="tenants", exit_on_error=False)
    async def load(self) -> None:
        self.tenants = await self.app.client.tenants()
        self.show_rows()

    @on(Input.Changed, "#filter")
    def show_rows(self) -> None:
        needle = self.query_one("#filter", Input).value.strip().lower()
        shown = [x for x in self.tenants if not needle or needle in f"{x.slug} {x.name_zh} {x.name_en}".lower()]
        table = self.query_one("#tenants", DataTable)
        with self.app.batch_update():
            sync_rows(table, {x.slug: self.cells(x) for x in shown})
        self.query_one("#count", Static).update(
            TENANTS_MATCHES(shown=len(shown), needle=needle) if needle else TENANTS_COUNT(total=len(shown))
        )

    def cells(self, tenant: Tenant) -> tuple[str, ...]:
        values = {
            "slug": tenant.slug,
            "name_zh": tenant.name_zh,
            "name_en": tenant.name_en,
            "parent": tenant.parent or APP_REGION_SHORT(),
            "modules": ",".join(tenant.modules) or ui.APP_NONE(),
            "status": status_label(tenant),
        }
        return tuple(fit(values[key], self.widths[key]) for key, _ in COLUMNS)

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#tenants", DataTable).focus()

    @work(exclusive=True, group="tenants-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save every tenant as XLSX (the API's list has no filter; the one above is the screen's)."""
        await export_with_notice(self, "/api/v1/platform/tenants")

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def selected(self) -> Tenant | None:
        slug = selected_key(self.query_one("#tenants", DataTable))
        tenant = next((x for x in self.tenants if x.slug == slug), None)
        if tenant is None:
            self.notify(TENANTS_NONE_SELECTED(), severity="warning", markup=False)
        return tenant

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.tenant_detail import TenantDetailScreen

        tenant = self.selected()
        if tenant is not None:

            def reload(_: object) -> None:
                self.load()

            self.app.push_screen(TenantDetailScreen(tenant.slug), reload)

    def action_new(self) -> None:
        from tui.screens.tenant_form import CreateTenantModal

        def created(tenant: Tenant | None) -> None:
            if tenant is not None:
                self.notify(TENANTS_CREATED(slug=tenant.slug), markup=False)
                self.tenants.append(tenant)
                self.show_rows()
                table = self.query_one("#tenants", DataTable)
                if tenant.slug in table.rows:
                    table.move_cursor(row=table.get_row_index(tenant.slug))

        self.app.push_screen(CreateTenantModal([x.slug for x in self.tenants]), created)

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
        self.tenants = [updated if x.slug == slug else x for x in self.tenants]
        self.show_rows()
        self.notify((ui.TENANTS_DISABLED_DONE if not active else ui.TENANTS_ENABLED_DONE)(slug=slug), markup=False)
