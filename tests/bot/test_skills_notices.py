"""Skills' part of the bot (issue 14 on top of issue 12): a linked worker whose certificate or
honour is rewarded by an approved reward run is told, once, in their language."""

from __future__ import annotations

import datetime as dt

import pytest

from server.bot import jobs as bot_jobs
from server.bot.fake_api import TelegramUser
from server.infra.tenancy import conn, tenant_scope
from server.modules.skills import service
from tests.bot.conftest import LI, TOKEN, ZHANG, until
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.skills.conftest import admin

WANG = TelegramUser(id=7_003, first_name="王强", language_code="zh-hans")


def texts(fake, chat_id):
    return [m["text"] for m in fake.chat(chat_id)]


@pytest.fixture
async def skills_only(make_tenant, make_token, bot_client, fake, worker):
    """Yinchuan with skills on (welfare off: no payment notices), its bot set through `/bot`."""
    tenant = await make_tenant(modules=["skills"])
    async with tenant_scope(tenant.slug):
        city = await make_org("银川市总工会", type="city_federation")
        plant = await make_org("宁夏软件园工会", parent_id=city.id)
        zhang = await make_member(plant.id, name="张伟")
        li = await make_member(plant.id, name="李娜")
        wang = await make_member(plant.id, name="王强")
    token = bearer(await make_token("tenant_admin", tenant.slug, name="市总 王主任"))
    fake.add_bot(TOKEN, "yc_union_bot")
    r = await bot_client.put(f"/api/v1/t/{tenant.slug}/bot", json={"token": TOKEN}, headers=token)
    assert r.status_code == 200, r.text
    return {"slug": tenant.slug, "zhang": zhang.id, "li": li.id, "wang": wang.id, "admin": token}


async def link(bot_client, fake, t, member: int, user) -> None:
    r = await bot_client.post(f"/api/v1/t/{t['slug']}/bot/link-codes", json={"member_id": member}, headers=t["admin"])
    assert r.status_code == 201, r.text
    n = len(fake.chat(user.id))
    assert await fake.user_sends(TOKEN, user, f"/link {r.json()['code']}") == 200
    await until(lambda: len(fake.chat(user.id)) > n, what="linked")


async def approve_a_run(t) -> int:
    """The 2017 reward run, approved: certificates of Zhang, Li and Wang, and Zhang's honour."""
    a = admin(t["slug"])
    async with tenant_scope(t["slug"]):
        await service.create_rule(
            service.RuleIn(dt.date(2017, 8, 1), "凤城工匠助推奖励办法", [service.AmountIn(2, 200_000)]), a
        )
        await service.record_certificates(
            [
                service.CertificateIn(
                    number=f"YC2017-{n}",
                    member_id=m,
                    level=2,
                    issued_on=dt.date(2017, 9, 1),
                    route="exam",
                    issuer="宁夏职业技能鉴定中心",
                    bank_account=f"6228{m:012d}",
                )
                for n, m in enumerate((t["zhang"], t["li"], t["wang"]))  # Wang has no Telegram link
            ],
            a,
        )
        await service.award_honour(
            service.HonourIn(
                title="凤城工匠",
                member_id=t["zhang"],
                awarded_on=dt.date(2017, 10, 1),
                amount_fen=500_000,
                bank_account="6228000000000001",
            ),
            a,
        )
        run = await service.create_run(service.RunIn(year=2017), a)
        # a run in preview tells nobody
        assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 0
        await service.approve_run(run.id, a)
    return run.id


async def test_a_rewarded_worker_hears_of_the_reward_once_in_their_language(
    skills_only, bot_client, fake, bot_settings
):
    t = skills_only
    await link(bot_client, fake, t, t["zhang"], ZHANG)
    await link(bot_client, fake, t, t["li"], LI)
    await approve_a_run(t)

    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: sum("奖励" in m for m in texts(fake, ZHANG.id)) == 2, what="Zhang's two reward notices")
    await until(lambda: any("reward" in m for m in texts(fake, LI.id)), what="Li's reward notice, in English")
    zhang = [m for m in texts(fake, ZHANG.id) if "奖励" in m]
    assert any("技师" in m and "2,000.00" in m for m in zhang) and any(
        "凤城工匠" in m and "5,000.00" in m for m in zhang
    )
    assert any("2,000.00" in m for m in texts(fake, LI.id))
    await bot_jobs.kick(bot_settings, t["slug"])
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 0  # each told once
    assert sum("奖励" in m for m in texts(fake, ZHANG.id)) == 2
    assert {int(m["chat_id"]) for m in fake.sent()} == {ZHANG.id, LI.id}


async def test_a_reward_is_told_once_after_downtime_and_a_recent_one_when_the_worker_links(
    skills_only, bot_client, fake, bot_settings
):
    t = skills_only
    await link(bot_client, fake, t, t["zhang"], ZHANG)
    run = await approve_a_run(t)
    # nothing delivered for three hours (the bot and the worker down); Li and Wang not linked yet
    async with tenant_scope(t["slug"]):
        await conn().execute("UPDATE skill_reward_run SET approved_at = now() - interval '3 hours' WHERE id = $1", run)
    # a delivery killed before it commits tells nothing and loses nothing
    with pytest.raises(RuntimeError):
        async with tenant_scope(t["slug"]):
            assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 2
            raise RuntimeError("killed")
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 2  # Zhang's two, after the downtime
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 0  # run twice: told once

    # Li links three hours after the run and is told; Wang, linking forty days after it, is not
    await link(bot_client, fake, t, t["li"], LI)
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: any("reward" in m for m in texts(fake, LI.id)), what="Li's reward notice")
    async with tenant_scope(t["slug"]):
        await conn().execute("UPDATE skill_reward_run SET approved_at = now() - interval '40 days' WHERE id = $1", run)
    await link(bot_client, fake, t, t["wang"], WANG)
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: sum("奖励" in m for m in texts(fake, ZHANG.id)) == 2, what="Zhang's two reward notices")
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"skills"})) == 0
    assert sum("reward" in m for m in texts(fake, LI.id)) == 1
    assert not any("奖励" in m for m in texts(fake, WANG.id))
