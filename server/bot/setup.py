"""Setting a tenant's bot up: the token checked with Telegram (getMe), stored sealed, the
webhook registered and the command menu set (setMyCommands), from the API (`PUT /bot`) and the
CLI (`saishang bot set-token`) alike."""

from __future__ import annotations

from server.bot import client, store
from server.bot.chat import label
from server.infra.tenancy import tenant_scope
from server.platform.roles import SYSTEM, Actor
from server.settings import Settings


async def configure(
    settings: Settings, tenant: str, data: store.BotConfigIn, actor: Actor = SYSTEM
) -> store.BotConfigOut:
    token = store.check_token_shape(data.token)
    me = await client.check_token(settings, token)  # outside the transaction: it is a network call
    async with tenant_scope(tenant):
        out = await store.set_bot_config(data, actor, username=me.get("username", ""))
        secret = await store.webhook_secret()
    if data.webhook:
        await client.set_webhook(settings, tenant, token, secret)
    await register_commands(settings, tenant, token)
    return out


async def register_commands(settings: Settings, tenant: str, token: str) -> None:
    """setMyCommands: Telegram's command menu lists what `/help` lists (the channel's commands, then
    those of the modules the tenant has on), in Chinese (also for languages without a list of
    their own) and in English. Called when the token is set, when polling starts and when a module
    is switched on or off (the job `jobs.modules_switched`)."""
    from aiogram.methods import SetMyCommands  # aiogram loads with the first bot, not with the app
    from aiogram.types import BotCommand as TelegramCommand

    from server.bot import handlers, parts

    commands = [*handlers.COMMANDS, *parts.commands(await parts.modules_on(tenant))]
    for language_code, lang in ((None, "zh-CN"), ("zh", "zh-CN"), ("en", "en")):
        method = SetMyCommands(
            commands=[TelegramCommand(command=c.command, description=label(lang, c)) for c in commands],
            language_code=language_code,
        )
        await client.call(settings, token, method.__api_method__, method.model_dump(exclude_none=True))
