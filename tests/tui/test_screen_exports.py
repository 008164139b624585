"""Take it away from the TUI (issue 20), the lists that are not `ListScreen`s: the tenants, a
campaign's payouts, a programme's pairing rules, a reward run's lines and a trainer's week
each save their API `…/export` with Ctrl+S, as shown, into the export folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from server.infra.tenancy import tenant_scope
from server.modules.pairing import service as pairing
from server.modules.skills import service as skills
from server.modules.welfare import service as welfare
from tests.modules.skills.conftest import admin as skills_admin
from tests.modules.skills.conftest import at
from tests.modules.skills.conftest import build_world as skills_world
from tests.modules.skills.test_rewards import add_rules, cert
from tests.modules.welfare.conftest import admin, build_world, holiday
from tests.tui.conftest import SIZE, notices, settle
from tests.tui.test_pairing import small_programme
from tui.screens.pairing.api import PairingApi
from tui.screens.pairing.rules import RulesModal
from tui.screens.skills.api import SkillsApi
from tui.screens.skills.runs import RunScreen
from tui.screens.skills.trainers import TrainerCalendarScreen
from tui.screens.tenants import TenantsScreen
from tui.screens.welfare.api import WelfareApi
from tui.screens.welfare.campaigns import CampaignProgressScreen

DAY = dt.date(2017, 6, 5)  # a Monday


async def export(app, pilot, name: str) -> list[tuple[object, ...]]:
    """Ctrl+S on the screen shown: the file it saved, named `name`, as rows (header first)."""
    today = dt.date.today().isoformat()  # the file's date, read when it is saved (not at import)
    await pilot.press("ctrl+s")
    await settle(pilot)
    path: Path = app.config.export_dir / f"{name}-{today}.xlsx"
    assert path.is_file() and any(str(path) in n for n in notices(app))
    return list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))


async def test_the_tenants_list_is_saved(make_tui, make_token, tenant):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TenantsScreen)
        await pilot.press("slash", *tenant.slug, "enter")  # the list's filter is the export's
        await settle(pilot)
        rows = await export(app, pilot, "platform-tenants")
        assert [row[0] for row in rows[1:]] == [tenant.slug]


async def test_a_campaign_s_payouts_are_saved(make_tui, make_token, tenant):
    world = await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        campaign = await welfare.create_campaign(holiday(), admin(tenant.slug))
        await welfare.approve_campaign(campaign.id, admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = CampaignProgressScreen(await WelfareApi.of(app).campaign(campaign.id), interval=3600)
        app.push_screen(screen)
        await settle(pilot)
        rows = await export(app, pilot, f"{tenant.slug}-campaigns-{campaign.id}-payouts")
        assert len(rows) == 1 + len(world.households)


async def test_a_programme_s_pairing_rules_are_saved(make_tui, make_token, tenant):
    ids = await small_programme(tenant.slug)
    async with tenant_scope(tenant.slug):
        await pairing.lock_pair(ids["programme"], pairing.PairRuleIn(ids["李师傅"], ids["徒弟4"]))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(RulesModal(await PairingApi.of(app).programme(ids["programme"]), {}))
        await settle(pilot)
        rows = await export(app, pilot, f"{tenant.slug}-pairing-programmes-{ids['programme']}-rules")
        assert len(rows) == 2


async def test_a_reward_run_s_lines_and_a_trainer_s_week_are_saved(make_tui, make_token, tenant):
    world = await skills_world(tenant.slug)
    m, trainer_id = world.members, world.trainers[0]
    async with tenant_scope(tenant.slug):
        await add_rules(tenant.slug)
        await skills.record_certificates(
            [cert("YC2017-0001", m[0], 2, dt.date(2017, 7, 31)), cert("YC2017-0002", m[1], 2, dt.date(2017, 8, 1))],
            skills_admin(tenant.slug),
        )
        run = await skills.create_run(skills.RunIn(year=2017), skills_admin(tenant.slug))
        for hour in (9, 14):  # two bookings in the week shown, one the week after
            await skills.book_session(
                skills.SessionIn(
                    org_id=world.union,
                    starts_at=at(DAY, hour),
                    ends_at=at(DAY, hour + 2),
                    course_id=world.course,
                    trainer_id=trainer_id,
                ),
                skills_admin(tenant.slug),
            )
        await skills.book_session(
            skills.SessionIn(
                org_id=world.union,
                starts_at=at(DAY + dt.timedelta(days=7), 9),
                ends_at=at(DAY + dt.timedelta(days=7), 11),
                course_id=world.course,
                trainer_id=trainer_id,
            ),
            skills_admin(tenant.slug),
        )
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        api = SkillsApi.of(app)
        app.push_screen(RunScreen(await api.run(run.id), interval=3600))
        await settle(pilot)
        rows = await export(app, pilot, f"{tenant.slug}-reward-runs-{run.id}-lines")
        assert len(rows) == 1 + 2

        trainer = next(t for t in (await api.trainers()).items if t.id == trainer_id)
        app.push_screen(TrainerCalendarScreen(trainer, week_of=DAY))
        await settle(pilot)
        rows = await export(app, pilot, f"{tenant.slug}-trainers-{trainer_id}-calendar")
        assert len(rows) == 1 + 2  # the week shown, not the one after
