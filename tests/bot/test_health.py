"""Issue 13: with the Bot API out of reach (`make up` without `TELEGRAM_API_BASE`) the bot sent
nothing and the health screen stayed green. `/readyz` now shows each tenant's outbox: what waits,
what failed, and the last send error; a failing send turns the bot's check red."""

from __future__ import annotations

from tests.bot.conftest import LI, TOKEN, ZHANG, until


async def outbox_of(client, slug: str) -> tuple[dict, dict]:
    r = await client.get("/readyz")
    ready = r.json()
    assert r.status_code == 200 and ready["ready"], r.text  # the bot does not gate readiness
    found = [o for o in ready["outboxes"] if o["tenant"] == slug]
    assert len(found) == 1, ready["outboxes"]
    return ready["bot"], found[0]


async def test_a_send_that_keeps_failing_shows_as_backlog_and_last_error(bot, bot_client, fake):
    check, outbox = await outbox_of(bot_client, bot.slug)
    assert outbox["queued"] == 0 and outbox["failed"] == 0 and outbox["last_error"] == ""
    assert not outbox["failing"]

    fake.fail("sendMessage", 502, times=10_000)  # Telegram unreachable, as good as
    await fake.user_sends(TOKEN, ZHANG, "/start")

    async def failing():
        return (await outbox_of(bot_client, bot.slug))[1]["last_error"]

    await until(failing, what="the send error in /readyz")
    check, outbox = await outbox_of(bot_client, bot.slug)
    assert outbox["queued"] == 1 and outbox["failing"] and outbox["oldest_queued_at"]
    assert "502" in outbox["last_error"] and outbox["last_error_at"]
    assert not check["ok"] and bot.slug in check["detail"] and "502" in check["detail"]


async def test_a_send_refused_for_good_shows_as_failed(bot, bot_client, fake):
    fake.fail("sendMessage", 403, times=1)  # the user blocked the bot
    await fake.user_sends(TOKEN, LI, "/start")

    async def failed():
        return (await outbox_of(bot_client, bot.slug))[1]["failed"]

    await until(failed, what="the failed send in /readyz")
    check, outbox = await outbox_of(bot_client, bot.slug)
    assert outbox["failed"] == 1 and outbox["queued"] == 0 and "403" in outbox["last_error"]
    assert outbox["failing"] and not check["ok"]  # nothing got through since
    # a message that gets through afterwards: sending works again (one blocked user is no outage)
    await fake.user_sends(TOKEN, ZHANG, "/start")
    await until(lambda: fake.sent(ZHANG.id), what="the next welcome")
    check, outbox = await outbox_of(bot_client, bot.slug)
    assert outbox["failed"] == 1 and not outbox["failing"] and "403" in outbox["last_error"]
