"""One door for updates, from the webhook and from polling alike: open the
tenant's scope, drop an update id seen before, feed aiogram, commit."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.types import Update

from server.bot.handlers import router
from server.bot.storage import PostgresStorage
from server.infra.tenancy import tenant_scope
from server.modules.voice import telegram


@cache
def dispatcher() -> Dispatcher:
    dp = Dispatcher(storage=PostgresStorage())
    dp.include_router(router)
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
    async with tenant_scope(tenant):
        token = token or await telegram.bot_token()
        if not await telegram.first_time(int(raw["update_id"])):
            return False
        chat = _chat_of(raw)
        if chat is not None:
            # Two taps of one user reaching two API processes: one after the other, so the
            # second sees the conversation state the first left.
            await telegram.lock_chat(f"{tenant}:{chat}")
        bot = offline_bot(token)
        update = Update.model_validate(raw, context={"bot": bot})
        await dispatcher().feed_update(bot, update, tenant=tenant)
        return True
