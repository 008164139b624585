"""Skills' part of the workers' bot: a linked worker is told when an approved reward run
rewards their certificate or honour (凤城工匠助推奖励). No commands and no conversation:
notices only, like welfare's payment notices (welfare, when on, tells of the payment itself).

The runs approved in the last hour are looked at on every delivery; the notice key (the reward
line) makes each reward told once, however often delivery runs."""

from __future__ import annotations

import datetime as dt

from server.bot.i18n import t
from server.modules.contract import Notice
from server.modules.skills import service
from server.modules.skills.service.rewards import MEMO
from server.modules.skills.service.shared import LEVELS

REWARD_WINDOW = dt.timedelta(hours=1)


def reward_text(lang: str, reward: service.MemberReward) -> str:
    yuan = f"{reward.amount_fen / 100:,.2f}"
    if reward.honour is not None:
        return t(
            lang,
            "You have been awarded a skills reward of {yuan} yuan for the honour {honour}; it will be paid to your bank account.",
            yuan=yuan,
            honour=reward.honour,
            memo=MEMO,
        )
    return t(
        lang,
        "You have been awarded a skills reward of {yuan} yuan for your certificate {number} (level {level}); "
        "it will be paid to your bank account.",
        yuan=yuan,
        number=reward.number or "",
        level=reward.level,
        level_name=LEVELS.get(reward.level or 0, ""),
        memo=MEMO,
    )


async def notices(member_ids: list[int]) -> list[Notice]:
    since = dt.datetime.now(dt.UTC) - REWARD_WINDOW
    return [
        Notice(
            member_id=r.member_id,
            key=f"skills:reward:{r.line_id}",
            text_zh=reward_text("zh-CN", r),
            text_en=reward_text("en", r),
        )
        for r in await service.rewards_of_members(member_ids, since=since)
    ]
