"""Talking in a chat, for the channel's handlers and every module's (`server/modules/<name>/bot.py`):
replies go into the outbox (`store.enqueue`), never straight to Telegram, so they commit with
the update's transaction and an arq job sends them within Telegram's limits.

No aiogram import here: a module's bot part imports this at start-up, and aiogram is loaded
only when a bot runs. The query and message objects are aiogram's, used by their attributes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from server.bot import store
from server.bot.i18n import t
from server.infra.db import DB
from server.infra.types import ID_MAX
from server.modules.contract import BotCommand

Keyboard = list[list[tuple[str, str]]]  # rows of (label, callback data)


def ids(*parts: str) -> tuple[int, ...]:
    """The record ids a button's callback data carries; ValueError unless each is a whole number
    an id column can hold (1 … 2³¹−1). Anyone can send any callback data: an id beyond the column
    made PostgreSQL refuse the query, the webhook answered 4xx and Telegram redelivered the
    update for ever."""
    out = tuple(int(p) for p in parts)
    if not all(1 <= i <= ID_MAX for i in out):
        raise ValueError(f"not an id: {parts}")
    return out


def markup(rows: Keyboard | None) -> dict[str, Any] | None:
    """An inline keyboard as the Bot API takes it."""
    if not rows:
        return None
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row] for row in rows]}


def message_payload(chat_id: int, text: str, keyboard: Keyboard | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if keyboard:
        payload["reply_markup"] = markup(keyboard)
    return payload


async def say(chat_id: int, text: str, keyboard: Keyboard | None = None, *, key: str | None = None) -> None:
    await store.enqueue(chat_id, "sendMessage", message_payload(chat_id, text, keyboard), key=key)


async def edit(query: Any, text: str, keyboard: Keyboard | None = None) -> None:
    """Replace the text (and keyboard) of the message whose button was pressed."""
    if query.message is None:
        return
    chat_id = query.message.chat.id
    payload = message_payload(chat_id, text, keyboard)
    payload["message_id"] = query.message.message_id
    await store.enqueue(chat_id, "editMessageText", payload)


async def ack(query: Any, text: str | None = None) -> None:
    """Answer a button press (Telegram shows a spinner until it is answered)."""
    payload: dict[str, Any] = {"callback_query_id": query.id}
    if text:
        payload["text"] = text
    await store.enqueue(query.from_user.id, "answerCallbackQuery", payload)


def label(lang: str, command: BotCommand) -> str:
    return command.zh if lang == "zh-CN" else command.en


def menu_keyboard(lang: str, commands: Sequence[BotCommand]) -> Keyboard:
    """The main menu: a button for each command of the modules the tenant has on, then the language."""
    buttons = [(label(lang, c), f"menu:{c.command}") for c in commands if c.menu]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return [*rows, [(t(lang, "Language / 语言"), "menu:lang")]]


async def show_menu(chat_id: int, lang: str, commands: Sequence[BotCommand]) -> None:
    await say(chat_id, t(lang, "What would you like to do?"), menu_keyboard(lang, commands))


async def not_linked(chat_id: int, lang: str) -> None:
    await say(
        chat_id,
        t(
            lang,
            "Welcome to the workers' service of your trade union. To start, ask your union "
            "for a link code and send it here as: /link CODE",
        ),
    )


@asynccontextmanager
async def savepoint() -> AsyncIterator[None]:
    """A refused service call must not abort the update's transaction."""
    transaction = DB.current_transaction.get()
    assert transaction is not None, "handlers run inside the update's tenant scope"
    sp = await transaction.savepoint()
    try:
        yield
    except BaseException:
        await sp.rollback_to()
        raise
    else:
        await sp.release()
