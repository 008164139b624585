"""Snapshots of the main screens, in both languages, at a fixed terminal size.

The data comes from the real API: a small fixed world of tenants (`snap...`)
that only these tests touch, filtered so other tests' tenants never show.
Update with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at
the SVGs (or `snapshot_report.html`) before committing them.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from server.errors import Conflict
from server.platform import service
from server.platform.service import TenantIn
from tests.tui.conftest import LANGS, SIZE, screenshot, settle
from tui.app import SaishangApp

WORLD = [
    TenantIn(
        slug="snapyc",
        name_zh="银川市总工会",
        name_en="Yinchuan Federation of Trade Unions",
        modules=["orgs", "pairing", "welfare", "skills"],
    ),
    TenantIn(
        slug="snapqtx",
        name_zh="青铜峡市总工会",
        name_en="Qingtongxia Federation of Trade Unions",
        parent="snapyc",
        modules=["orgs", "voice", "reps"],
    ),
]


@pytest.fixture
async def world(database) -> list[str]:
    for spec in WORLD:
        try:
            await service.create_tenant(spec)
        except Conflict:
            await service.set_modules(
                spec.slug,
                enable=spec.modules,
                disable=[m for m in service.registry.SWITCHABLE if m not in spec.modules],
            )
            await service.update_tenant(spec.slug, service.TenantPatch(active=True))
    return [spec.slug for spec in WORLD]


async def open_tenants(app: SaishangApp, pilot) -> DataTable:
    await settle(pilot)
    app.screen.query_one("#q", Input).value = "snap"
    app.screen.query_one("#q", Input).focus()
    await pilot.press("enter")  # the API's filter: the list reloads
    await settle(pilot)
    table = app.screen.query_one("#list", DataTable)
    table.focus()
    table.move_cursor(row=0)
    return table


@LANGS
async def test_login(make_tui, svg, lang):
    app = make_tui(None, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_tenants(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("platform_admin"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_tenants(app, pilot)
        assert [r.key.value for r in table.ordered_rows] == world
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_tenant_detail(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("platform_admin"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_tenants(app, pilot)
        await pilot.press("o")
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_create_tenant_form(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("platform_admin"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_tenants(app, pilot)
        await pilot.press("n")
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_disable_asks_first(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("platform_admin"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_tenants(app, pilot)
        await pilot.press("d")
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_help(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("platform_admin"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_tenants(app, pilot)
        await pilot.press("question_mark")
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_tenant_admin_overview(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("tenant_admin", "snapqtx"), lang=lang, tenant="snapqtx")
    async with app.run_test(size=SIZE) as pilot:
        assert await screenshot(app, pilot) == svg
