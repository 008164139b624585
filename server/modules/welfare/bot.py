"""Welfare's part of the workers' bot: a linked worker is told when a relief payment reached
them (送温暖、救助款到账). No commands and no conversation: notices only.

Each paid payout is told once: delivery claims the paid payouts of linked workers not told yet
(`payout.told_at`) in the transaction that queues their messages, so a payout settled while the
bot or the worker was down is told when delivery runs again, and a delivery run twice, or killed
before it commits, tells nothing twice (the outbox's notice key guards a second time).

A worker who links their chat after being paid is told of the payments of the last
`TOLD_ON_LINK` (a relief payment of last week is news they want; years of history is not): the
older ones are marked told, without a word, when they link."""

from __future__ import annotations

import datetime as dt

from server.bot.i18n import t
from server.modules.contract import Notice
from server.modules.welfare import disbursement

TOLD_ON_LINK = dt.timedelta(days=30)


def payment_text(lang: str, title: str, amount_fen: int) -> str:
    yuan = f"{amount_fen / 100:,.2f}"
    return t(lang, "A payment has reached you: {title}, {yuan} yuan.", title=title, yuan=yuan)


async def notices(member_ids: list[int]) -> list[Notice]:
    """The paid payouts these linked workers were not told of (claimed in the caller's transaction)."""
    return [
        Notice(
            member_id=p.member_id,
            key=f"welfare:payout:{p.payout_id}",
            text_zh=payment_text("zh-CN", p.title, p.amount_fen),
            text_en=payment_text("en", p.title, p.amount_fen),
        )
        for p in await disbursement.claim_paid_untold(member_ids)
    ]


async def linked(member_id: int) -> None:
    """A worker who just linked their chat is told of the payments of the last `TOLD_ON_LINK` only."""
    await disbursement.mark_told_before(member_id, dt.datetime.now(dt.UTC) - TOLD_ON_LINK)
