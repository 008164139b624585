"""The channel's own handlers (aiogram 3): `/start`, `/link`, `/lang`, `/help`, `/cancel`, and
what the bot answers when no module's handler took an update.

Every handler runs inside the tenant's scope opened by `dispatch.process_update`, so one update
is one transaction: the processed update id, the conversation state, the domain change and the
queued replies commit together or not at all. Replies are queued in the outbox (`server.bot.chat`)
and sent by an arq job within Telegram's rate limits. Handlers find in their data the linked
account (`link`), the user's language (`lang`), the tenant, the modules it has on (`modules`)
and their commands (`commands`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from server.bot import chat, parts, store
from server.bot.chat import ack, edit, menu_keyboard, not_linked, say, show_menu
from server.bot.i18n import pick_language, t
from server.errors import DomainError
from server.modules.contract import BotCommand

# The channel's commands, listed by /help before the modules' (not menu buttons: the menu has its own).
COMMANDS = (
    BotCommand("start", "开始，显示菜单", "start, show the menu", menu=False),
    BotCommand("link", "绑定账号：/link 绑定码", "link your account: /link CODE", menu=False),
    BotCommand("lang", "选择语言", "choose your language", menu=False),
    BotCommand("cancel", "取消当前操作", "cancel what you are doing", menu=False),
    BotCommand("help", "显示可用的命令", "show the commands", menu=False),
)

router = Router(name="channel")
fallback = Router(name="fallback")  # included after every module's router


class Context(BaseMiddleware):
    """Puts the linked account and the user's language into every handler's data, and ends a
    half-filled form when a command arrives."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        link = await store.get_link(user.id) if user else None
        if (
            user is not None
            and link is not None
            and (seen := store.language_tag(user.language_code))
            and seen != link.telegram_language
        ):
            await store.seen_language(user.id, seen)
        data["link"] = link
        data["lang"] = pick_language(link.language if link else None, user.language_code if user else None)
        if isinstance(event, Message):
            await _end_form_on_command(event, data)
        return await handler(event, data)


async def _end_form_on_command(message: Message, data: dict[str, Any]) -> None:
    """A command sent in the middle of a form (a complaint half filled in) ends the form first, so
    the command does what it says (`/cancel` only ends it; `/my`, `/help` ... answer as ever)."""
    state: FSMContext | None = data.get("state")
    text = message.text or ""
    if not text.startswith("/") or state is None or await state.get_state() is None:
        return
    await state.clear()
    data["raw_state"] = None  # what the state filters read, taken before this middleware ran
    if not text.startswith("/cancel"):
        await say(message.chat.id, t(data["lang"], "The form you were filling in is closed; nothing was sent."))


# --- linking ---------------------------------------------------------------------------


async def _link(message: Message, code: str, lang: str, commands: Sequence[BotCommand]) -> None:
    user = message.from_user
    if user is None:
        return
    try:
        async with chat.savepoint():
            linked = await store.redeem_link_code(
                code, telegram_user_id=user.id, chat_id=message.chat.id, telegram_language=user.language_code
            )
            # What each module kept for this worker before they linked is not replayed now.
            for part in parts.all_parts().values():
                if part.linked is not None:
                    await part.linked(linked.member_id)
    except DomainError:
        await say(message.chat.id, t(lang, "That code is unknown, used or expired. Ask your union for a new one."))
        return
    await say(
        message.chat.id,
        t(lang, "Your account is linked. Choose what to do below, or send /help."),
        menu_keyboard(lang, commands),
    )


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    link: store.LinkOut | None,
    lang: str,
    state: FSMContext,
    commands: list[BotCommand],
) -> None:
    await state.clear()
    if command.args:
        await _link(message, command.args, lang, commands)
    elif link is None:
        await not_linked(message.chat.id, lang)
    else:
        await show_menu(message.chat.id, lang, commands)


@router.message(Command("link"))
async def link_command(message: Message, command: CommandObject, lang: str, commands: list[BotCommand]) -> None:
    if not command.args:
        await say(message.chat.id, t(lang, "Send the code your union gave you as: /link CODE"))
        return
    await _link(message, command.args, lang, commands)


# --- language ----------------------------------------------------------------------------


def _language_keyboard() -> chat.Keyboard:
    return [[("中文", "lang:zh-CN"), ("English", "lang:en")]]


@router.message(Command("lang"))
async def lang_command(message: Message, command: CommandObject, link: store.LinkOut | None, lang: str) -> None:
    choice = {"zh": "zh-CN", "zh-cn": "zh-CN", "cn": "zh-CN", "en": "en"}.get((command.args or "").strip().lower())
    if choice and link is not None and message.from_user is not None:
        await store.set_language(message.from_user.id, choice)
        await say(message.chat.id, t(choice, "Language set to English."))
        return
    await say(message.chat.id, t(lang, "Choose your language:"), _language_keyboard())


@router.callback_query(F.data == "menu:lang")
async def lang_menu(query: CallbackQuery, lang: str) -> None:
    await ack(query)
    await edit(query, t(lang, "Choose your language:"), _language_keyboard())


@router.callback_query(F.data.startswith("lang:"))
async def lang_chosen(query: CallbackQuery, link: store.LinkOut | None, lang: str, commands: list[BotCommand]) -> None:
    choice = (query.data or "").split(":", 1)[1]
    if link is None:
        await ack(query, t(lang, "Link your account first: /link CODE"))
        return
    await store.set_language(query.from_user.id, choice)
    await ack(query)
    await edit(query, t(choice, "Language set to English."), menu_keyboard(choice, commands))


# --- help and cancel ---------------------------------------------------------------------


def help_text(lang: str, commands: Sequence[BotCommand]) -> str:
    lines = [t(lang, "Commands:")]
    lines += [f"/{c.command} — {chat.label(lang, c)}" for c in (*COMMANDS, *commands)]
    return "\n".join(lines)


@router.message(Command("help"))
async def help_command(message: Message, lang: str, commands: list[BotCommand]) -> None:
    await say(message.chat.id, help_text(lang, commands))


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, lang: str, commands: list[BotCommand]) -> None:
    await state.clear()
    await say(message.chat.id, t(lang, "Cancelled."), menu_keyboard(lang, commands))


# --- anything else ----------------------------------------------------------------------


@fallback.message()
async def anything_else(message: Message, link: store.LinkOut | None, lang: str, commands: list[BotCommand]) -> None:
    if link is None:
        await not_linked(message.chat.id, lang)
    else:
        await show_menu(message.chat.id, lang, commands)


@fallback.callback_query()
async def unknown_button(query: CallbackQuery) -> None:
    await ack(query)
