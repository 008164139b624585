"""Issue 20's TUI parts against the real API: the figures screen opens on the latest year with
records and reads in words; one search from the command palette opens what it found; the
activity log filters by person, day and kind, in words."""

from __future__ import annotations

import msgspec
from textual.widgets import DataTable, Input

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service as welfare
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, holiday
from tests.tui.conftest import SIZE, settle, until
from tui.screens.report import ReportScreen


async def test_the_figures_screen_opens_on_the_latest_year_with_records_in_words(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["welfare"])
    async with tenant_scope(tenant.slug):
        for year, budget in ((2015, 10_000_000), (2016, 123_456_700)):
            campaign = msgspec.structs.replace(holiday(budget), year=year, name=f"{year} 送温暖")
            await welfare.create_campaign(campaign, admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("welfare.figures")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.query_one("#year", Input).value == "2016"  # not this year, which has none
        table = screen.query_one("#figures", DataTable)
        rows = {key.value: table.get_row(key) for key in table.rows}
        assert rows["budget_fen"] == ["预算金额", "¥1,234,567.00"]
        assert rows["campaigns"][0] == "救助活动"
        assert not {code for code, (label, _) in rows.items() if label == code}  # no raw code shown
        assert sorted(screen.reports) == [2015, 2016]  # the trend chart's years


async def test_one_search_from_the_palette_finds_a_member_and_opens_their_screen(make_tui, make_token, tenant):
    from textual.command import CommandInput, CommandList

    from tui.screens.orgs.members import MemberDetailScreen

    async with tenant_scope(tenant.slug):
        union = await make_org("搜索测试工会")
        member = await make_member(union.id, name="欧阳搜索")
        await welfare.create_campaign(msgspec.structs.replace(holiday(), name="欧阳搜索送温暖"), admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(CommandInput).value = "欧阳搜索"

        def shown() -> list[str]:
            found = app.screen.query_one(CommandList)
            return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]

        await until(pilot, lambda: any("Campaign: 欧阳搜索送温暖" in p for p in shown()), "the campaign found")
        assert any("Member: 欧阳搜索" in p for p in shown()), shown()
        found = app.screen.query_one(CommandList)
        found.highlighted = next(i for i, p in enumerate(shown()) if "Member: 欧阳搜索" in p)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberDetailScreen) and app.screen.member_id == member.id


async def test_the_activity_log_filters_by_person_day_and_kind_in_words(make_tui, make_token, make_tenant):
    from textual.widgets import Select

    from server.modules.core import service as events
    from server.platform.roles import Actor, Role
    from tui.screens.activity import ActivityScreen, PlatformLogScreen
    from tui.widgets.paged_table import PagedTable

    tenant = await make_tenant(modules=["welfare"])
    li = Actor(account_id=None, name="李干事", role=Role.tenant_admin, tenant=tenant.slug)
    async with tenant_scope(tenant.slug):
        await events.record("welfare.campaign.created", "campaign:1", actor=admin(tenant.slug))
        await events.record("welfare.campaign.approved", "campaign:1", actor=li)
        await events.record("welfare.campaign.created", "campaign:2", actor=li)
        await events.conn().execute("UPDATE event SET at = '2020-01-05 10:00+08' WHERE subject = 'campaign:2'")
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("core.activity")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        table = screen.query_one(PagedTable)

        def rows() -> list[tuple[str, str, str]]:
            return [(r[2], r[3], r[4]) for r in map(table.get_row_at, range(table.row_count))]

        async def typed(field: str, value: str) -> None:
            screen.query_one(f"#{field}", Input).value = value
            screen.query_one(f"#{field}", Input).focus()
            await pilot.press("enter")
            await settle(pilot)

        assert ("李干事", "relief campaign approved", "campaign:1") in rows()
        await typed("person", "李")
        assert {who for who, _, _ in rows()} == {"李干事"} and len(rows()) == 2
        await typed("since", "2020-01-01")
        await typed("until", "2020-01-31")
        assert rows() == [("李干事", "relief campaign created", "campaign:2")]
        await typed("since", "")
        await typed("until", "")
        kinds = screen.query_one("#action", Select)
        assert ("relief campaign approved", "welfare.campaign.approved") in [(str(p), v) for p, v in kinds._options]
        kinds.value = "welfare.campaign.approved"
        await settle(pilot)
        assert rows() == [("李干事", "relief campaign approved", "campaign:1")]

    # The platform admin reads the platform's log: what was done to tenants, modules and tokens.
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("events")
        await settle(pilot)
        assert isinstance(app.screen, PlatformLogScreen)
        app.screen.query_one("#tenant", Input).value = tenant.slug
        app.screen.query_one("#tenant", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        shown = [table.get_row_at(i) for i in range(table.row_count)]
        assert shown and all(r[4] == tenant.slug and "." not in r[3] for r in shown), shown


async def test_lists_filter_as_the_api_does(make_tui, make_token, make_tenant):
    from textual.widgets import Select

    from tests.modules.welfare.conftest import build_world
    from tui.widgets.paged_table import PagedTable

    tenant = await make_tenant(modules=["welfare"])
    await build_world(tenant.slug, n=3)  # three households, on file (approved)
    async with tenant_scope(tenant.slug):
        await welfare.create_campaign(msgspec.structs.replace(holiday(), name="两节送温暖"), admin(tenant.slug))
        illness = msgspec.structs.replace(holiday(), name="大病救助", kind="illness_relief")
        await welfare.create_campaign(illness, admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def names() -> list[str]:
            table = app.screen.query_one(PagedTable)
            return [table.get_row_at(i)[1] for i in range(table.row_count)]

        await app.open_area("welfare.campaigns")
        await settle(pilot)
        assert sorted(names()) == ["两节送温暖", "大病救助"]
        app.screen.query_one("#kind", Select).value = "illness_relief"
        await settle(pilot)
        assert names() == ["大病救助"]

        await app.open_area("welfare.households")
        await settle(pilot)
        assert len(names()) == 3
        app.screen.query_one("#status", Select).value = "pending"
        await settle(pilot)
        assert names() == []
