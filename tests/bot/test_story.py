"""The whole story through the fake Bot API: Zhang Wei links his Telegram account
with a code from his union, files a wage complaint step by step, the enterprise
union folds it into a demand order, the federation opens and resolves an
acceptance form, and Zhang is told and rates the outcome."""

from __future__ import annotations

from server.bot.tables import BotChatState, TelegramLink
from server.infra.tenancy import tenant_scope
from server.modules.voice.tables import Complaint
from tests.bot.conftest import TOKEN, ZHANG, until


def has_text(fake, chat_id, fragment):
    return lambda: any(fragment in m["text"] for m in fake.chat(chat_id))


async def test_the_whole_story(bot, bot_client, fake):
    world = bot
    # the bot registered its webhook with Telegram, secret included
    state = fake.bots[TOKEN]
    assert state.webhook_url == f"http://saishang.test/telegram/{world.slug}/webhook" and state.secret
    assert [c.method for c in fake.calls] == ["getMe", "setWebhook"] + ["setMyCommands"] * 3

    # 1. Zhang says hello: not linked yet, he is told to ask his union for a code
    assert await fake.user_sends(TOKEN, ZHANG, "/start") == 200
    await until(has_text(fake, ZHANG.id, "/link"), what="the welcome message")
    assert "绑定码" in fake.last(ZHANG.id)["text"]  # his Telegram speaks Chinese

    # 2. the cement works' union issues a one-time code; Zhang sends it
    r = await bot_client.post(
        world.url("/voice/link-codes"), json={"member_id": world.zhang}, headers=world.cement_officer
    )
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    await fake.user_sends(TOKEN, ZHANG, f"/link {code}")
    await until(has_text(fake, ZHANG.id, "绑定成功"), what="the linked message")
    async with tenant_scope(world.slug):
        assert await TelegramLink.select(TelegramLink.member_id).where(
            TelegramLink.telegram_user_id == ZHANG.id
        ).first() == {"member_id": world.zhang}
    # the code is spent
    await fake.user_sends(TOKEN, ZHANG, f"/link {code}")
    await until(has_text(fake, ZHANG.id, "绑定码无效"), what="the spent-code message")

    # 3. the complaint form, step by step with inline keyboards
    menu = next(m for m in fake.chat(ZHANG.id) if "绑定成功" in m["text"])
    await fake.user_taps(TOKEN, ZHANG, menu, fake.buttons(menu)["提交诉求"])
    await until(has_text(fake, ZHANG.id, "第1步"), what="step 1")
    step1 = fake.last(ZHANG.id)
    await fake.user_taps(TOKEN, ZHANG, step1, fake.buttons(step1)["工资报酬"])
    await until(has_text(fake, ZHANG.id, "第2步"), what="step 2 (the step-1 message edited)")
    # the conversation state lives in PostgreSQL
    async with tenant_scope(world.slug):
        saved = await BotChatState.select(BotChatState.state).where(BotChatState.key.like(f"%{ZHANG.id}%")).first()
    assert saved["state"] == "FileComplaint:text"
    await fake.user_sends(TOKEN, ZHANG, "车间拖欠三个月工资，共计一万二千元")
    await until(has_text(fake, ZHANG.id, "第3步"), what="step 3")
    step3 = fake.last(ZHANG.id)
    await fake.user_taps(TOKEN, ZHANG, step3, fake.buttons(step3)["显示姓名"])
    await until(has_text(fake, ZHANG.id, "请核对"), what="the summary")
    summary = fake.last(ZHANG.id)
    assert "车间拖欠三个月工资" in summary["text"]
    await fake.user_taps(TOKEN, ZHANG, summary, fake.buttons(summary)["提交"])
    await until(has_text(fake, ZHANG.id, "受理编号"), what="the reference number")
    async with tenant_scope(world.slug):
        complaint = await Complaint.select().where(Complaint.member_id == world.zhang).first()
    assert complaint["channel"] == "telegram" and complaint["category"] == "wages"
    assert complaint["org_id"] == world.cement and not complaint["anonymous"]
    assert complaint["ref"] in fake.last(ZHANG.id)["text"]

    # 4. his union folds it into a demand order: he is told
    r = await bot_client.post(
        world.url("/demand-orders"),
        headers=world.cement_officer,
        json={"title": "水泥厂拖欠工资", "complaint_ids": [complaint["id"]]},
    )
    assert r.status_code == 201, r.text
    await until(has_text(fake, ZHANG.id, "需求订单"), what="the ordered notice")

    # 5. the federation opens an acceptance form, 7 working days
    r = await bot_client.post(
        world.url("/acceptance-forms"), headers=world.admin, json={"order_id": r.json()["id"], "officer_name": "马学礼"}
    )
    assert r.status_code == 201, r.text
    form = r.json()
    await until(has_text(fake, ZHANG.id, "市总工会已受理"), what="the accepted notice")
    assert form["due_on"] in fake.last(ZHANG.id)["text"]

    # 6. resolved: Zhang gets the resolution with a rating keyboard
    r = await bot_client.post(
        world.url(f"/acceptance-forms/{form['id']}/resolve"),
        headers=world.admin,
        json={"resolution": "企业已补发全部工资", "outcome": "wage_arrears_recovered", "recovered_yuan": "12000"},
    )
    assert r.status_code == 200, r.text
    await until(has_text(fake, ZHANG.id, "企业已补发全部工资"), what="the resolution message")
    resolution = fake.last(ZHANG.id)
    stars = fake.buttons(resolution)
    assert len(stars) == 5

    # 7. he rates it five stars
    await fake.user_taps(TOKEN, ZHANG, resolution, stars["★★★★★"])
    await until(has_text(fake, ZHANG.id, "评价为"), what="the thank-you edit")
    async with tenant_scope(world.slug):
        rated = (
            await Complaint.select(Complaint.status, Complaint.rating).where(Complaint.id == complaint["id"]).first()
        )
    assert rated == {"status": "resolved", "rating": 5}

    # every tap was answered, every call succeeded, no message went to anyone else
    taps = 5
    await until(lambda: len(fake.calls_of("answerCallbackQuery")) == taps, what="callback answers")
    assert all(c.status == 200 for c in fake.calls)
    assert {int(m["chat_id"]) for m in fake.sent()} == {ZHANG.id}

    # /my lists his complaint and its status
    await fake.user_sends(TOKEN, ZHANG, "/my")
    await until(has_text(fake, ZHANG.id, "您的诉求："), what="the list")
    assert complaint["ref"] in fake.last(ZHANG.id)["text"] and "★★★★★" in fake.last(ZHANG.id)["text"]
