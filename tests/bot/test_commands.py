"""The bot's commands: Telegram's command menu is registered (setMyCommands, Chinese and English)
when the token is set, when a module is switched on or off, and when polling starts; a command sent in the middle of a form ends it."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from server.bot.jobs import modules_switched
from server.bot.polling import poll
from server.bot.tables import BotChatState
from server.infra.tenancy import tenant_scope
from server.platform import service as platform
from tests.bot.conftest import LI, TOKEN, ZHANG, until
from tests.cli_helpers import cli_env


def menu(fake, lang: str = "en") -> list[str]:
    return [c["command"] for c in fake.bots[TOKEN].commands[lang]]


async def test_setting_the_token_registers_the_command_menu_in_both_languages(
    bot, bot_client, fake, bot_settings, admin_headers
):
    menus = fake.bots[TOKEN].commands
    assert set(menus) == {"", "zh", "en"}  # the default list (Chinese) and one per language
    zh = {c["command"]: c["description"] for c in menus["zh"]}
    en = {c["command"]: c["description"] for c in menus["en"]}
    assert menus[""] == menus["zh"]
    assert list(zh) == ["start", "link", "lang", "cancel", "help", "new", "my"]  # what /help lists, in its order
    assert (zh["help"], en["help"]) == ("显示可用的命令", "show the commands")
    assert (zh["new"], en["new"]) == ("提交诉求", "File a complaint")
    r = await bot_client.get(bot.url("/bot"), headers=bot.admin)
    assert r.status_code == 200

    # A module switched off through the platform's switch: a job registers the menu again.
    url = f"/api/v1/platform/tenants/{bot.slug}/modules"
    r = await bot_client.post(url, json={"disable": ["voice"]}, headers=admin_headers)
    assert r.status_code == 200, r.text
    await until(lambda: "new" not in menu(fake), what="the menu without voice's commands")
    assert menu(fake, "zh") == menu(fake, "") == ["start", "link", "lang", "cancel", "help"]

    # Polling starts by registering the menu again: the modules switched on since are what it lists
    # (here switched on without the platform's announcement, as a direct service call makes it).
    await platform.set_modules(bot.slug, enable=["voice"])
    fake.bots[TOKEN].webhook_url = ""
    task = asyncio.create_task(poll(bot_settings, bot.slug))
    try:
        await until(lambda: "new" in menu(fake), what="the menu with voice's commands again")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert menu(fake, "zh") == ["start", "link", "lang", "cancel", "help", "new", "my"]


async def test_the_menu_is_registered_again_when_telegram_could_not_be_reached(bot, bot_client, fake, admin_headers):
    """The job `modules_switched` meets a Bot API that fails (a 502: Telegram unreachable behind its
    gateway); arq runs it again after a back-off and the menu is registered."""
    fake.fail("setMyCommands", 502)
    r = await bot_client.post(
        f"/api/v1/platform/tenants/{bot.slug}/modules", json={"disable": ["voice"]}, headers=admin_headers
    )
    assert r.status_code == 200, r.text
    await until(lambda: "new" not in menu(fake), what="the menu without voice's commands, on the second try")
    assert menu(fake, "zh") == menu(fake, "") == ["start", "link", "lang", "cancel", "help"]
    tries = [c.status for c in fake.calls_of("setMyCommands")][-4:]
    assert tries == [502, 200, 200, 200]  # the first try failed on its first call; the second made all three


async def test_a_switch_for_a_tenant_without_a_bot_calls_no_one(tenant, bot_settings, fake):
    assert await modules_switched({"settings": bot_settings}, tenant.slug) == {"commands": False}
    assert fake.calls == []


async def test_the_fake_bot_api_refuses_a_command_telegram_would(fake):
    import httpx

    async with httpx.AsyncClient() as http:
        r = await http.post(
            f"{fake.base_url}/bot{TOKEN}/setMyCommands", json={"commands": [{"command": "New!", "description": "x"}]}
        )
    assert r.status_code == 400 and r.json()["description"] == "Bad Request: BOT_COMMAND_INVALID"


async def state_of(slug: str, user_id: int) -> str | None:
    async with tenant_scope(slug):
        row = await BotChatState.select(BotChatState.state).where(BotChatState.key.like(f"%{user_id}%")).first()
    return row["state"] if row else None


async def half_filled(world, bot_client, fake, user) -> None:
    """`user` links their chat and gets to step 2 of a complaint (the text is asked for)."""
    r = await bot_client.post(world.url("/bot/link-codes"), json={"member_id": world.zhang}, headers=world.admin)
    assert r.status_code == 201, r.text
    await fake.user_sends(TOKEN, user, f"/link {r.json()['code']}")
    await until(lambda: fake.sent(user.id), what="the linked message")
    await fake.user_sends(TOKEN, user, "/new")
    await until(lambda: len(fake.sent(user.id)) == 2, what="step 1")
    step1 = fake.last(user.id)
    await fake.user_taps(TOKEN, user, step1, next(iter(fake.buttons(step1).values())))
    await until(lambda: fake.last(user.id).get("edit_date"), what="step 2")
    assert await state_of(world.slug, user.id) == "FileComplaint:text"


async def test_cancel_ends_a_half_filled_form(bot, bot_client, fake):
    await half_filled(bot, bot_client, fake, ZHANG)
    await fake.user_sends(TOKEN, ZHANG, "/cancel")
    await until(lambda: len(fake.sent(ZHANG.id)) == 3, what="the cancel")
    assert fake.last(ZHANG.id)["text"] == "已取消。"
    assert await state_of(bot.slug, ZHANG.id) is None
    # What he types now is not taken as the complaint's text: he gets the menu.
    await fake.user_sends(TOKEN, ZHANG, "车间拖欠工资")
    await until(lambda: len(fake.sent(ZHANG.id)) == 4, what="the menu")
    assert "第3步" not in fake.last(ZHANG.id)["text"] and fake.buttons(fake.last(ZHANG.id))


async def test_another_command_ends_a_half_filled_form_and_is_answered(bot, bot_client, fake):
    await half_filled(bot, bot_client, fake, LI)
    await fake.user_sends(TOKEN, LI, "/my")
    await until(lambda: len(fake.sent(LI.id)) == 4, what="the note and the answer to /my")
    note, answer = fake.sent(LI.id)[-2:]
    assert note["text"] == "The form you were filling in is closed; nothing was sent."
    assert answer["text"] == "You have not filed any complaints yet."
    assert await state_of(bot.slug, LI.id) is None
    # /help in the middle of a form: the form ends too, and the commands are listed.
    await half_filled_again(bot, fake, LI)
    await fake.user_sends(TOKEN, LI, "/help")
    await until(lambda: "/cancel" in fake.last(LI.id)["text"], what="the help")
    assert await state_of(bot.slug, LI.id) is None


async def half_filled_again(world, fake, user) -> None:
    sent = len(fake.sent(user.id))
    await fake.user_sends(TOKEN, user, "/new")
    await until(lambda: len(fake.sent(user.id)) == sent + 1, what="step 1 again")
    assert await state_of(world.slug, user.id) == "FileComplaint:category"


async def test_bot_say_plays_a_worker_on_the_fake_bot_api(bot, fake, bot_settings, tmp_path):
    """`saishang bot say` (the README's Telegram walk-through) sends as a worker and prints the answer."""
    env = cli_env(bot_settings, tmp_path, TELEGRAM_API_BASE=fake.base_url)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.cli", "bot", "say", "--tenant", bot.slug, "/help",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    assert "/cancel — 取消当前操作" in out.decode() and "/new — 提交诉求" in out.decode()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.cli", "bot", "say", "--tenant", bot.slug, "--tap", "提交诉求",
        env={**env, "SAISHANG_LANG": "en"}, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1 and "no message in the chat has a button '提交诉求'" in err.decode()
