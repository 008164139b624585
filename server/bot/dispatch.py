"""One door for updates, from the webhook and from polling alike: open the tenant's scope,
drop an update id seen before, feed aiogram, commit.

The dispatcher is the channel's router, then each module's (seeing only the updates of tenants
that have the module on), then the fallback that answers what nobody took."""

from __future__ import annotations

import asyncio
import logging
from functools import cache
from typing import Any

import asyncpg
from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.types import TelegramObject, Update
from pydantic import ValidationError

from server.bot import chat, handlers, parts, store
from server.bot.i18n import pick_language, t
from server.bot.storage import PostgresStorage
from server.infra.tenancy import tenant_scope

log = logging.getLogger("saishang.bot")


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


KINDS = ("message", "edited_message", "callback_query")  # the updates the bot handles
BIGINT = 2**63  # Telegram's ids fit PostgreSQL's bigint; a larger one is not Telegram's


def _has_id(value: Any) -> bool:
    return isinstance(value, dict) and type(value.get("id")) is int and -BIGINT <= value["id"] < BIGINT


def unhandled(raw: dict[str, Any]) -> str | None:
    """Why the bot cannot handle this update (it is then dropped), or None when it can: a
    message needs its chat and its sender, a button press its sender and its message."""
    kind = next((k for k in KINDS if k in raw), None)
    if kind is None:
        return "no message or button press in it ({})".format(", ".join(sorted(set(raw) - {"update_id"})) or "empty")
    event = raw[kind]
    if not isinstance(event, dict):
        return f"{kind} is not an object"
    message: Any = event
    if kind == "callback_query":
        if not _has_id(event.get("from")):
            return "callback_query without from"
        message = event.get("message")
        if not isinstance(message, dict):
            return "callback_query without message"
    if not _has_id(message.get("chat")):
        return f"{kind} without chat"
    if kind != "callback_query" and not _has_id(message.get("from")):
        return f"{kind} without from"
    return None


def _chat_of(raw: dict[str, Any]) -> int:
    event = next(raw[k] for k in KINDS if k in raw)
    message = event.get("message") if "callback_query" in raw else event
    return int(message["chat"]["id"])


def _drop(tenant: str, raw: dict[str, Any], why: str) -> bool:
    # Telegram redelivers what is not answered 2xx, for ever: an update the bot cannot handle
    # is answered (False: nothing processed) and left, with a line in the log.
    log.warning("dropped update %s for %s: %s", raw.get("update_id"), tenant, why)
    return False


# What may pass if the same update comes again: the database or the network failing for a
# moment. The update is then not recorded (its scope rolls back) and the error goes up, so the
# webhook answers 5xx and Telegram redelivers it, or polling tries it again.
TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
)
SORRY = "Sorry, something went wrong with that. Please try again later, or send /help."


async def process_update(tenant: str, raw: dict[str, Any], *, token: str | None = None) -> bool:
    """Handle one update for `tenant`; False when its update_id was processed before, or when
    the update is one the bot cannot handle (dropped and logged, see `unhandled`). A handler
    that fails for any other reason than a `TRANSIENT` one would fail again on every redelivery,
    and Telegram holds the bot's later updates behind it: the update is recorded as processed,
    the worker told that it went wrong, and the error logged with its traceback."""
    why = unhandled(raw)
    if why is not None:
        return _drop(tenant, raw, why)
    try:
        return await _process(tenant, raw, token)
    except TRANSIENT:
        raise
    except Exception:
        log.exception("update %s for %s failed; recorded and answered with an apology", raw.get("update_id"), tenant)
        return await _apologise(tenant, raw)


async def _apologise(tenant: str, raw: dict[str, Any]) -> bool:
    event = next(raw[k] for k in KINDS if k in raw)
    language_code = (event.get("from") or {}).get("language_code")
    async with tenant_scope(tenant):
        if not await store.first_time(int(raw["update_id"])):
            return False
        await chat.say(_chat_of(raw), t(pick_language(None, language_code), SORRY))
    return True


async def _process(tenant: str, raw: dict[str, Any], token: str | None) -> bool:
    modules = await parts.modules_on(tenant)
    async with tenant_scope(tenant):
        token = token or await store.bot_token()
        bot = offline_bot(token)
        try:
            update = Update.model_validate(raw, context={"bot": bot})
        except ValidationError as exc:
            return _drop(tenant, raw, f"not a Telegram update ({exc.error_count()} error(s))")
        if not await store.first_time(int(raw["update_id"])):
            return False
        # Two taps of one user reaching two API processes: one after the other, so the
        # second sees the conversation state the first left.
        await store.lock_chat(f"{tenant}:{_chat_of(raw)}")
        await dispatcher().feed_update(bot, update, tenant=tenant, modules=modules, commands=parts.commands(modules))
        return True
