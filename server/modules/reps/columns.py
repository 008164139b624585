"""The words of reps' export columns and of its code columns' values (`CODES`) (the header row of each `…/export`,
server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue
from server.modules.reps.tables import Duty, Election, Evaluation, Proposal, Representative, Reward

COLUMNS = column_catalogue(
    {
        "CongressOut.name": ("职代会届次", "Congress"),
        "conditions": ("代表条件", "Conditions"),
        "min_level": ("最低职业资格等级", "Minimum qualification level"),
        "term_in_rules": ("任期写入章程", "Term in the rules"),
        "rewards_promised": ("承诺奖励", "Rewards promised"),
        "congress_id": ("职代会编号", "Congress ID"),
        "ConstituencyOut.name": ("选区", "Constituency"),
        "seats": ("名额", "Seats"),
        "constituency_id": ("选区编号", "Constituency ID"),
        "constituency_name": ("选区", "Constituency"),
        "trained_on": ("培训日期", "Trained on"),
        "left_on": ("离任日期", "Left on"),
        "left_reason": ("离任原因", "Reason for leaving"),
        "duty_minutes": ("履职时长（分钟）", "Duty (minutes)"),
        "ElectionOut.kind": ("选举类型", "Election kind"),
        "round": ("轮次", "Round"),
        "candidates": ("候选人", "Candidates"),
        "runoff_ids": ("另行选举候选人编号", "Runoff candidate IDs"),
        "enough_candidates": ("候选人数符合差额要求", "Enough candidates (1:2)"),
        "electorate_size": ("选民人数", "Electorate"),
        "votes_cast": ("投票人数", "Votes cast"),
        "representative_id": ("代表编号", "Representative ID"),
        "DutyOut.kind": ("履职类型", "Duty kind"),
        "done_on": ("履职日期", "Done on"),
        "minutes": ("时长（分钟）", "Minutes"),
        "opened_on": ("开始日期", "Opened on"),
        "min_ballots": ("最少票数", "Minimum ballots"),
        "EvaluationOut.results": ("测评结果", "Results"),
        "by_election_id": ("补选编号", "By-election ID"),
        "ProposalOut.title": ("提案标题", "Proposal"),
        "body": ("提案内容", "Text"),
        "filed_on": ("提交日期", "Filed on"),
        "excellent": ("是否优秀提案", "Excellent"),
        "rules_revised": ("修订制度数", "Rules revised"),
        "problems_found": ("发现问题数", "Problems found"),
        "loss_avoided_fen": ("挽回损失（元）", "Loss avoided (yuan)"),
        "facilities_m2": ("新增设施面积（平方米）", "Facilities (m²)"),
        "reading_rooms": ("新建职工书屋数", "Reading rooms"),
        "overtime_cancelled": ("取消加班人次", "Overtime cancelled"),
        "complaint_ids": ("引用诉求编号", "Cited complaint IDs"),
        "RewardOut.reason": ("奖励事由", "Reward for"),
        "granted_on": ("提请日期", "Proposed on"),
        "proposed_by": ("提请人", "Proposed by"),
        "approved_by": ("审批人", "Approved by"),
    }
)

CODES = {
    "ElectionOut.kind": codes(
        Election.kind, {"regular": ("换届选举", "regular"), "by_election": ("补选", "by-election")}
    ),
    "ElectionOut.state": codes(
        Election.state,
        {
            "nominating": ("提名中", "nominating"),
            "open": ("投票中", "voting"),
            "runoff": ("另行选举", "run-off"),
            "tallied": ("已计票", "tallied"),
            "published": ("已公布", "published"),
        },
    ),
    "RepresentativeOut.state": codes(
        Representative.state, {"seated": ("在任", "seated"), "recalled": ("已罢免", "recalled")}
    ),
    "DutyOut.kind": codes(
        Duty.kind,
        {
            "meeting": ("参加会议", "meeting"),
            "proposal": ("提出提案", "proposal"),
            "visit": ("走访调研", "visit"),
            "training": ("参加培训", "training"),
        },
    ),
    "EvaluationOut.state": codes(Evaluation.state, {"open": ("评议中", "open"), "closed": ("已结束", "closed")}),
    "RewardOut.state": codes(
        Reward.state, {"proposed": ("待审批", "waiting for approval"), "approved": ("已审批", "approved")}
    ),
    "ProposalOut.state": codes(
        Proposal.state,
        {
            "filed": ("已提交", "filed"),
            "accepted": ("已立案", "accepted"),
            "adopted": ("已采纳", "adopted"),
            "rejected": ("不予立案", "rejected"),
        },
    ),
}
