"""A city admin's home: their tenant, their role, the modules switched on."""

from __future__ import annotations

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from tui import labels as ui
from tui.i18n import L, of, pad, pick
from tui.screens.base import AreaScreen

# labels shown by this file (tui.i18n.L)
OVERVIEW_MODULES_ON = L("已开启的模块", "Modules switched on")
OVERVIEW_ROLE = L("身份", "Signed in as")


class OverviewScreen(AreaScreen):
    AREA = "overview"
    CSS_PATH = "screens.tcss"

    def heading(self) -> str:
        tenant = self.app.tenant
        return pick(tenant.name_zh, tenant.name_en) if tenant else ""

    def body(self) -> ComposeResult:
        yield Static("", id="overview", markup=False)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="overview", exit_on_error=False)
    async def load(self) -> None:
        app = self.app
        me = await app.client.me(app.tenant_slug)
        app.tenant_changed(me.tenant, list(me.modules))
        tenant = me.tenant
        rows = [
            (ui.TENANT_SLUG(), tenant.slug),
            (ui.TENANT_NAME_ZH(), tenant.name_zh),
            (ui.TENANT_NAME_EN(), tenant.name_en),
            (ui.TENANT_PARENT(), tenant.parent or ui.APP_REGION()),
            (OVERVIEW_ROLE(), f"{me.account} · {of(ui.ROLE_OF, me.role)}"),
        ]
        width = max(cell_len(label) for label, _ in rows) + 2
        lines = [pad(label, width) + value for label, value in rows]
        lines += ["", OVERVIEW_MODULES_ON()]
        lines += [f"  ● {pick(m.title_zh, m.title_en)} ({m.name})" for m in me.modules if m.enabled]
        self.query_one("#overview", Static).update("\n".join(lines))
