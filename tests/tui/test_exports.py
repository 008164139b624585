"""Take it away from the TUI (issue 20): Ctrl+S on a list saves the API's XLSX export of the
list as shown — its filters, every page — into the export folder, under a dated name that
never overwrites; the figures screen saves its year the same way; a refused export shows the
API's problem and leaves no file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import openpyxl
import pytest
from textual.widgets import Select

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member
from tests.modules.welfare.conftest import admin, build_world
from tests.test_exports import formulas
from tests.tui.conftest import API_URL, SIZE, Faults, notices, settle, until
from tui.client import ApiClient, ApiError
from tui.kit.api import export_name
from tui.screens.report import ReportScreen
from tui.screens.welfare.households import HouseholdsScreen


def saved(app) -> list[Path]:
    folder = app.config.export_dir
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_filtered_list_and_a_report_are_saved_as_xlsx(make_tui, make_token, make_tenant, tui_home):
    tenant = await make_tenant(modules=["welfare"])
    world = await build_world(tenant.slug, n=3)  # three households on file
    async with tenant_scope(tenant.slug):
        member = await make_member(world.union, name="王芳")
        pending = await service.file_household(  # one pending, with evidence that would be a formula
            service.HouseholdIn(
                member_id=member.id,
                household_size=2,
                reasons=["illness"],
                income_per_head_fen=70000,
                bank_account="6222000099990000",
                evidence='=HYPERLINK("http://evil.example","x")',
            ),
            admin(tenant.slug),
        )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("welfare.households"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HouseholdsScreen)
        await until(pilot, lambda: screen.table.row_count == 4, "every household")
        screen.query_one("#status", Select).value = "pending"
        await settle(pilot)
        await until(pilot, lambda: screen.table.row_count == 1, "the pending household only")
        assert screen.check_action("export", ()) is True

        today = dt.date.today().isoformat()  # the file's date, read when it is saved (not at import)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")  # again: a second file, the first kept
        await settle(pilot)
        files = saved(app)
        name = f"{tenant.slug}-hardship-households-{today}"
        assert [f.name for f in files] == [f"{name}-2.xlsx", f"{name}.xlsx"]
        assert any(str(files[1]) in n for n in notices(app))
        book = openpyxl.load_workbook(files[1])
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert [row[0] for row in rows[1:]] == [pending.id] == [int(k) for k in screen.records]
        assert formulas(files[1].read_bytes()) == []

        app.navigate(app.open_area("welfare.figures"))
        await settle(pilot)
        report = app.screen
        assert isinstance(report, ReportScreen) and report.year is not None
        today = dt.date.today().isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        figures = tui_home / "exports" / f"{tenant.slug}-welfare-figures-{report.year}-{today}.xlsx"
        assert figures.is_file()
        rows = list(openpyxl.load_workbook(figures).worksheets[0].iter_rows(values_only=True))
        assert len(rows) > 2 and formulas(figures.read_bytes()) == []


async def test_a_refused_export_raises_the_api_s_problem_and_saves_nothing(app, make_token, tenant, tmp_path):
    faults = Faults(app)
    faults.fail("/api/v1/t/", 403, "你无权导出此列表", code="forbidden", title="Forbidden")
    client = ApiClient(API_URL, "ss_x", transport=httpx.ASGITransport(app=faults))
    with pytest.raises(ApiError) as refused:
        await client.download(f"/api/v1/t/{tenant.slug}/zones/export", tmp_path / "out" / "zones.xlsx")
    assert refused.value.status == 403 and refused.value.detail == "你无权导出此列表"
    assert not (tmp_path / "out").exists()

    # the real API, a real token: a file, streamed to disk
    client = ApiClient(
        API_URL,
        (bearer(await make_token("tenant_admin", tenant.slug)))["Authorization"][7:],
        transport=httpx.ASGITransport(app=app),
    )
    path = await client.download(f"/api/v1/t/{tenant.slug}/zones/export", tmp_path / "zones.xlsx")
    assert path == tmp_path / "zones.xlsx" and openpyxl.load_workbook(path).worksheets[0].max_row == 1


def test_an_export_is_named_after_its_tenant_and_list():
    assert export_name("/api/v1/t/yinchuan/campaigns/3/applications") == "yinchuan-campaigns-3-applications"
    assert export_name("/api/v1/platform/events") == "platform-events"
