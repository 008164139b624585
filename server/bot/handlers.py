"""What the bot does with each update (aiogram 3 routers and FSM).

Every handler runs inside the tenant's scope opened by `dispatch.process_update`,
so one update is one transaction: the processed update id, the conversation
state, the domain change and the queued replies commit together or not at all.
Replies are never sent from here: they are queued in the voice outbox
(`telegram.enqueue`) and sent by an arq job within Telegram's rate limits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, TelegramObject, Update

from server.bot.i18n import N_, pick_language, t
from server.errors import DomainError
from server.infra.db import DB
from server.modules.voice import service, telegram
from server.modules.voice.service import CATEGORY_NAMES, ComplaintIn, RatingIn

router = Router(name="voice")

STATUS_NAMES = {
    "submitted": N_("submitted to your enterprise union"),
    "ordered": N_("passed on to the federation in a demand order"),
    "accepted": N_("accepted by the federation"),
    "resolved": N_("resolved"),
}


class FileComplaint(StatesGroup):
    category = State()
    text = State()
    anonymity = State()
    confirm = State()


@asynccontextmanager
async def savepoint() -> AsyncIterator[None]:
    """A refused service call must not abort the update's transaction."""
    sp = await DB.current_transaction.get().savepoint()
    try:
        yield
    except BaseException:
        await sp.rollback_to()
        raise
    else:
        await sp.release()


class Context(BaseMiddleware):
    """Puts the linked account and the user's language into every handler's data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        link = await telegram.get_link(user.id) if user else None
        if link is not None and user.language_code and user.language_code != link.telegram_language:
            await telegram.seen_language(user.id, user.language_code)
        data["link"] = link
        data["lang"] = pick_language(link.language if link else None, user.language_code if user else None)
        return await handler(event, data)


router.message.outer_middleware(Context())
router.callback_query.outer_middleware(Context())


# --- replies (through the outbox) ---------------------------------------------------


def _markup(rows: list[list[tuple[str, str]]] | None) -> dict[str, Any] | None:
    if not rows:
        return None
    kb = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data) for label, data in row] for row in rows]
    )
    return kb.model_dump(exclude_none=True)


async def say(
    chat_id: int, text: str, keyboard: list[list[tuple[str, str]]] | None = None, *, key: str | None = None
) -> None:
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
    markup = _markup(keyboard)
    if markup:
        payload["reply_markup"] = markup
    await telegram.enqueue(chat_id, "sendMessage", payload, key=key)


async def edit(query: CallbackQuery, text: str, keyboard: list[list[tuple[str, str]]] | None = None) -> None:
    if query.message is None:
        return
    payload: dict[str, Any] = {"chat_id": query.message.chat.id, "message_id": query.message.message_id, "text": text}
    markup = _markup(keyboard)
    if markup:
        payload["reply_markup"] = markup
    await telegram.enqueue(query.message.chat.id, "editMessageText", payload)


async def ack(query: CallbackQuery, text: str | None = None) -> None:
    payload: dict[str, Any] = {"callback_query_id": query.id}
    if text:
        payload["text"] = text
    await telegram.enqueue(query.from_user.id, "answerCallbackQuery", payload)


def menu_keyboard(lang: str) -> list[list[tuple[str, str]]]:
    return [
        [(t(lang, "File a complaint"), "menu:new"), (t(lang, "My complaints"), "menu:my")],
        [(t(lang, "Language / 语言"), "menu:lang")],
    ]


def category_name(lang: str, category: str) -> str:
    zh, en = CATEGORY_NAMES.get(category, (category, category))
    return zh if lang == "zh-CN" else en


def status_name(lang: str, status: str) -> str:
    return t(lang, STATUS_NAMES.get(status, status))


async def show_menu(chat_id: int, lang: str) -> None:
    await say(chat_id, t(lang, "What would you like to do?"), menu_keyboard(lang))


async def not_linked(chat_id: int, lang: str) -> None:
    await say(
        chat_id,
        t(
            lang,
            "Welcome to the workers' service of your trade union. To start, ask your union "
            "for a link code and send it here as: /link CODE",
        ),
    )


# --- linking and language -------------------------------------------------------------


async def _link(message: Message, code: str, lang: str) -> None:
    user = message.from_user
    try:
        async with savepoint():
            linked = await telegram.redeem_link_code(
                code, telegram_user_id=user.id, chat_id=message.chat.id, telegram_language=user.language_code
            )
            await service.mark_notices_delivered(linked.member_id)
    except DomainError:
        await say(message.chat.id, t(lang, "That code is unknown, used or expired. Ask your union for a new one."))
        return
    await say(
        message.chat.id,
        t(lang, "Your account is linked. You can now file complaints and follow them here."),
        menu_keyboard(lang),
    )


@router.message(CommandStart())
async def start(
    message: Message, command: CommandObject, link: telegram.LinkOut | None, lang: str, state: FSMContext
) -> None:
    await state.clear()
    if command.args:
        await _link(message, command.args, lang)
    elif link is None:
        await not_linked(message.chat.id, lang)
    else:
        await show_menu(message.chat.id, lang)


@router.message(Command("link"))
async def link_command(message: Message, command: CommandObject, lang: str) -> None:
    if not command.args:
        await say(message.chat.id, t(lang, "Send the code your union gave you as: /link CODE"))
        return
    await _link(message, command.args, lang)


def _language_keyboard() -> list[list[tuple[str, str]]]:
    return [[("中文", "lang:zh-CN"), ("English", "lang:en")]]


@router.message(Command("lang"))
async def lang_command(message: Message, command: CommandObject, link: telegram.LinkOut | None, lang: str) -> None:
    choice = {"zh": "zh-CN", "zh-cn": "zh-CN", "cn": "zh-CN", "en": "en"}.get((command.args or "").strip().lower())
    if choice and link is not None:
        await telegram.set_language(message.from_user.id, choice)
        await say(message.chat.id, t(choice, "Language set to English."))
        return
    await say(message.chat.id, t(lang, "Choose your language:"), _language_keyboard())


@router.callback_query(F.data == "menu:lang")
async def lang_menu(query: CallbackQuery, lang: str) -> None:
    await ack(query)
    await edit(query, t(lang, "Choose your language:"), _language_keyboard())


@router.callback_query(F.data.startswith("lang:"))
async def lang_chosen(query: CallbackQuery, link: telegram.LinkOut | None, lang: str) -> None:
    choice = query.data.split(":", 1)[1]
    if link is None:
        await ack(query, t(lang, "Link your account first: /link CODE"))
        return
    await telegram.set_language(query.from_user.id, choice)
    await ack(query)
    await edit(query, t(choice, "Language set to English."), menu_keyboard(choice))


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, lang: str) -> None:
    await state.clear()
    await say(message.chat.id, t(lang, "Cancelled."), menu_keyboard(lang))


# --- filing a complaint, step by step ----------------------------------------------------


def _category_keyboard(lang: str) -> list[list[tuple[str, str]]]:
    names = [(category_name(lang, c), f"cat:{c}") for c in service.CATEGORIES]
    return [names[i : i + 2] for i in range(0, len(names), 2)]


async def _begin(chat_id: int, state: FSMContext, lang: str) -> None:
    await state.set_state(FileComplaint.category)
    await state.set_data({})
    await say(chat_id, t(lang, "Step 1 of 3. What is your complaint about?"), _category_keyboard(lang))


@router.message(Command("new"))
async def new_command(message: Message, state: FSMContext, link: telegram.LinkOut | None, lang: str) -> None:
    if link is None:
        await not_linked(message.chat.id, lang)
        return
    await _begin(message.chat.id, state, lang)


@router.callback_query(F.data == "menu:new")
async def new_button(query: CallbackQuery, state: FSMContext, link: telegram.LinkOut | None, lang: str) -> None:
    await ack(query)
    if link is None:
        await not_linked(query.from_user.id, lang)
        return
    await _begin(query.message.chat.id, state, lang)


@router.callback_query(FileComplaint.category, F.data.startswith("cat:"))
async def category_chosen(query: CallbackQuery, state: FSMContext, lang: str) -> None:
    category = query.data.split(":", 1)[1]
    await ack(query)
    if category not in service.CATEGORIES:
        return
    await state.update_data(category=category)
    await state.set_state(FileComplaint.text)
    await edit(
        query,
        t(
            lang,
            "Category: {category}. Step 2 of 3. Describe the problem in one message.",
            category=category_name(lang, category),
        ),
    )


@router.message(FileComplaint.text, F.text)
async def text_given(message: Message, state: FSMContext, lang: str) -> None:
    text = message.text.strip()
    if not text or text.startswith("/"):
        await say(message.chat.id, t(lang, "Please describe the problem in words, or /cancel."))
        return
    await state.update_data(text=text[: service.MAX_TEXT])
    await state.set_state(FileComplaint.anonymity)
    await say(
        message.chat.id,
        t(lang, "Step 3 of 3. Should your enterprise union see your name?"),
        [[(t(lang, "Yes, show my name"), "anon:no"), (t(lang, "No, stay anonymous"), "anon:yes")]],
    )


@router.callback_query(FileComplaint.anonymity, F.data.startswith("anon:"))
async def anonymity_chosen(query: CallbackQuery, state: FSMContext, lang: str) -> None:
    anonymous = query.data == "anon:yes"
    data = await state.update_data(anonymous=anonymous)
    await state.set_state(FileComplaint.confirm)
    await ack(query)
    who = t(lang, "anonymous towards your enterprise union") if anonymous else t(lang, "with your name")
    await edit(
        query,
        t(
            lang,
            "Please check your complaint:\nCategory: {category}\n{text}\nFiled {who}.",
            category=category_name(lang, data["category"]),
            text=data["text"],
            who=who,
        ),
        [[(t(lang, "Submit"), "confirm:yes"), (t(lang, "Cancel"), "confirm:no")]],
    )


@router.callback_query(FileComplaint.confirm, F.data.startswith("confirm:"))
async def confirmed(
    query: CallbackQuery, state: FSMContext, link: telegram.LinkOut | None, lang: str, tenant: str
) -> None:
    data = await state.get_data()
    await state.clear()
    await ack(query)
    if query.data != "confirm:yes" or link is None:
        await edit(query, t(lang, "Cancelled."), menu_keyboard(lang))
        return
    try:
        async with savepoint():
            out = await service.file_complaint(
                ComplaintIn(category=data["category"], text=data["text"], anonymous=bool(data.get("anonymous"))),
                telegram.worker_actor(tenant, link),
                channel="telegram",
            )
    except DomainError as exc:
        await edit(query, t(lang, "Sorry, the complaint could not be filed: {reason}", reason=exc.detail))
        return
    await edit(
        query,
        t(
            lang,
            "Your complaint is filed. Reference number: {ref}. We will tell you here when its status changes.",
            ref=out.ref,
        ),
        menu_keyboard(lang),
    )


@router.callback_query(F.data.startswith(("cat:", "anon:", "confirm:")))
async def stale_step(query: CallbackQuery, lang: str) -> None:
    await ack(query, t(lang, "This step has expired. Start again with /new."))


# --- my complaints, rating -------------------------------------------------------------


async def _my_complaints(chat_id: int, link: telegram.LinkOut | None, lang: str, tenant: str) -> None:
    if link is None:
        await not_linked(chat_id, lang)
        return
    page = await service.list_complaints(telegram.worker_actor(tenant, link), limit=10)
    if not page.items:
        await say(chat_id, t(lang, "You have not filed any complaints yet."), menu_keyboard(lang))
        return
    lines = [t(lang, "Your complaints:")]
    for c in page.items:
        lines.append(
            f"{c.ref} · {category_name(lang, c.category)} · {status_name(lang, c.status)}"
            + (f" · {'★' * c.rating}" if c.rating else "")
        )
    await say(chat_id, "\n".join(lines), menu_keyboard(lang))


@router.message(Command("my"))
async def my_command(message: Message, link: telegram.LinkOut | None, lang: str, tenant: str) -> None:
    await _my_complaints(message.chat.id, link, lang, tenant)


@router.callback_query(F.data == "menu:my")
async def my_button(query: CallbackQuery, link: telegram.LinkOut | None, lang: str, tenant: str) -> None:
    await ack(query)
    await _my_complaints(query.message.chat.id, link, lang, tenant)


def rating_keyboard(complaint_id: int) -> list[list[tuple[str, str]]]:
    return [[("★" * n, f"rate:{complaint_id}:{n}") for n in range(1, 6)]]


@router.callback_query(F.data.startswith("rate:"))
async def rated(query: CallbackQuery, link: telegram.LinkOut | None, lang: str, tenant: str) -> None:
    try:
        _, complaint_id, rating = query.data.split(":")
        complaint_id, rating = int(complaint_id), int(rating)
    except ValueError:
        await ack(query)
        return
    if link is None:
        await ack(query, t(lang, "Link your account first: /link CODE"))
        return
    try:
        async with savepoint():
            out = await service.rate_complaint(
                complaint_id, RatingIn(rating=rating), telegram.worker_actor(tenant, link)
            )
    except DomainError:
        await ack(query, t(lang, "This complaint cannot be rated (again)."))
        return
    await ack(query, t(lang, "Thank you!"))
    await edit(query, t(lang, "You rated the outcome of {ref}: {stars}. Thank you!", ref=out.ref, stars="★" * rating))


# --- anything else ----------------------------------------------------------------------


@router.message()
async def anything_else(message: Message, link: telegram.LinkOut | None, lang: str) -> None:
    if link is None:
        await not_linked(message.chat.id, lang)
    else:
        await show_menu(message.chat.id, lang)


@router.callback_query()
async def unknown_button(query: CallbackQuery) -> None:
    await ack(query)


# --- notices from the voice service, rendered in the worker's language -------------------


def render_notice(kind: str, params: dict[str, Any], lang: str) -> tuple[str, list[list[tuple[str, str]]] | None]:
    if kind == "payment":
        yuan = f"{params.get('amount_fen', 0) / 100:,.2f}"
        return t(
            lang, "A payment has reached you: {title}, {yuan} yuan.", title=params.get("title", ""), yuan=yuan
        ), None
    ref = params.get("ref", "")
    if kind == "resolved":
        text = t(
            lang,
            "Your complaint {ref} is resolved: {resolution}\nHow satisfied are you with the outcome?",
            ref=ref,
            resolution=params.get("resolution", ""),
        )
        return text, rating_keyboard(int(params["complaint_id"]))
    text = t(lang, "Your complaint {ref} is now {status}.", ref=ref, status=status_name(lang, params.get("status", "")))
    if params.get("due_on"):
        text += "\n" + t(lang, "It is due to be resolved by {due}.", due=params["due_on"])
    return text, None


__all__ = ["router", "render_notice", "Update"]
