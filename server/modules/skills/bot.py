"""Skills' part of the workers' bot: a linked worker is told when an approved reward run
rewards their certificate or honour (凤城工匠助推奖励). No commands and no conversation:
notices only, like welfare's payment notices (welfare, when on, tells of the payment itself).

Each reward is told once: delivery claims the reward lines of approved runs not told yet
(`skill_reward_line.told_at`) in the transaction that queues their messages, so a run approved
while the bot or the worker was down is told when delivery runs again, and a delivery run twice,
or killed before it commits, tells nothing twice (the outbox's notice key guards a second time).

A worker who links their chat after a run rewarded them is told of the runs approved in the last
`TOLD_ON_LINK`, as welfare tells its payments: the older rewards are marked told when they link."""

from __future__ import annotations

import datetime as dt

from server.bot.i18n import t
from server.modules.contract import Notice
from server.modules.skills import service
from server.modules.skills.service.rewards import MEMO
from server.modules.skills.service.shared import LEVELS

TOLD_ON_LINK = dt.timedelta(days=30)


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
    """The rewards these linked workers were not told of (claimed in the caller's transaction)."""
    return [
        Notice(
            member_id=r.member_id,
            key=f"skills:reward:{r.line_id}",
            text_zh=reward_text("zh-CN", r),
            text_en=reward_text("en", r),
        )
        for r in await service.claim_untold_rewards(member_ids)
    ]


async def linked(member_id: int) -> None:
    """A worker who just linked their chat is told of the rewards of the last `TOLD_ON_LINK` only."""
    await service.mark_rewards_told_before(member_id, dt.datetime.now(dt.UTC) - TOLD_ON_LINK)
