"""The bot is the platform's channel to workers, not voice's (issue 12): a federation without
voice still has its bot, links its workers and tells them of relief payments; `/help` lists the
commands of the modules the tenant has on; voice's old bot tables are taken over with their rows."""

from __future__ import annotations

import datetime as dt

import pytest

from server.bot import jobs as bot_jobs
from server.bot.fake_api import TelegramUser
from server.infra.tenancy import conn, tenant_scope
from server.platform import service as platform
from tests.bot.conftest import LI, TOKEN, ZHANG, until
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org

WANG = TelegramUser(id=7_003, first_name="王强", language_code="zh-hans")


def texts(fake, chat_id):
    return [m["text"] for m in fake.chat(chat_id)]


async def pay(slug: str, items) -> None:
    """One relief batch paid through the simulated bank."""
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare.channels.http import HttpChannel
    from server.modules.welfare.channels.simulated import FaultConfig, SimulatedChannelServer

    sim = SimulatedChannelServer(FaultConfig(rate=0.0, seed=1))
    channel = HttpChannel(await sim.start(), timeout=2)
    try:
        async with tenant_scope(slug):
            batch = await engine.create_batch("test.channel:1", "2018年两节送温暖", items, budget_fen=10**7)
        p = await engine.pay_until_settled(slug, batch.id, channel, chunk=10, lease_seconds=5, timeout=30)
        assert p.done and p.paid == len(items)
    finally:
        await channel.aclose()
        await sim.stop()


@pytest.fixture
async def welfare_only(make_tenant, make_token, bot_client, fake, worker):
    """A federation with welfare on and voice never switched on, its bot set through `/bot`."""
    tenant = await make_tenant(modules=["welfare"])
    async with tenant_scope(tenant.slug):
        federation = await make_org("石嘴山市总工会", type="city_federation")
        plant = await make_org("石嘴山钢铁厂工会", parent_id=federation.id)
        zhang = await make_member(plant.id, name="张伟")
        wang = await make_member(plant.id, name="王强")
    admin = bearer(await make_token("tenant_admin", tenant.slug, name="市总 王主任"))
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=plant.id, name="钢铁厂工会主席"))
    fake.add_bot(TOKEN, "szs_union_bot")
    r = await bot_client.put(f"/api/v1/t/{tenant.slug}/bot", json={"token": TOKEN}, headers=admin)
    assert r.status_code == 200, r.text
    return {"slug": tenant.slug, "zhang": zhang.id, "wang": wang.id, "admin": admin, "officer": officer}


async def test_a_tenant_without_voice_has_a_bot_and_its_workers_hear_of_relief_payments(
    welfare_only, bot_client, fake, bot_settings
):
    from server.modules.welfare import disbursement as engine

    t = welfare_only
    url = f"/api/v1/t/{t['slug']}"
    assert (await bot_client.get(f"{url}/voice/bot", headers=t["admin"])).status_code == 404  # voice is off
    r = await bot_client.get(f"{url}/bot", headers=t["admin"])
    assert r.json()["configured"] and r.json()["username"] == "szs_union_bot" and TOKEN not in r.text

    # the steel plant's union issues Zhang a code; he links his Telegram account
    r = await bot_client.post(f"{url}/bot/link-codes", json={"member_id": t["zhang"]}, headers=t["officer"])
    assert r.status_code == 201, r.text
    assert await fake.user_sends(TOKEN, ZHANG, f"/link {r.json()['code']}") == 200
    await until(lambda: any("绑定成功" in m for m in texts(fake, ZHANG.id)), what="linked")
    linked = fake.last(ZHANG.id)
    assert "提交诉求" not in fake.buttons(linked)  # no complaints where voice is off

    # a relief batch pays Zhang and Wang (who has no Telegram link); Zhang is told, once
    await pay(
        t["slug"],
        [
            engine.PayoutItem(f"member:{t['zhang']}", "张伟", "6222000011112222", 80_000, member_id=t["zhang"]),
            engine.PayoutItem(f"member:{t['wang']}", "王强", "6222000011113333", 80_000, member_id=t["wang"]),
        ],
    )
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: any("款项已到账" in m for m in texts(fake, ZHANG.id)), what="the payment notice")
    assert "2018年两节送温暖" in fake.last(ZHANG.id)["text"] and "800.00" in fake.last(ZHANG.id)["text"]
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: bot_outbox_drained(t["slug"]), what="the outbox drained")
    assert sum("款项已到账" in m for m in texts(fake, ZHANG.id)) == 1
    assert {int(m["chat_id"]) for m in fake.sent()} == {ZHANG.id}


async def link(bot_client, fake, t, member: int, user) -> None:
    r = await bot_client.post(f"/api/v1/t/{t['slug']}/bot/link-codes", json={"member_id": member}, headers=t["admin"])
    assert r.status_code == 201, r.text
    n = len(fake.chat(user.id))
    assert await fake.user_sends(TOKEN, user, f"/link {r.json()['code']}") == 200
    await until(lambda: len(fake.chat(user.id)) > n, what="linked")


async def settled_ago(slug: str, member_id: int, ago: dt.timedelta) -> None:
    """The payout was settled `ago` (as if nothing had delivered since)."""
    async with tenant_scope(slug):
        await conn().execute("UPDATE payout SET settled_at = now() - $2::interval WHERE member_id = $1", member_id, ago)


async def test_a_payment_is_told_once_after_downtime_and_a_recent_one_when_the_worker_links(
    welfare_only, bot_client, fake, bot_settings
):
    from server.modules.welfare import disbursement as engine

    t = welfare_only
    async with tenant_scope(t["slug"]):
        plant = await conn().fetchval("SELECT org_id FROM member WHERE id = $1", t["zhang"])
        li = (await make_member(plant, name="李娜")).id
    await link(bot_client, fake, t, t["zhang"], ZHANG)
    await pay(
        t["slug"],
        [
            engine.PayoutItem(f"member:{m}", name, f"622200001111{n:04d}", 80_000, member_id=m)
            for n, (m, name) in enumerate(((t["zhang"], "张伟"), (t["wang"], "王强"), (li, "李娜")))
        ],
    )
    # nothing delivered for three hours (the bot and the worker down); Li and Wang not linked yet
    await settled_ago(t["slug"], t["zhang"], dt.timedelta(hours=3))
    await settled_ago(t["slug"], li, dt.timedelta(days=3))
    await settled_ago(t["slug"], t["wang"], dt.timedelta(days=40))

    # a delivery killed before it commits tells nothing and loses nothing
    with pytest.raises(RuntimeError):
        async with tenant_scope(t["slug"]):
            assert await bot_jobs.deliver_notices(frozenset({"welfare"})) == 1
            raise RuntimeError("killed")
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"welfare"})) == 1  # Zhang's, after the downtime
    async with tenant_scope(t["slug"]):
        assert await bot_jobs.deliver_notices(frozenset({"welfare"})) == 0  # run twice: told once

    # Li links three days after being paid and is told; Wang, paid forty days before, is not
    await link(bot_client, fake, t, li, LI)
    await link(bot_client, fake, t, t["wang"], WANG)
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: any("payment has reached you" in m for m in texts(fake, LI.id)), what="Li's payment notice")
    await bot_jobs.kick(bot_settings, t["slug"])
    await until(lambda: bot_outbox_drained(t["slug"]), what="the outbox drained")
    assert sum("款项已到账" in m for m in texts(fake, ZHANG.id)) == 1
    assert sum("payment has reached you" in m for m in texts(fake, LI.id)) == 1
    assert not any("到账" in m or "payment" in m for m in texts(fake, WANG.id))


async def bot_outbox_drained(slug: str) -> bool:
    from server.bot import store

    async with tenant_scope(slug):
        return not await store.queued_messages()


async def test_help_lists_the_commands_of_the_modules_switched_on(bot, fake):
    await fake.user_sends(TOKEN, ZHANG, "/help")
    await until(lambda: fake.sent(ZHANG.id), what="the help")
    with_voice = fake.last(ZHANG.id)["text"]
    assert "/link" in with_voice and "/lang" in with_voice and "/new — 提交诉求" in with_voice
    assert "/my — 我的诉求" in with_voice

    await platform.set_modules(bot.slug, disable=["voice"])
    await fake.user_sends(TOKEN, ZHANG, "/help")
    await until(lambda: len(fake.sent(ZHANG.id)) == 2, what="the second help")
    without_voice = fake.last(ZHANG.id)["text"]
    assert "/link" in without_voice and "/help" in without_voice
    assert "/new" not in without_voice and "/my" not in without_voice

    # voice's command is not handled where voice is off: the bot answers as to any other text
    await fake.user_sends(TOKEN, ZHANG, "/new")
    await until(lambda: len(fake.sent(ZHANG.id)) == 3, what="the answer to /new")
    assert "第1步" not in fake.last(ZHANG.id)["text"] and "/link" in fake.last(ZHANG.id)["text"]


async def test_voice_s_bot_tables_are_taken_over_with_their_rows(tenant):
    """A tenant migrated before the move: its links and outbox were voice's tables; the bot
    app's first migration renames them and keeps every row."""
    from server.bot import store
    from server.infra.db import DB
    from server.infra.migrate import migrate_tenant_schema
    from server.infra.tenancy import schema_for

    schema = schema_for(tenant.slug)
    renames = {
        "bot_link_code": "voice_link_code",
        "bot_telegram_link": "voice_telegram_link",
        "bot_config": "voice_bot_config",
        "bot_update": "voice_bot_update",
        "bot_state": "voice_bot_state",
        "bot_message": "voice_bot_message",
    }
    bot_migrations = (await DB.run_ddl(f"""SELECT count(*) AS n FROM "{schema}".migration WHERE app_name = 'bot'"""))[
        0
    ]["n"]
    async with tenant_scope(tenant.slug):
        member = (await make_member((await make_org("青铜峡水泥厂工会")).id)).id
    async with DB.transaction():
        # Back to how a tenant looked before issue 12: voice's tables (without the bot's key on
        # its member), no bot migration run.
        await DB.run_ddl(
            f'ALTER TABLE "{schema}".bot_telegram_link DROP CONSTRAINT member_ref_bot_bot_telegram_link_member_id'
        )
        for new, old in renames.items():
            await DB.run_ddl(f'ALTER TABLE "{schema}"."{new}" RENAME TO "{old}"')
        await DB.run_ddl(f"""DELETE FROM "{schema}".migration WHERE app_name = 'bot'""")
        await DB.run_ddl(
            f"""INSERT INTO "{schema}".voice_telegram_link (telegram_user_id, chat_id, member_id)
                VALUES (7001, 7001, {member})"""
        )
        await DB.run_ddl(
            f"""INSERT INTO "{schema}".voice_bot_message (chat_id, method, payload, key)
                VALUES (7001, 'sendMessage', '{{"chat_id": 7001, "text": "hi"}}', 'k1')"""
        )
    # the take-over, then the later bot migrations (issue 13: the webhook secret sealed, ...)
    assert await migrate_tenant_schema(tenant.slug) == bot_migrations
    async with tenant_scope(tenant.slug):
        assert (await store.get_link(7001)).member_id == member
        assert [m.payload["text"] for m in await store.queued_messages()] == ["hi"]
        assert await store.enqueue(7001, "sendMessage", {"text": "again"}, key="k1") is None  # its unique key kept
        assert await store.enqueue(7001, "sendMessage", {"text": "new"}) is not None  # its sequence kept
        left = await DB.run_ddl(
            f"SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE n.nspname = '{schema}' AND relname LIKE 'voice\\_%'"
        )
    old_names = tuple(renames.values())
    assert [r["relname"] for r in left if r["relname"].startswith(old_names)] == []  # indexes, sequences too
