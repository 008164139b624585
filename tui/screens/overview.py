"""A city admin's home: their tenant, their role, the modules switched on."""

from __future__ import annotations

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from tui.i18n import pad, pick, t
from tui.screens.base import AreaScreen


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
            (t("tenant.slug"), tenant.slug),
            (t("tenant.name_zh"), tenant.name_zh),
            (t("tenant.name_en"), tenant.name_en),
            (t("tenant.parent"), tenant.parent or t("app.region")),
            (t("overview.role"), f"{me.account} · {t(f'role.{me.role}')}"),
        ]
        width = max(cell_len(label) for label, _ in rows) + 2
        lines = [pad(label, width) + value for label, value in rows]
        lines += ["", t("overview.modules_on")]
        lines += [f"  ● {pick(m.title_zh, m.title_en)} ({m.name})" for m in me.modules if m.enabled]
        self.query_one("#overview", Static).update("\n".join(lines))
