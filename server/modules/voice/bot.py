"""Voice's part of the workers' bot: filing a complaint step by step (`/new`), following one's
complaints (`/my`), rating an outcome, and the notices a worker gets when a complaint moves on.

The conversation's handlers are registered by `router()` when a bot runs (aiogram is loaded
there and nowhere else); `COMMANDS`, `notices` and `linked` are read by the channel at start-up.
The conversation state names are plain strings (`FileComplaint:text`), kept in PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.bot.chat import Keyboard, ack, edit, ids, menu_keyboard, not_linked, savepoint, say
from server.bot.i18n import N_, t
from server.bot.store import LinkOut, worker_actor
from server.errors import DomainError
from server.modules.contract import BotCommand, Notice
from server.modules.voice import service
from server.modules.voice.service import CATEGORY_NAMES, ComplaintIn, RatingIn

if TYPE_CHECKING:
    from aiogram import Router
    from aiogram.fsm.context import FSMContext
    from aiogram.types import CallbackQuery, Message

COMMANDS = (
    BotCommand("new", "提交诉求", "File a complaint"),
    BotCommand("my", "我的诉求", "My complaints"),
)

# The steps of filing a complaint (aiogram FSM state names).
CATEGORY = "FileComplaint:category"
TEXT = "FileComplaint:text"
ANONYMITY = "FileComplaint:anonymity"
CONFIRM = "FileComplaint:confirm"

STATUS_NAMES = {
    "submitted": N_("submitted to your enterprise union"),
    "ordered": N_("passed on to the federation in a demand order"),
    "accepted": N_("accepted by the federation"),
    "resolved": N_("resolved"),
}


def category_name(lang: str, category: str) -> str:
    zh, en = CATEGORY_NAMES.get(category, (category, category))
    return zh if lang == "zh-CN" else en


def status_name(lang: str, status: str) -> str:
    return t(lang, STATUS_NAMES.get(status, status))


# --- filing a complaint, step by step ----------------------------------------------------


def _category_keyboard(lang: str) -> Keyboard:
    names = [(category_name(lang, c), f"cat:{c}") for c in service.CATEGORIES]
    return [names[i : i + 2] for i in range(0, len(names), 2)]


async def _begin(chat_id: int, state: FSMContext, lang: str) -> None:
    await state.set_state(CATEGORY)
    await state.set_data({})
    await say(chat_id, t(lang, "Step 1 of 3. What is your complaint about?"), _category_keyboard(lang))


async def new_command(message: Message, state: FSMContext, link: LinkOut | None, lang: str) -> None:
    if link is None:
        await not_linked(message.chat.id, lang)
        return
    await _begin(message.chat.id, state, lang)


async def new_button(query: CallbackQuery, state: FSMContext, link: LinkOut | None, lang: str) -> None:
    await ack(query)
    if link is None:
        await not_linked(query.from_user.id, lang)
        return
    if query.message is not None:
        await _begin(query.message.chat.id, state, lang)


async def category_chosen(query: CallbackQuery, state: FSMContext, lang: str) -> None:
    category = (query.data or "").split(":", 1)[1]
    await ack(query)
    if category not in service.CATEGORIES:
        return
    await state.update_data(category=category)
    await state.set_state(TEXT)
    await edit(
        query,
        t(
            lang,
            "Category: {category}. Step 2 of 3. Describe the problem in one message.",
            category=category_name(lang, category),
        ),
    )


async def text_given(message: Message, state: FSMContext, lang: str) -> None:
    text = (message.text or "").strip()
    if not text or text.startswith("/"):
        await say(message.chat.id, t(lang, "Please describe the problem in words, or /cancel."))
        return
    await state.update_data(text=text[: service.MAX_TEXT])
    await state.set_state(ANONYMITY)
    await say(
        message.chat.id,
        t(lang, "Step 3 of 3. Should your enterprise union see your name?"),
        [[(t(lang, "Yes, show my name"), "anon:no"), (t(lang, "No, stay anonymous"), "anon:yes")]],
    )


async def anonymity_chosen(query: CallbackQuery, state: FSMContext, lang: str) -> None:
    anonymous = query.data == "anon:yes"
    data = await state.update_data(anonymous=anonymous)
    await state.set_state(CONFIRM)
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


async def confirmed(
    query: CallbackQuery,
    state: FSMContext,
    link: LinkOut | None,
    lang: str,
    tenant: str,
    commands: list[BotCommand],
) -> None:
    data = await state.get_data()
    await state.clear()
    await ack(query)
    if query.data != "confirm:yes" or link is None:
        await edit(query, t(lang, "Cancelled."), menu_keyboard(lang, commands))
        return
    try:
        async with savepoint():
            out = await service.file_complaint(
                ComplaintIn(category=data["category"], text=data["text"], anonymous=bool(data.get("anonymous"))),
                worker_actor(tenant, link),
                channel="telegram",
            )
    except DomainError as exc:
        await edit(query, t(lang, "Sorry, the complaint could not be filed: {reason}", reason=exc.detail_in(lang)))
        return
    await edit(
        query,
        t(
            lang,
            "Your complaint is filed. Reference number: {ref}. We will tell you here when its status changes.",
            ref=out.ref,
        ),
        menu_keyboard(lang, commands),
    )


async def stale_step(query: CallbackQuery, lang: str) -> None:
    await ack(query, t(lang, "This step has expired. Start again with /new."))


# --- my complaints, rating -------------------------------------------------------------


async def _my_complaints(
    chat_id: int, link: LinkOut | None, lang: str, tenant: str, commands: list[BotCommand]
) -> None:
    if link is None:
        await not_linked(chat_id, lang)
        return
    page = await service.list_complaints(worker_actor(tenant, link), limit=10)
    if not page.items:
        await say(chat_id, t(lang, "You have not filed any complaints yet."), menu_keyboard(lang, commands))
        return
    lines = [t(lang, "Your complaints:")]
    for c in page.items:
        lines.append(
            f"{c.ref} · {category_name(lang, c.category)} · {status_name(lang, c.status)}"
            + (f" · {'★' * c.rating}" if c.rating else "")
        )
    await say(chat_id, "\n".join(lines), menu_keyboard(lang, commands))


async def my_command(
    message: Message, link: LinkOut | None, lang: str, tenant: str, commands: list[BotCommand]
) -> None:
    await _my_complaints(message.chat.id, link, lang, tenant, commands)


async def my_button(
    query: CallbackQuery, link: LinkOut | None, lang: str, tenant: str, commands: list[BotCommand]
) -> None:
    await ack(query)
    if query.message is not None:
        await _my_complaints(query.message.chat.id, link, lang, tenant, commands)


def rating_keyboard(complaint_id: int) -> Keyboard:
    return [[("★" * n, f"rate:{complaint_id}:{n}") for n in range(1, 6)]]


async def rated(query: CallbackQuery, link: LinkOut | None, lang: str, tenant: str) -> None:
    try:
        _, complaint, stars = (query.data or "").split(":")
        (complaint_id,), rating = ids(complaint), int(stars)
    except ValueError:
        await ack(query)
        return
    if link is None:
        await ack(query, t(lang, "Link your account first: /link CODE"))
        return
    try:
        async with savepoint():
            out = await service.rate_complaint(complaint_id, RatingIn(rating=rating), worker_actor(tenant, link))
    except DomainError:
        await ack(query, t(lang, "This complaint cannot be rated (again)."))
        return
    await ack(query, t(lang, "Thank you!"))
    await edit(query, t(lang, "You rated the outcome of {ref}: {stars}. Thank you!", ref=out.ref, stars="★" * rating))


def router() -> Router:
    """The conversation's handlers, in the order aiogram tries them."""
    from aiogram import F, Router
    from aiogram.filters import Command, StateFilter

    r = Router(name="voice")
    r.message.register(new_command, Command("new"))
    r.callback_query.register(new_button, F.data == "menu:new")
    r.callback_query.register(category_chosen, StateFilter(CATEGORY), F.data.startswith("cat:"))
    r.message.register(text_given, StateFilter(TEXT), F.text)
    r.callback_query.register(anonymity_chosen, StateFilter(ANONYMITY), F.data.startswith("anon:"))
    r.callback_query.register(confirmed, StateFilter(CONFIRM), F.data.startswith("confirm:"))
    r.callback_query.register(stale_step, F.data.startswith(("cat:", "anon:", "confirm:")))
    r.message.register(my_command, Command("my"))
    r.callback_query.register(my_button, F.data == "menu:my")
    r.callback_query.register(rated, F.data.startswith("rate:"))
    return r


# --- notices, rendered in both languages (the channel picks the worker's) -----------------


def render_notice(kind: str, params: dict[str, Any], lang: str) -> str:
    if kind == "payment":
        yuan = f"{params.get('amount_fen', 0) / 100:,.2f}"
        return t(lang, "A payment has reached you: {title}, {yuan} yuan.", title=params.get("title", ""), yuan=yuan)
    ref = params.get("ref", "")
    if kind == "resolved":
        return t(
            lang,
            "Your complaint {ref} is resolved: {resolution}\nHow satisfied are you with the outcome?",
            ref=ref,
            resolution=params.get("resolution", ""),
        )
    text = t(lang, "Your complaint {ref} is now {status}.", ref=ref, status=status_name(lang, params.get("status", "")))
    if params.get("due_on"):
        text += "\n" + t(lang, "It is due to be resolved by {due}.", due=params["due_on"])
    return text


async def notices(member_ids: list[int]) -> list[Notice]:
    """The undelivered notices of these linked workers (claimed in the caller's transaction)."""
    return [
        Notice(
            member_id=n.member_id,
            key=f"notice:{n.id}",
            text_zh=render_notice(n.kind, n.params, "zh-CN"),
            text_en=render_notice(n.kind, n.params, "en"),
            buttons=rating_keyboard(int(n.params["complaint_id"])) if n.kind == "resolved" else None,
        )
        for n in await service.claim_notices(member_ids)
    ]


async def linked(member_id: int) -> None:
    """A worker who just linked their chat is not sent the notices of before."""
    await service.mark_notices_delivered(member_id)
