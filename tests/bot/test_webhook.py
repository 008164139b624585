"""The webhook's guarantees: the secret token is checked, an update is processed
once, and Telegram's 429 and 5xx delay a message instead of losing it."""

from __future__ import annotations

import asyncio

import msgspec

from server.bot import i18n
from server.bot.tables import BotConfig, BotMessage, BotUpdate
from server.infra.tenancy import tenant_scope
from tests.bot.conftest import LI, TOKEN, ZHANG, until
from tests.conftest import outbox_drained


async def counts(slug):
    async with tenant_scope(slug):
        return await BotUpdate.count(), await BotMessage.count()


async def test_a_wrong_secret_is_refused_and_nothing_is_processed(bot, bot_client, fake):
    url = f"/telegram/{bot.slug}/webhook"
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "x"},
            "text": "/start",
        },
    }
    r = await bot_client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
    assert r.status_code == 401
    r = await bot_client.post(url, json=update)
    assert r.status_code == 401
    assert await fake.push(TOKEN, {"message": update["message"]}, secret="also-wrong") == 401
    assert await counts(bot.slug) == (0, 0)
    # an unknown tenant is not found; bad JSON with the right secret is invalid input, not a 500
    r = await bot_client.post("/telegram/nosuchtenant/webhook", json=update)
    assert r.status_code == 404
    r = await bot_client.post(
        url,
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": fake.bots[TOKEN].secret, "content-type": "application/json"},
    )
    assert r.status_code in (400, 422)
    assert await counts(bot.slug) == (0, 0)


async def test_the_same_update_twice_is_processed_once(bot, fake):
    body = {
        "message": {
            "message_id": 9,
            "date": 0,
            "chat": {"id": ZHANG.id, "type": "private"},
            "from": ZHANG.as_dict(),
            "text": "/start",
        }
    }
    assert await fake.push(TOKEN, body, update_id=4242) == 200
    assert await fake.push(TOKEN, body, update_id=4242) == 200
    assert await counts(bot.slug) == (1, 1)
    await until(lambda: len(fake.sent(ZHANG.id)) == 1, what="one welcome")


async def test_a_429_delays_the_message_by_retry_after(bot, fake):
    fake.fail("sendMessage", 429, retry_after=1)
    await fake.user_sends(TOKEN, ZHANG, "/start")
    await until(lambda: fake.sent(ZHANG.id), what="the message after the 429")
    first, second = [c for c in fake.calls_of("sendMessage")]
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0
    assert first.params == second.params
    async with tenant_scope(bot.slug):
        row = await BotMessage.select(BotMessage.status, BotMessage.attempts).first()
    assert row == {"status": "sent", "attempts": 2}


async def test_a_5xx_is_retried(bot, fake):
    fake.fail("sendMessage", 502, times=2)
    await fake.user_sends(TOKEN, ZHANG, "/start")
    await until(lambda: fake.sent(ZHANG.id), timeout=20, what="the message after two 502s")
    assert [c.status for c in fake.calls_of("sendMessage")] == [502, 502, 200]


async def test_messages_to_one_chat_keep_their_order_and_pace(bot, fake):
    for n in range(3):
        await fake.user_sends(TOKEN, LI, f"hello {n}")
    await until(lambda: len(fake.sent(LI.id)) == 3, what="three menus")
    calls = [c for c in fake.calls_of("sendMessage") if int(c.params["chat_id"]) == LI.id]
    # at most one message a second to a chat
    gaps = [round(b.at - a.at, 2) for a, b in zip(calls, calls[1:])]
    assert all(g >= 0.9 for g in gaps), gaps


async def test_language_follows_telegram_then_lang_overrides(bot, bot_client, fake):
    await fake.user_sends(TOKEN, LI, "/start")
    await until(lambda: fake.sent(LI.id), what="welcome")
    assert "Welcome" in fake.last(LI.id)["text"]  # Telegram says English
    r = await bot_client.post(bot.url("/voice/link-codes"), json={"member_id": bot.li}, headers=bot.admin)
    await fake.user_sends(TOKEN, LI, f"/start {r.json()['code']}")
    await until(lambda: "linked" in fake.last(LI.id)["text"], what="linked, in English")
    await fake.user_sends(TOKEN, LI, "/lang")
    await until(lambda: "language" in fake.last(LI.id)["text"], what="the language menu")
    menu = fake.last(LI.id)
    await fake.user_taps(TOKEN, LI, menu, fake.buttons(menu)["中文"])
    await until(lambda: "语言已设置为中文" in fake.last(LI.id)["text"], what="switched to Chinese")
    await fake.user_sends(TOKEN, LI, "/my")
    await until(lambda: "还没有提交" in fake.last(LI.id)["text"], what="Chinese from now on")


async def test_the_bot_token_is_never_shown_back(bot, bot_client, fake):
    r = await bot_client.get(bot.url("/voice/bot"), headers=bot.admin)
    assert r.json()["configured"] and r.json()["username"] == "qtx_union_bot"
    assert TOKEN not in r.text and r.json()["token_hint"].endswith(TOKEN[-4:])
    for bad in ("not-a-token", "1" * 16 + ":" + "a" * 40, "123456:" + "a" * 110):  # sealed, it must fit its column
        r = await bot_client.put(bot.url("/voice/bot"), json={"token": bad}, headers=bot.admin)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "token", r.text
    r = await bot_client.get(bot.url("/voice/bot"), headers=bot.cement_officer)
    assert r.status_code == 403


async def test_the_bot_token_is_sealed_at_rest(bot):
    """A copy of the database does not give away the bot: the column holds the sealed token only."""
    from server.bot import store as telegram
    from server.bot.tables import BotConfig

    async with tenant_scope(bot.slug):
        stored = (await BotConfig.select(BotConfig.token).first())["token"]
        assert TOKEN not in stored and TOKEN.split(":")[1] not in stored and stored.startswith("sealed:")
        assert await telegram.bot_token() == TOKEN


def test_the_compiled_catalogues_match_their_sources():
    for po in i18n.LOCALES_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"):
        assert po.with_suffix(".mo").read_bytes() == i18n.mo_bytes(i18n.parse_po(po.read_text(encoding="utf-8")))


def test_every_message_the_bot_says_is_translated():
    import ast
    from pathlib import Path

    import server.bot.chat as chat
    import server.bot.handlers as handlers
    import server.modules.skills.bot as skills_bot
    import server.modules.voice.bot as voice_bot
    import server.modules.welfare.bot as welfare_bot

    ids = set()
    for source in (handlers, chat, voice_bot, welfare_bot, skills_bot):  # the channel's and the modules' parts
        tree = ast.parse(Path(source.__file__).read_text(encoding="utf-8"))
        ids |= {
            n.args[1].value
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and getattr(n.func, "id", "") == "t"
            and len(n.args) > 1
            and isinstance(n.args[1], ast.Constant)
        }
        ids |= {
            n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "N_"
        }
    assert len(ids) > 30
    zh = i18n.parse_po((i18n.LOCALES_DIR / "zh_CN/LC_MESSAGES/saishang_bot.po").read_text(encoding="utf-8"))
    assert ids - set(zh) == set()
    assert msgspec.json.encode(sorted(ids))  # the ids are plain strings


async def test_the_per_bot_limit_is_thirty_a_second(settings):
    import time

    from redis.asyncio import Redis

    from server.bot import limits

    redis = Redis.from_url(settings.redis_url)
    try:
        while time.time() % 1 > 0.5:  # start early in a second, so all 31 land in it
            await asyncio.sleep(0.05)
        tenant = f"limits{int(time.time() * 1000)}"
        waits = [await limits.acquire(redis, tenant, None) for _ in range(31)]
        assert waits[:30] == [0.0] * 30 and 0 < waits[30] <= 1
        assert await limits.acquire(redis, f"{tenant}x", 42) == 0.0
        assert 0 < await limits.acquire(redis, f"{tenant}x", 42) <= 1  # one a second per chat
    finally:
        await redis.aclose()


async def test_the_conversation_survives_a_restart(bot, fake):
    from server.bot import dispatch
    from server.bot.storage import PostgresStorage

    await fake.user_sends(TOKEN, ZHANG, "/start")
    r = None
    async with tenant_scope(bot.slug):
        from server.bot import store as tg
        from server.platform.roles import SYSTEM

        r = await tg.issue_link_code(tg.LinkCodeIn(member_id=bot.zhang), SYSTEM)
    await fake.user_sends(TOKEN, ZHANG, f"/link {r.code}")
    await fake.user_sends(TOKEN, ZHANG, "/new")
    await until(lambda: "第1步" in fake.last(ZHANG.id)["text"], what="step 1")
    step1 = fake.last(ZHANG.id)
    # a new process: a storage object with nothing in memory (the state is in PostgreSQL)
    dispatch.dispatcher().fsm.storage = PostgresStorage()
    await fake.user_taps(TOKEN, ZHANG, step1, fake.buttons(step1)["劳动安全"])
    await until(lambda: "第2步" in fake.last(ZHANG.id)["text"], what="step 2 after the restart")


async def test_two_taps_at_once_are_handled_one_after_the_other(bot, fake, settings):
    async with tenant_scope(bot.slug):
        from server.bot import store as tg
        from server.platform.roles import SYSTEM

        code = (await tg.issue_link_code(tg.LinkCodeIn(member_id=bot.zhang), SYSTEM)).code
    await fake.user_sends(TOKEN, ZHANG, f"/link {code}")
    await fake.user_sends(TOKEN, ZHANG, "/new")
    await until(lambda: "第1步" in fake.last(ZHANG.id)["text"], what="step 1")
    step1 = fake.last(ZHANG.id)
    buttons = fake.buttons(step1)
    statuses = await asyncio.gather(
        fake.user_taps(TOKEN, ZHANG, step1, buttons["劳动安全"]),
        fake.user_taps(TOKEN, ZHANG, step1, buttons["工资报酬"]),
    )
    assert statuses == [200, 200]
    await until(lambda: len(fake.calls_of("answerCallbackQuery")) == 2, what="both taps answered")
    # one tap chose the category; the other found the step already taken
    expired = [c for c in fake.calls_of("answerCallbackQuery") if "失效" in c.params.get("text", "")]
    assert len(expired) == 1
    await until(lambda: "第2步" in fake.last(ZHANG.id)["text"], what="the step-2 edit")
    await outbox_drained(settings.redis_url, bot.slug)  # a wrong second edit would have been sent by now
    edits = [c for c in fake.calls_of("editMessageText") if "第2步" in c.params["text"]]
    assert len(edits) == 1


async def test_a_tenant_without_voice_keeps_its_bot_but_not_complaints(bot, bot_client, fake):
    """The bot is the platform's channel (issue 12): with voice off it still answers (it answered
    404 while it was voice's), and the complaint routes are gone."""
    from server.platform import service as platform

    await platform.set_modules(bot.slug, disable=["voice"])
    status = await fake.user_sends(TOKEN, ZHANG, "/start")
    assert status == 200
    await until(lambda: fake.sent(ZHANG.id), what="the welcome")
    assert await counts(bot.slug) == (1, 1)
    r = await bot_client.get(bot.url("/complaints"), headers=bot.admin)
    assert r.status_code == 404


async def test_the_webhook_secret_is_sealed_at_rest(bot, fake):
    """Issue 13: a copy of the database does not give away the webhook secret either (whoever has
    it can post updates as Telegram); the bot still answers Telegram, which sends it in the clear."""
    from server.bot import store as telegram
    from server.bot.tables import BotConfig

    secret = fake.bots[TOKEN].secret
    async with tenant_scope(bot.slug):
        stored = (await BotConfig.select(BotConfig.webhook_secret).first())["webhook_secret"]
        assert secret not in stored and stored.startswith("sealed:")
        assert await telegram.webhook_secret() == secret
        assert await telegram.secret_matches(secret) and not await telegram.secret_matches(secret + "x")
    assert await fake.user_sends(TOKEN, ZHANG, "/start") == 200
    await until(lambda: fake.sent(ZHANG.id), what="the welcome")


SEALING_MIGRATION = "2026-12-07T11:30:00:000000"  # migrations/bot/bot_2026_12_07t11_30_00_000000.py


async def test_a_migration_seals_the_webhook_secrets_stored_in_the_clear(bot, fake):
    """A tenant whose secret was stored before sealing: the bot migration seals it in place."""
    from server.bot import store as telegram
    from server.infra.db import DB
    from server.infra.migrate import migrate_tenant_schema
    from server.infra.tenancy import schema_for

    schema = schema_for(bot.slug)
    secret = fake.bots[TOKEN].secret
    async with DB.transaction():
        await DB.run_ddl(f"""UPDATE "{schema}".bot_config SET webhook_secret = '{secret}'""")
        await DB.run_ddl(
            f"""DELETE FROM "{schema}".migration WHERE app_name = 'bot' AND name = '{SEALING_MIGRATION}'"""
        )
    assert await migrate_tenant_schema(bot.slug) == 1
    async with tenant_scope(bot.slug):
        stored = (await BotConfig.select(BotConfig.webhook_secret).first())["webhook_secret"]
        assert secret not in stored and stored.startswith("sealed:")
        assert await telegram.webhook_secret() == secret
    assert await migrate_tenant_schema(bot.slug) == 0
    assert await fake.user_sends(TOKEN, ZHANG, "/start") == 200


async def test_malformed_updates_are_answered_200_and_dropped(bot, fake, caplog):
    """Issue 13: Telegram redelivers whatever is not answered 2xx, for ever. An update the bot
    cannot handle (no chat, no sender, a button press without its message, a kind of update the
    bot does not handle, fields of the wrong type) is answered 200, dropped and logged."""
    message = {"message_id": 1, "date": 0, "chat": {"id": ZHANG.id, "type": "private"}, "from": ZHANG.as_dict()}
    tap = {"id": "77", "from": ZHANG.as_dict(), "chat_instance": "ci", "data": "menu:lang"}
    malformed = [
        {"message": {k: v for k, v in message.items() if k != "chat"} | {"text": "/start"}},
        {"message": {k: v for k, v in message.items() if k != "from"} | {"text": "/start"}},
        {"message": message | {"chat": {"type": "private"}, "text": "/start"}},
        {"message": message | {"chat": "nope", "text": "/start"}},
        {"message": message | {"chat": {"id": 2**70, "type": "private"}, "text": "/start"}},
        {"message": "nope"},
        {"message": message | {"date": "yesterday", "text": "/start"}},
        {"callback_query": tap},
        {"callback_query": {k: v for k, v in tap.items() if k != "from"} | {"message": message | {"text": "x"}}},
        {"edited_message": {"message_id": 2, "date": 0, "text": "x"}},
        {"poll_answer": {"poll_id": "1", "option_ids": [0]}},
        {"some_future_kind": {"id": 1}},
        {},
    ]
    with caplog.at_level("WARNING", logger="saishang.bot"):
        statuses = [await fake.push(TOKEN, body) for body in malformed]
    assert statuses == [200] * len(malformed)
    assert sum("dropped" in r.getMessage() for r in caplog.records) == len(malformed)
    assert (await counts(bot.slug))[1] == 0  # nothing answered
    assert await fake.push(TOKEN, {"message": message | {"text": "/start"}}, update_id=2**63) == 422  # not Telegram's
    # the bot goes on: a good update after them is handled
    assert await fake.user_sends(TOKEN, ZHANG, "/start") == 200
    await until(lambda: fake.sent(ZHANG.id), what="the welcome")


async def test_a_token_of_the_wrong_shape_never_reaches_telegram(bot, bot_client, monkeypatch):
    """Issue 13: the token goes into the Bot API's URL, so its shape is checked before any call
    (a `/` or `?` in it would call another URL): a field error naming `token`, in both languages."""
    from server.bot import client

    called = []

    async def spy(settings, token, method, payload=None, **kw):
        called.append((token, method))
        raise AssertionError("Telegram called")

    monkeypatch.setattr(client, "call", spy)
    bad = [
        "123456:abcdefghij/../../getMe",
        "123456:abcdefghij?chat_id=1",
        "123456:abcdefghij#x",
        "123456:abc defghijk",
        "123456:abcdefghij%2F..",
        "١٢٣٤:abcdefghijklmn",  # digits, but not ASCII ones
        "123456:短短短短短短短短短短短",
        ":abcdefghijklmn",
    ]
    for path in ("/bot", "/voice/bot"):
        for token in bad:
            r = await bot_client.put(bot.url(path), json={"token": token}, headers=bot.admin)
            assert r.status_code == 422, (path, token, r.text)
            assert [e["field"] for e in r.json()["errors"]] == ["token"]
            assert "机器人令牌" in r.json()["errors"][0]["message"], r.text
    r = await bot_client.put(bot.url("/bot"), json={"token": bad[0]}, headers=bot.admin | {"Accept-Language": "en"})
    assert "is not a bot token" in r.json()["errors"][0]["message"], r.text
    assert called == []


async def test_the_edge_check_holds_for_the_webhook_too(bot, bot_client, fake):
    """The webhook never authenticates a user, yet a NUL in an update is refused at the edge
    (422 naming the field, nothing processed) rather than reaching PostgreSQL."""
    update = {
        "update_id": 77,
        "message": {
            "message_id": 77,
            "date": 0,
            "chat": {"id": ZHANG.id, "type": "private"},
            "from": ZHANG.as_dict(),
            "text": "/start\x00",
        },
    }
    r = await bot_client.post(
        f"/telegram/{bot.slug}/webhook",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": fake.bots[TOKEN].secret},
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["message.text"]
    assert await counts(bot.slug) == (0, 0)


class _Failing:
    """A dispatcher whose handlers fail with `error` (a bug in a handler, or the database gone)."""

    def __init__(self, error: BaseException):
        self.error = error

    async def feed_update(self, *args, **kwargs):
        raise self.error


async def test_a_failing_handler_is_answered_once_with_an_apology_and_not_redelivered_for_ever(
    bot, fake, monkeypatch, caplog
):
    from server.bot import dispatch

    body = {
        "message": {
            "message_id": 11,
            "date": 0,
            "chat": {"id": ZHANG.id, "type": "private"},
            "from": {**ZHANG.as_dict(), "language_code": "zh-hans"},
            "text": "/start",
        }
    }
    # the database or the network for a moment: not recorded, a 5xx, so Telegram redelivers it
    monkeypatch.setattr(dispatch, "dispatcher", lambda: _Failing(ConnectionResetError("reset by peer")))
    assert await fake.push(TOKEN, body, update_id=7001) >= 500
    assert await counts(bot.slug) == (0, 0)
    # a bug in a handler would fail on every redelivery and hold the later updates behind it:
    # recorded, answered 200, the worker told in their language, the traceback logged
    monkeypatch.setattr(dispatch, "dispatcher", lambda: _Failing(KeyError("boom")))
    assert await fake.push(TOKEN, body, update_id=7001) == 200
    assert await fake.push(TOKEN, body, update_id=7001) == 200  # redelivered: dropped
    assert await counts(bot.slug) == (1, 1)
    await until(lambda: len(fake.sent(ZHANG.id)) == 1, what="the apology")
    assert "出错" in fake.sent(ZHANG.id)[0]["text"]
    assert any(r.exc_info and "7001" in r.getMessage() for r in caplog.records)
