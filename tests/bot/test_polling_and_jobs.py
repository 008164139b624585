"""Polling mode, payment notices, and the deadline cron job through the real arq worker."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

from server.bot import store as telegram
from server.bot.polling import poll
from server.infra.tenancy import tenant_scope
from server.infra.workdays import today
from server.modules.voice import jobs, service
from server.modules.voice.tables import FormAlert
from tests.bot.conftest import TOKEN, ZHANG, until
from tests.conftest import outbox_drained


async def link(world, fake, bot_client):
    r = await bot_client.post(world.url("/voice/link-codes"), json={"member_id": world.zhang}, headers=world.admin)
    await fake.user_sends(TOKEN, ZHANG, f"/link {r.json()['code']}")
    await until(lambda: any("绑定成功" in m["text"] for m in fake.chat(ZHANG.id)), what="linked")


async def test_polling_mode_handles_updates_without_a_webhook(bot, bot_client, fake, bot_settings):
    r = await bot_client.put(bot.url("/voice/bot"), json={"token": TOKEN, "webhook": False}, headers=bot.admin)
    assert r.status_code == 200
    fake.bots[TOKEN].webhook_url = ""  # as if the webhook had never been set
    task = asyncio.create_task(poll(bot_settings, bot.slug))
    try:
        await fake.user_sends(TOKEN, ZHANG, "/start")
        await until(lambda: fake.sent(ZHANG.id), what="the welcome, polled")
        assert fake.calls_of("deleteWebhook") and fake.calls_of("getUpdates")
        # the update is acknowledged through the offset and never handled twice
        await until(
            lambda: any(int(c.params.get("offset") or 0) > 0 for c in fake.calls_of("getUpdates")),
            what="the next offset",
        )
        assert len(fake.sent(ZHANG.id)) == 1
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_payment_notice_reaches_the_linked_worker(bot, bot_client, fake, bot_settings):
    await link(bot, fake, bot_client)
    async with tenant_scope(bot.slug):
        await service.notify_payment(bot.zhang, 50_000, "2018年两节送温暖慰问金", key="campaign-1:payout-7")
        await service.notify_payment(bot.zhang, 50_000, "2018年两节送温暖慰问金", key="campaign-1:payout-7")
    await jobs.kick_delivery(bot_settings, bot.slug)
    await until(lambda: any("款项已到账" in m["text"] for m in fake.chat(ZHANG.id)), what="the payment message")
    assert "500.00" in fake.last(ZHANG.id)["text"]
    await jobs.kick_delivery(bot_settings, bot.slug)
    await outbox_drained(bot_settings.redis_url, bot.slug)
    assert sum("款项已到账" in m["text"] for m in fake.chat(ZHANG.id)) == 1


async def test_old_notices_are_not_replayed_when_a_worker_links(bot, bot_client, fake, bot_settings):
    async with tenant_scope(bot.slug):
        await service.notify_payment(bot.zhang, 100, "old", key="old-1")
    await link(bot, fake, bot_client)
    await jobs.kick_delivery(bot_settings, bot.slug)
    await outbox_drained(bot_settings.redis_url, bot.slug)
    assert not any("款项已到账" in m["text"] for m in fake.chat(ZHANG.id))


async def test_the_deadline_cron_job_escalates_an_overdue_form(bot, worker):
    async with tenant_scope(bot.slug):
        c = await service.file_complaint(service.ComplaintIn(category="wages", text="x"), bot.worker(bot.zhang))
        order = await service.create_order(service.OrderIn(title="t", complaint_ids=[c.id]), bot.officer(bot.cement))
        await service.open_form(
            service.FormIn(order_id=order.id, officer_name="马", opened_on=today() - dt.timedelta(days=30)),
            bot.admin_actor,
        )
    await worker.pool.enqueue_job("voice_deadlines")

    async def escalated():
        async with tenant_scope(bot.slug):
            return await FormAlert.select(FormAlert.kind).where(FormAlert.kind == "overdue")

    await until(escalated, what="the overdue alert")


async def test_link_codes_are_the_union_s_to_issue(bot, bot_client):
    r = await bot_client.post(bot.url("/voice/link-codes"), json={"member_id": bot.wang}, headers=bot.cement_officer)
    assert r.status_code == 403
    r = await bot_client.post(bot.url("/voice/link-codes"), json={"member_id": bot.zhang}, headers=bot.zhang_worker)
    assert r.status_code == 403
    r = await bot_client.post(bot.url("/voice/link-codes"), json={"member_id": 999_999}, headers=bot.admin)
    assert r.status_code == 422
    async with tenant_scope(bot.slug):
        assert await telegram.get_link(ZHANG.id) is None


async def test_a_welfare_payout_paid_to_a_linked_worker_is_announced(bot, bot_client, fake, bot_settings):
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare.channels.http import HttpChannel
    from server.modules.welfare.channels.simulated import FaultConfig, SimulatedChannelServer

    await link(bot, fake, bot_client)
    sim = SimulatedChannelServer(FaultConfig(rate=0.0, seed=1))
    channel = HttpChannel(await sim.start(), timeout=2)
    try:
        items = [
            engine.PayoutItem(f"member:{bot.zhang}", "张伟", "6222000011112222", 80_000, member_id=bot.zhang),
            engine.PayoutItem(f"member:{bot.wang}", "王强", "6222000011113333", 80_000, member_id=bot.wang),
        ]
        async with tenant_scope(bot.slug):
            batch = await engine.create_batch("test.voice:1", "2018年两节送温暖", items, budget_fen=10**7)
        p = await engine.pay_until_settled(bot.slug, batch.id, channel, chunk=10, lease_seconds=5, timeout=30)
        assert p.done and p.paid == 2
    finally:
        await channel.aclose()
        await sim.stop()
    await jobs.kick_delivery(bot_settings, bot.slug)
    await until(lambda: any("款项已到账" in m["text"] for m in fake.chat(ZHANG.id)), what="the payment message")
    assert "2018年两节送温暖" in fake.last(ZHANG.id)["text"] and "800.00" in fake.last(ZHANG.id)["text"]
    await jobs.kick_delivery(bot_settings, bot.slug)
    await outbox_drained(bot_settings.redis_url, bot.slug)
    assert sum("款项已到账" in m["text"] for m in fake.chat(ZHANG.id)) == 1  # once, however often it runs
    assert {int(m["chat_id"]) for m in fake.sent()} == {ZHANG.id}  # Wang has no Telegram link
