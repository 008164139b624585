"""The orgs screens against the real API: the lazy tree, member search and detail,
import (refused and accepted), and restructuring plans applied and rolled back from
the TUI — each checked on the database afterwards, not only on the screen."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Static, Tree

from server.infra.tenancy import tenant_scope
from server.modules.orgs import idcard, restructure, service
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from tests.modules.orgs.factories import make_member, make_org
from tests.tui.conftest import SIZE, notices, settle
from tui.app import SaishangApp
from tui.screens.confirm import ConfirmModal
from tui.screens.orgs import tree as tree_screen
from tui.screens.orgs.importer import ImportScreen
from tui.screens.orgs.members import MemberDetailScreen, MembersScreen
from tui.screens.orgs.plans import PlanPreviewScreen, PlansScreen
from tui.screens.orgs.tree import OrgTreeScreen
from tui.widgets.paged_table import PagedTable

MASKED = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
DAY = dt.date(2017, 3, 28)


@dataclass
class City:
    city: int
    counties: list[int]
    unions: list[int]  # three under each county
    direct: int  # a union directly under the city
    member: int  # 李娜, in the first union
    member_id_number: str


async def build_city(slug: str) -> City:
    async with tenant_scope(slug):
        city = await make_org("石嘴山市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        counties = [
            await make_org(f"{n}区总工会", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
            for n in ("大武口", "惠农")
        ]
        unions = [
            await make_org(f"{c.name[:3]}机械{i}厂工会", parent_id=c.id, founded_on=dt.date(2000, 1, 1))
            for c in counties
            for i in range(3)
        ]
        direct = await make_org("直属电厂工会", parent_id=city.id, founded_on=dt.date(1995, 1, 1))
        number = idcard.make("640202", dt.date(1988, 5, 17), 7)
        li = await make_member(
            unions[0].id, name="李娜", id_number=number, trade="焊工", level=3, joined_on=dt.date(2012, 4, 1)
        )
        for i, union in enumerate(unions):
            await make_member(union.id, name=f"职工{i}", joined_on=dt.date(2015, 3, 1))
    return City(city.id, [c.id for c in counties], [u.id for u in unions], direct.id, li.id, number)


def labels(node) -> list[str]:
    return [str(child.label) for child in node.children]


def text(app: SaishangApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)


# --- the tree -------------------------------------------------------------------------------


async def test_the_tree_loads_one_level_at_a_time_and_pages_children(make_tui, make_token, tenant, monkeypatch):
    world = await build_city(tenant.slug)
    monkeypatch.setattr(tree_screen, "PAGE", 2)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.tree")
        screen = app.screen
        assert isinstance(screen, OrgTreeScreen)
        tree: Tree = screen.query_one("#org-tree", Tree)
        root = tree.root
        assert [c.data.id for c in root.children] == [world.city]
        city = root.children[0]
        assert len(city.children) == 0 and city.allow_expand  # nothing below asked for yet
        assert "石嘴山市总工会" in text(app, "#org-detail") and "City federation" in text(app, "#org-detail")

        # Opening the city asks for its children: a page of two, then "More…".
        tree.focus()
        tree.move_cursor(city)
        await pilot.press("space")
        await settle(pilot)
        assert labels(city)[:2] == [tree_screen.org_label(c.data) for c in city.children[:2]]
        assert [c.data.id for c in city.children[:2]] == world.counties
        assert labels(city)[2] == "More… (Enter loads)"
        tree.move_cursor(city.children[2])
        await pilot.press("enter")
        await settle(pilot)
        assert [c.data.id for c in city.children] == world.counties + [world.direct]

        # A county is not loaded until it is opened; its detail shows where it sits.
        county = city.children[0]
        assert len(county.children) == 0
        tree.move_cursor(county)
        await settle(pilot)
        detail = text(app, "#org-detail")
        assert "大武口区总工会" in detail and "Under" in detail and "石嘴山市总工会" in detail
        assert re.search(r"Child orgs\s+3", detail) and re.search(r"Own members\s+0", detail)
        await pilot.press("space")
        await settle(pilot)
        assert [c.data.id for c in county.children[:2]] == world.unions[:2]
        assert not county.children[0].allow_expand  # an enterprise union with no children

        # `m` opens the members of the county and every union below it.
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        table = app.screen.query_one(PagedTable)
        names = sorted(str(table.get_row_at(i)[1]) for i in range(table.row_count))
        assert names == ["李娜", "职工0", "职工1", "职工2"]
        assert "大武口区总工会" in text(app, "#heading")


async def test_an_org_officer_s_tree_starts_at_their_own_org(make_tui, make_token, tenant):
    world = await build_city(tenant.slug)
    token = await make_token("org_officer", tenant.slug, org_id=world.counties[1])
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.tree")
        tree: Tree = app.screen.query_one("#org-tree", Tree)
        assert [c.data.id for c in tree.root.children] == [world.counties[1]]
        assert "orgs.plans" not in [a.id for a in app.areas()]  # plans are for tenant admins


# --- members --------------------------------------------------------------------------------


async def test_member_search_and_detail_show_the_id_number_as_the_api_returns_it(make_tui, make_token, tenant, client):
    world = await build_city(tenant.slug)
    token = await make_token("org_officer", tenant.slug, org_id=world.counties[0])
    app = make_tui(token, tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.members")
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 4  # the officer's county: three unions, four members

        await pilot.press(*"李娜", "enter")
        await settle(pilot)
        assert table.row_count == 1
        row = table.get_row_at(0)
        api = (
            await client.get(
                f"/api/v1/t/{tenant.slug}/members", params={"q": "李娜"}, headers={"Authorization": f"Bearer {token}"}
            )
        ).json()["items"][0]
        assert row[2] == api["id_number"] and MASKED.match(row[2])
        assert row[2][-4:] == world.member_id_number[-4:]

        await pilot.press("enter")  # the table has the focus after a search
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, MemberDetailScreen)
        fields = text(app, "#member-fields")
        assert api["id_number"] in fields and world.member_id_number not in fields
        assert "焊工" in fields and "3 senior worker" in fields and "大武口机械0厂工会" in fields
        history = detail.query_one("#member-history", DataTable)
        assert history.row_count == 1 and history.get_row_at(0)[0] == "大武口机械0厂工会"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)

        # Outside the officer's subtree nobody is found.
        search = app.screen.query_one("#member-search", Input)
        search.value = "职工3"
        search.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == 0


async def test_a_tenant_admin_sees_the_full_number_only_in_the_detail(make_tui, make_token, tenant):
    world = await build_city(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.members")
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 7
        assert all(MASKED.match(table.get_row_at(i)[2]) for i in range(table.row_count))
        app.screen.open_member(world.member)
        await settle(pilot)
        assert world.member_id_number in text(app, "#member-fields")


# --- import ---------------------------------------------------------------------------------


def member_file(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "身份证号", "所属工会", "手机号", "入会日期"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


async def member_count(slug: str) -> int:
    async with tenant_scope(slug):
        return await service.conn().fetchval("SELECT count(*) FROM member")


async def test_a_refused_import_writes_nothing_and_lists_every_bad_row_then_a_good_file_imports(
    make_tui, make_token, tenant, tmp_path
):
    world = await build_city(tenant.slug)
    before = await member_count(tenant.slug)
    good = [
        [
            f"导入{i}",
            idcard.make("640202", dt.date(1990, 1, 1) + dt.timedelta(days=i), 11),
            "直属电厂工会",
            f"1390951{i:04d}",
            "2016-05-01",
        ]
        for i in range(30)
    ]
    bad = [r[:] for r in good]
    bad[4][1] = bad[4][1][:17] + ("0" if bad[4][1][17] != "0" else "1")  # line 6: wrong check digit
    bad[20][2] = "没有这个工会"  # line 22: unknown union
    bad[20][3] = "12345"  # line 22: not a phone
    refused = member_file(tmp_path / "bad.csv", bad)

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.import")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(refused)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = text(app, "#import-status")
        assert "refused" in status and "nothing was written" in status and "2 bad rows" in status
        errors = screen.query_one("#import-errors", DataTable)
        rows = [errors.get_row_at(i) for i in range(errors.row_count)]
        assert {(r[0], r[1]) for r in rows} >= {("6", "身份证号"), ("22", "所属工会"), ("22", "手机号")}
        assert {r[0] for r in rows} == {"6", "22"}
        assert screen.refused is not None and screen.refused.status == 422
        assert await member_count(tenant.slug) == before

        # A check-only run of the good file writes nothing either, but says what it would do.
        accepted = member_file(tmp_path / "good.csv", good)
        screen.query_one("#import-path", Input).value = str(accepted)
        screen.query_one("#dry-run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors.display and "would create 30" in text(app, "#import-status")
        assert await member_count(tenant.slug) == before

        screen.query_one("#dry-run", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "30 rows, 30 created, 0 updated, 0 unchanged" in text(app, "#import-status")
        assert screen.result is not None and screen.result.created == 30

        await pilot.press("ctrl+s")  # the same file again changes nothing
        await settle(pilot)
        assert "30 rows, 0 created, 0 updated, 30 unchanged" in text(app, "#import-status")

    assert await member_count(tenant.slug) == before + 30
    async with tenant_scope(tenant.slug):
        placed = await service.conn().fetchval("SELECT count(*) FROM member WHERE org_id = $1", world.direct)
    assert placed == 30  # all of them in the union the file names


async def test_a_missing_file_is_said_on_the_screen_and_nothing_is_sent(make_tui, make_token, tenant, tmp_path):
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.import")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "No such file" in text(app, "#import-status")
        (tmp_path / "x.txt").write_text("x")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "x.txt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Only .csv or .xlsx" in text(app, "#import-status")
        assert not notices(app)


# --- restructuring plans -------------------------------------------------------------------


async def parents(slug: str, ids: list[int]) -> list[int | None]:
    async with tenant_scope(slug):
        rows = await service.conn().fetch("SELECT id, parent_id FROM org WHERE id = ANY($1::int[])", ids)
    by_id = {r["id"]: r["parent_id"] for r in rows}
    return [by_id.get(i) for i in ids]


async def plan_status(slug: str, plan_id: int) -> str:
    async with tenant_scope(slug):
        return (await restructure.get_plan(plan_id)).status


async def test_a_plan_is_previewed_applied_and_rolled_back_from_the_tui_behind_confirmations(
    make_tui, make_token, tenant
):
    world = await build_city(tenant.slug)
    async with tenant_scope(tenant.slug):
        plan = await restructure.create_plan(
            PlanIn(
                name="2017 开发区改革",
                effective_on=DAY,
                new_orgs=[PlanNewOrg(ref="zone", name="高新区总工会", type="zone_federation", parent_id=world.city)],
                moves=[PlanMoveIn(org_id=u, parent_ref="zone") for u in world.unions[:3]]
                + [PlanMoveIn(org_id=world.direct, parent_id=world.counties[1])],
            )
        )
        expected = await restructure.preview_plan(plan.id)
    moved = world.unions[:3] + [world.direct]
    before = await parents(tenant.slug, moved)

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.plans")
        table = app.screen.query_one("#list", DataTable)
        assert table.get_row(str(plan.id))[1:] == ["2017 开发区改革", "2017-03-28", "draft", "4", "1"]

        await pilot.press("p")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, PlanPreviewScreen)
        shown = preview.query_one("#plan-parents", DataTable)
        assert [tuple(shown.get_row_at(i)[1:3]) for i in range(shown.row_count)] == [
            (str(p.before), str(p.after)) for p in expected.parents
        ]
        assert "高新区总工会 (new)" in [shown.get_row_at(i)[0] for i in range(shown.row_count)]
        summary = text(app, "#plan-summary")
        assert re.search(r"Members affected\s+4", summary) and re.search(r"Can be applied\s+yes", summary)

        # Declining the confirmation changes nothing.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "moves 4 orgs, creates 1" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        await settle(pilot)
        assert await plan_status(tenant.slug, plan.id) == "draft"
        assert await parents(tenant.slug, moved) == before

        # Confirming applies it in the database.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert await plan_status(tenant.slug, plan.id) == "applied"
        async with tenant_scope(tenant.slug):
            zone = await service.conn().fetchval("SELECT id FROM org WHERE name = '高新区总工会'")
        assert await parents(tenant.slug, moved) == [zone, zone, zone, world.counties[1]]
        assert re.search(r"Status\s+applied", text(app, "#plan-summary"))
        assert "Plan “2017 开发区改革” applied" in notices(app)

        # Back on the list: roll it back, again behind a confirmation.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlansScreen)
        table = app.screen.query_one("#list", DataTable)
        assert table.get_row(str(plan.id))[3] == "applied"
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert table.get_row(str(plan.id))[3] == "rolled back"

    assert await plan_status(tenant.slug, plan.id) == "rolled_back"
    assert await parents(tenant.slug, moved) == before
    async with tenant_scope(tenant.slug):
        assert await service.conn().fetchval("SELECT count(*) FROM org WHERE name = '高新区总工会'") == 0


async def test_a_plan_with_a_cycle_is_not_offered_for_confirmation(make_tui, make_token, tenant):
    world = await build_city(tenant.slug)
    async with tenant_scope(tenant.slug):
        plan = await restructure.create_plan(
            PlanIn(
                name="错误方案",
                effective_on=DAY,
                moves=[PlanMoveIn(org_id=world.counties[0], parent_id=world.unions[0])],
            )
        )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "orgs.plans")
        await pilot.press("p")
        await settle(pilot)
        warnings = app.screen.query_one("#plan-warnings", DataTable)
        assert warnings.get_row_at(0)[0] == "blocking"
        said = str(warnings.get_row_at(0)[2])  # the warning in the screen's language only
        assert "cycle" in said and "循环" not in said
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert any(n.startswith("The plan cannot be applied") for n in notices(app))
    assert await plan_status(tenant.slug, plan.id) == "draft"
    assert await parents(tenant.slug, [world.counties[0]]) == [world.city]


async def test_an_xlsx_picked_in_the_file_browser_imports_and_the_palette_leads_there(
    make_tui, make_token, tenant, tmp_path
):
    from openpyxl import Workbook
    from textual.widgets import DirectoryTree

    from tui.screens.orgs.importer import FilePickerModal

    world = await build_city(tenant.slug)
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "id_number", "org_id", "phone"])
    for i in range(5):
        number = idcard.make("640202", dt.date(1991, 2, 1) + dt.timedelta(days=i), 21)
        sheet.append([f"Worker {i}", number, world.direct, f"1380951{i:04d}"])
    (tmp_path / "files").mkdir()
    book.save(tmp_path / "files" / "members.xlsx")
    (tmp_path / "files" / "notes.txt").write_text("not a member file")
    before = await member_count(tenant.slug)

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Import a member file"].callback()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)

        screen.query_one("#import-path", Input).value = str(tmp_path / "files")
        await pilot.press("ctrl+b")
        # (not `settle`: a DirectoryTree's loader worker runs as long as the tree is shown)
        for _ in range(200):
            await pilot.pause(0.02)
            picker = app.screen
            if isinstance(picker, FilePickerModal) and picker.query_one(DirectoryTree).root.children:
                break
        files = picker.query_one(DirectoryTree)
        assert [str(n.label) for n in files.root.children] == ["members.xlsx"]  # only what the import reads
        files.move_cursor(files.root.children[0])
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#import-path", Input).value == str(tmp_path / "files" / "members.xlsx")

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "5 rows, 5 created" in text(app, "#import-status")
        bar = screen.query_one("#import-progress")
        assert bar.display and bar.percentage == 1
    assert await member_count(tenant.slug) == before + 5


async def test_the_import_streams_the_file_over_a_real_socket(
    make_tui, make_token, tenant, app, client, tmp_path, monkeypatch
):
    """What `saishang tui` does against `make up`: the file goes out in pieces over HTTP/1.1,
    with the progress bar counting the bytes, to the API served by uvicorn."""
    import asyncio
    import socket

    import httpx
    import uvicorn
    from textual.widgets import ProgressBar

    from tui.screens.orgs import api as orgs_api_module

    monkeypatch.setattr(orgs_api_module, "CHUNK", 4096)  # small pieces: the bar moves several times
    world = await build_city(tenant.slug)
    rows = [
        [
            f"远程{i}",
            idcard.make("640202", dt.date(1985, 1, 1) + dt.timedelta(days=i), 31),
            "直属电厂工会",
            f"1370951{i:04d}",
            "2016-05-01",
        ]
        for i in range(400)
    ]
    path = member_file(tmp_path / "big.csv", rows)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.02)
        tui = make_tui(
            await make_token("tenant_admin", tenant.slug),
            tenant=tenant.slug,
            url=f"http://127.0.0.1:{port}",
            transport_=httpx.AsyncHTTPTransport(),
        )
        async with tui.run_test(size=SIZE) as pilot:
            await open_area(tui, pilot, "orgs.import")
            bar = tui.screen.query_one("#import-progress", ProgressBar)
            seen: list[float] = []
            tui.screen.watch(bar, "progress", lambda value: seen.append(value), init=False)
            tui.screen.query_one("#import-path", Input).value = str(path)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "400 rows, 400 created" in text(tui, "#import-status")
    finally:
        server.should_exit = True
        await serving
    size = path.stat().st_size
    sent = [p for p in seen if p > 1]  # bytes (the last step is 1 of 1: done)
    assert len(sent) > 3 and sent == sorted(sent) and sent[-1] == size
    async with tenant_scope(tenant.slug):
        assert await service.conn().fetchval("SELECT count(*) FROM member WHERE org_id = $1", world.direct) == 400
