"""One door for updates, from the webhook and from polling alike: open the tenant's scope,
drop an update id seen before, feed aiogram, commit.

The dispatcher is the channel's router, then each module's (seeing only the updates of tenants
that have the module on), then the fallback that answers what nobody took."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.types import TelegramObject, Update

from server.bot import handlers, parts, store
from server.bot.storage import PostgresStorage
from server.infra.tenancy import tenant_scope


class ModuleOn:
    """A router filter: the update's tenant has this module on."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, event: TelegramObject, modules: frozenset[str] = frozenset()) -> bool:
        return self.name in modules


def module_router(name: str, path: str) -> Router:
    found = parts.load(path)
    inner = found if isinstance(found, Router) else found()
    outer = Router(name=f"module:{name}")
    outer.message.filter(ModuleOn(name))
    outer.callback_query.filter(ModuleOn(name))
    outer.include_router(inner)
    return outer


@cache
def dispatcher() -> Dispatcher:
    dp = Dispatcher(storage=PostgresStorage())
    dp.message.outer_middleware(handlers.Context())
    dp.callback_query.outer_middleware(handlers.Context())
    dp.include_router(handlers.router)
    for name, part in parts.all_parts().items():
        if part.router:
            dp.include_router(module_router(name, part.router))
    dp.include_router(handlers.fallback)
    return dp


def offline_bot(token: str) -> Bot:
    """A Bot object for aiogram's bookkeeping only: handlers queue their replies in
    the outbox and never call Telegram through it."""
    return Bot(token, default=DefaultBotProperties())


def _chat_of(raw: dict[str, Any]) -> int | None:
    for kind in ("message", "edited_message", "callback_query"):
        event = raw.get(kind)
        if isinstance(event, dict):
            sender = event.get("chat") or event.get("from") or {}
            if isinstance(sender.get("id"), int):
                return sender["id"]
    return None


async def process_update(tenant: str, raw: dict[str, Any], *, token: str | None = None) -> bool:
    """Handle one update for `tenant`; False when its update_id was processed before."""
    modules = await parts.modules_on(tenant)
    async with tenant_scope(tenant):
        token = token or await store.bot_token()
        if not await store.first_time(int(raw["update_id"])):
            return False
        chat = _chat_of(raw)
        if chat is not None:
            # Two taps of one user reaching two API processes: one after the other, so the
            # second sees the conversation state the first left.
            await store.lock_chat(f"{tenant}:{chat}")
        bot = offline_bot(token)
        update = Update.model_validate(raw, context={"bot": bot})
        await dispatcher().feed_update(bot, update, tenant=tenant, modules=modules, commands=parts.commands(modules))
        return True
