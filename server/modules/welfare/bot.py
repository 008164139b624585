"""Welfare's part of the workers' bot: a linked worker is told when a relief payment reached
them (送温暖、救助款到账). No commands and no conversation: notices only.

The payouts settled as paid in the last hour are looked at on every delivery; the notice key
(the payout) makes each one told once, however often delivery runs."""

from __future__ import annotations

import datetime as dt

from server.bot.i18n import t
from server.modules.contract import Notice
from server.modules.welfare import disbursement

PAYMENT_WINDOW = dt.timedelta(hours=1)


def payment_text(lang: str, title: str, amount_fen: int) -> str:
    yuan = f"{amount_fen / 100:,.2f}"
    return t(lang, "A payment has reached you: {title}, {yuan} yuan.", title=title, yuan=yuan)


async def notices(member_ids: list[int]) -> list[Notice]:
    since = dt.datetime.now(dt.UTC) - PAYMENT_WINDOW
    return [
        Notice(
            member_id=p.member_id,
            key=f"welfare:payout:{p.payout_id}",
            text_zh=payment_text("zh-CN", p.title, p.amount_fen),
            text_en=payment_text("en", p.title, p.amount_fen),
        )
        for p in await disbursement.paid_to_members(member_ids, since=since)
    ]
