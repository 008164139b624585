"""Snapshots of the orgs and welfare screens in both languages, at the fixed size.

They use one fixed tenant (`szsorgs`, built once per session with fixed names and
dates, so ids and figures never move). Update with
`pytest tests/tui/test_module_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Tree

from server.errors import Conflict
from server.infra.tenancy import tenant_scope
from server.modules.orgs import idcard
from server.modules.welfare import service as welfare
from server.platform import service as platform
from server.platform.service import TenantIn
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, holiday, pay_with_simulated_bank
from tests.tui.conftest import LANGS, SIZE, screenshot, settle
from tui.screens.welfare.campaigns import CampaignProgressScreen

SLUG = "szsorgs"  # not "snap…": test_snapshots lists the tenants matching that


@pytest.fixture
async def world(database) -> str:
    try:
        await platform.create_tenant(
            TenantIn(slug=SLUG, name_zh="石嘴山市总工会", name_en="Shizuishan FTU", modules=["orgs", "welfare"])
        )
    except Conflict:
        return SLUG  # built by the other language's run
    async with tenant_scope(SLUG):
        city = await make_org("石嘴山市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        zone = await make_org("石嘴山经济技术开发区总工会", "zone_federation", city.id, founded_on=dt.date(2017, 3, 28))
        county = await make_org("大武口区总工会", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
        unions = [
            await make_org(
                name,
                parent_id=zone.id,
                founded_on=dt.date(2003, 6, 1),
                enterprise_name=name[:-2],
                public_sector=False,
                above_scale=True,
            )
            for name in ("宁夏天元锰业工会", "石嘴山钢铁厂工会", "宁夏英力特化工工会")
        ]
        await make_org("大武口洗煤厂工会", parent_id=county.id, founded_on=dt.date(1998, 1, 1))
        members = []
        for i, (name, union) in enumerate(zip(("李娜", "王强", "马海燕", "杨光", "丁文", "白雪"), unions * 2)):
            members.append(
                await make_member(
                    union.id,
                    name=name,
                    joined_on=dt.date(2010, 1, 1),
                    id_number=idcard.make("640202", dt.date(1980 + i, 3, 1), 2 * i + 1),
                )
            )
        for i, m in enumerate(members):
            h = await welfare.file_household(
                welfare.HouseholdIn(
                    member_id=m.id,
                    household_size=3,
                    reasons=["illness"],
                    income_per_head_fen=80000,
                    bank_account=f"62220000{i:08d}",
                ),
                admin(SLUG),
            )
            await welfare.review_household(h.id, welfare.ReviewIn(approve=True), admin(SLUG))
        campaign = await welfare.create_campaign(holiday(budget_fen=500_000, fen=50_000), admin(SLUG))
        campaign = await welfare.approve_campaign(campaign.id, admin(SLUG))
        await welfare.conn().execute("UPDATE relief_campaign SET approved_at = '2017-01-20 10:00+08'")
    await pay_with_simulated_bank(SLUG, campaign.batch_id, timeout=30)
    return SLUG


@LANGS
async def test_org_tree(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("tenant_admin", world), lang=lang, tenant=world)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("orgs.tree"))
        await settle(pilot)
        tree: Tree = app.screen.query_one("#org-tree", Tree)
        city = tree.root.children[0]
        city.expand()
        await settle(pilot)
        zone = city.children[0]
        zone.expand()
        await settle(pilot)
        tree.move_cursor(zone.children[1])
        await settle(pilot)
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_campaign_progress(make_tui, make_token, world, svg, lang):
    app = make_tui(await make_token("tenant_admin", world), lang=lang, tenant=world)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(app.open_area("welfare.campaigns"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CampaignProgressScreen)
        assert screen.progress is not None and screen.progress.done
        assert await screenshot(app, pilot) == svg
