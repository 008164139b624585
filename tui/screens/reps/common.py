"""What the reps screens share: the words for states and kinds, and a day as text."""

from __future__ import annotations

import datetime as dt

from tui.i18n import L

NONE = "—"
YES = "✓"

ELECTION_STATES = {
    "nominating": L("提名中", "nominating"),
    "open": L("投票中", "voting"),
    "runoff": L("再次投票", "runoff"),
    "tallied": L("已计票", "counted"),
    "published": L("已公布", "published"),
}
ELECTION_KINDS = {"regular": L("换届选举", "regular"), "by_election": L("补选", "by-election")}
REP_STATES = {"seated": L("在任", "seated"), "recalled": L("已罢免", "recalled")}
EVALUATION_STATES = {"open": L("进行中", "open"), "closed": L("已结束", "closed")}
PROPOSAL_STATES = {
    "filed": L("已提交", "filed"),
    "accepted": L("已立案", "accepted"),
    "adopted": L("已采纳", "adopted"),
    "rejected": L("未采纳", "rejected"),
}
DUTIES = {
    "meeting": L("参加会议", "meeting"),
    "proposal": L("提出提案", "proposal"),
    "visit": L("走访职工", "visit"),
    "training": L("培训", "training"),
}
REWARD_REASONS = {
    "evaluation": L("评议 90 分以上", "evaluation score 90+"),
    "proposal": L("优秀提案", "excellent proposal"),
}
VERDICTS = {
    "satisfied": L("满意", "satisfied"),
    "basic": L("基本满意", "basically satisfied"),
    "dissatisfied": L("不满意", "dissatisfied"),
}


def word(words: dict[str, L], code: str) -> str:
    return str(words[code]) if code in words else code


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else NONE
