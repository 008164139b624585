"""Reps' part of the workers' bot: the constituent's anonymous evaluation ballot.

While an evaluation is open, each linked constituent gets one message per representative of
their constituency (the notice key makes it one): three verdict buttons in the worker's
language (满意, 基本满意, 不满意); the verdict chosen, the message turns into score buttons (0-100); the score chosen,
the ballot is cast through the service. A second ballot for the same representative is refused
by the database and the worker is told so in their language. The handlers are registered by
`router()` when a bot runs (aiogram is loaded there and nowhere else)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from server.bot.chat import Keyboard, ack, edit, ids, savepoint
from server.bot.store import LinkOut
from server.errors import DomainError
from server.modules.contract import Notice
from server.modules.reps import messages as msg
from server.modules.reps import service

if TYPE_CHECKING:
    from aiogram import Router
    from aiogram.types import CallbackQuery

VERDICTS = {
    "s": ("satisfied", msg.BOT_SATISFIED),
    "b": ("basic", msg.BOT_BASIC),
    "d": ("dissatisfied", msg.BOT_DISSATISFIED),
}
SCORES = [[100, 95, 90], [85, 80, 70], [60, 40, 0]]


def verdict_keyboard(lang: str, evaluation_id: int, representative_id: int) -> Keyboard:
    return [[(m.render(lang), f"rv:{evaluation_id}:{representative_id}:{k}") for k, (_, m) in VERDICTS.items()]]


def score_keyboard(evaluation_id: int, representative_id: int, verdict: str) -> Keyboard:
    return [[(str(s), f"rs:{evaluation_id}:{representative_id}:{verdict}:{s}") for s in row] for row in SCORES]


async def notices(member_ids: list[int]) -> list[Notice]:
    """A ballot for every representative a linked constituent has yet to evaluate."""
    return [
        Notice(
            member_id=d.member_id,
            key=f"reps:ballot:{d.evaluation_id}:{d.representative_id}:{d.member_id}",
            text_zh=msg.BOT_BALLOT.render("zh-CN", {"name": d.representative_name}),
            text_en=msg.BOT_BALLOT.render("en", {"name": d.representative_name}),
            buttons=verdict_keyboard("zh-CN", d.evaluation_id, d.representative_id),
            buttons_en=verdict_keyboard("en", d.evaluation_id, d.representative_id),
        )
        for d in await service.ballots_due(member_ids)
    ]


async def verdict_chosen(query: CallbackQuery, link: LinkOut | None, lang: str) -> None:
    await ack(query)
    try:
        _, ev, rep, verdict = (query.data or "").split(":")
        evaluation_id, representative_id = ids(ev, rep)
    except ValueError:
        return
    if verdict not in VERDICTS or link is None:
        return
    await edit(
        query,
        msg.BOT_SCORE.render(lang, {"verdict": VERDICTS[verdict][1].render(lang), "name": f"#{representative_id}"}),
        score_keyboard(evaluation_id, representative_id, verdict),
    )


async def score_chosen(query: CallbackQuery, link: LinkOut | None, lang: str) -> None:
    try:
        _, ev, rep, verdict, score = (query.data or "").split(":")
        (evaluation_id, representative_id), points = ids(ev, rep), int(score)
    except ValueError:
        await ack(query)
        return
    if verdict not in VERDICTS or link is None:
        await ack(query)
        return
    try:
        async with savepoint():
            await service.worker_ballot(
                evaluation_id,
                service.BallotIn(representative_id, link.member_id, VERDICTS[verdict][0], points),
            )
    except DomainError as exc:
        text = msg.BOT_REFUSED.render(lang, {"reason": exc.detail_in(lang)})
        await ack(query, text)
        await edit(query, text)
        return
    await ack(query)
    await edit(query, msg.BOT_THANKS.render(lang))


def router() -> Router:
    from aiogram import F, Router

    r = Router(name="reps")
    r.callback_query.register(verdict_chosen, F.data.startswith("rv:"))
    r.callback_query.register(score_chosen, F.data.startswith("rs:"))
    return r
