"""What a terminal user expects: a sidebar, footer keys, `?` help, `q` quit, the command
palette offering this screen's commands, keys remapped from the config file, two languages."""

from __future__ import annotations

import re
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import DataTable, Static

from tests.tui.conftest import SIZE, settle
from tui.config import config_path
from tui.i18n import fit, known, pad
from tui.screens.health import HealthScreen
from tui.screens.help import HelpScreen
from tui.screens.tenant_detail import TenantDetailScreen
from tui.screens.tenant_form import CreateTenantModal
from tui.screens.tenants import TenantsScreen
from tui.screens.tokens import TokensScreen
from tui.widgets.sidebar import Sidebar

TUI = Path(__file__).resolve().parents[2] / "tui"


async def test_the_sidebar_and_brackets_move_between_areas_and_q_quits(make_tui, make_token):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, TokensScreen)
        # Choose "Health" in the sidebar with the keyboard.
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("health")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HealthScreen)
        table = app.screen.query_one("#health", DataTable)
        assert table.get_row("postgres")[1] == "● ok" and table.get_row("redis")[1] == "● ok"
        assert "just now" in table.get_row("postgres")[3]
        assert table.get_row("bot")[0] == "Telegram sending"  # issue 13: sending shows too
        assert len(app.screen_stack) == 2  # areas replace each other, they do not pile up
        await pilot.press("q")
    assert app.return_code == 0 and not app.is_running


async def test_question_mark_lists_the_keys_of_the_screen(make_tui, make_token):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        rows = {tuple(table.get_row_at(i)) for i in range(table.row_count)}
        assert ("n", "New") in rows and ("d", "Disable") in rows and ("q", "Quit") in rows
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)


async def test_the_palette_offers_the_current_screens_commands(make_tui, make_token):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:7] == ["Refresh", "Export XLSX", "New", "Details", "Enter", "Disable", "Enable"]
        assert "Go to: Tokens" in titles and "Quit" in titles
        assert "Go to: Tenants" not in titles  # not the area we are in

        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"New")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CreateTenantModal)

        await pilot.press("escape")
        await settle(pilot)
        await app.open_area("tokens")
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:5] == ["Refresh", "Export XLSX", "Issue", "Revoke", "Show revoked"]  # a list exports


async def test_keys_are_remapped_by_binding_id_from_the_config_file(make_tui, make_token):
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[keymap]\n"tenants.new" = "insert"\n"app.quit" = "ctrl+x"\n', encoding="utf-8")
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the old key does nothing now
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)
        await pilot.press("insert")
        await settle(pilot)
        assert isinstance(app.screen, CreateTenantModal)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        assert app.is_running
        await pilot.press("ctrl+x")
    assert not app.is_running


async def test_every_binding_has_an_id():
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui

    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name == "tui.screenshot":
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                for binding in value.__dict__.get("BINDINGS", []):
                    assert isinstance(binding, Binding) and binding.id, f"{value.__name__}: {binding}"
                    assert known(binding.description), f"{value.__name__}: {binding.description}"


def test_every_label_declared_next_to_a_screen_has_both_languages():
    """The `L(zh, en)` labels of every TUI module (and the families of them a code picks from)."""
    import importlib
    import pkgutil

    import tui
    from tui.i18n import L

    seen = 0
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name == "tui.screenshot":
            continue
        for name, value in vars(importlib.import_module(info.name)).items():
            family = value.values() if isinstance(value, dict) else [value]
            for label in family:
                if isinstance(label, L):
                    seen += 1
                    assert label.zh.strip() and label.en.strip(), f"{info.name}.{name}"
                    placeholders = set(re.findall(r"{(\w+)}", label.zh)), set(re.findall(r"{(\w+)}", label.en))
                    assert placeholders[0] == placeholders[1], f"{info.name}.{name}"
    assert seen > 400


def test_text_is_measured_in_terminal_cells():
    assert cell_len(pad("名称", 8)) == 8 and pad("名称", 8) == "名称    "
    assert cell_len(pad("name", 8)) == 8
    assert fit("中卫市总工会职工服务中心", 9) == "中卫市总…" and cell_len(fit("中卫市总工会职工服务中心", 9)) <= 9
    assert fit("short", 9) == "short"


async def test_chinese_labels_line_up_in_cells(make_tui, make_token, make_tenant):
    tenant = await make_tenant(name_zh="石嘴山市总工会", name_en="Shizuishan FTU")
    app = make_tui(await make_token("platform_admin"), lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer_keys = {b.description for _, b in app.screen._bindings}
        assert {"新建", "停用", "刷新"} <= footer_keys
        table = app.screen.query_one("#list", DataTable)
        assert [str(c.label) for c in table.columns.values()][:3] == ["代码", "中文名称", "英文名称"]
        name = table.columns[table.get_column_index("name_zh") and list(table.columns)[1]]
        assert name.content_width >= cell_len("石嘴山市总工会") == 14

        table.move_cursor(row=table.get_row_index(tenant.slug))
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, TenantDetailScreen)
        lines = str(app.screen.query_one("#fields", Static).render()).splitlines()
        starts = {cell_len(line) - cell_len(line.split("  ")[-1].lstrip()) for line in lines}
        assert len(starts) == 1  # every value starts in the same terminal column
        assert any("石嘴山市总工会" in line for line in lines)


async def test_the_language_switches_from_the_palette(make_tui, make_token):
    app = make_tui(await make_token("platform_admin"), lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#heading", Static).render()) == "租户（市级工会）"
        command = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("切换语言"))
        command.callback()
        await settle(pilot)
        assert str(app.screen.query_one("#heading", Static).render()) == "Tenants (city federations)"
        assert {"New", "Disable"} <= {b.description for _, b in app.screen._bindings}
        assert {"Quit", "Help"} <= {b.description for _, b in app._bindings}
