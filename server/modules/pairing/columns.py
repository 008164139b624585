"""The words of pairing's export columns and of its code columns' values (`CODES`) (the header row of each `…/export`,
server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue
from server.modules.orgs.columns import LEVEL_WORDS
from server.modules.pairing.tables import Agreement, Candidate, PairRule, Proposal

COLUMNS = column_catalogue(
    {
        "ProgrammeOut.name": ("项目名称", "Programme"),
        "scope_org_id": ("范围组织编号", "Scope org ID"),
        "term_start": ("带徒期开始", "Term starts"),
        "term_end": ("带徒期结束", "Term ends"),
        "target_pairs": ("目标结对数", "Target pairs"),
        "same_trade_required": ("须同工种", "Same trade required"),
        "same_enterprise_preferred": ("优先同单位", "Same enterprise preferred"),
        "min_level_gap": ("最小等级差", "Minimum level gap"),
        "default_capacity": ("师傅默认带徒数", "Default apprentices per master"),
        "masters": ("师傅人数", "Masters"),
        "apprentices": ("徒弟人数", "Apprentices"),
        "agreements": ("协议数", "Agreements"),
        "open_proposal_id": ("待定配对方案编号", "Open proposal ID"),
        "CandidateOut.name": ("姓名", "Name"),
        "role": ("身份（师傅/徒弟）", "Role (master/apprentice)"),
        "CandidateOut.level": ("职业资格等级", "Qualification level"),
        "capacity": ("可带徒数", "Capacity"),
        "own_capacity": ("本人设定带徒数", "Own capacity"),
        "preferences": ("意向人选编号", "Preferred member IDs"),
        "placed": ("已结对数", "Placed"),
        "partner_ids": ("结对人编号", "Partner member IDs"),
        "PairRuleOut.kind": ("规则类型", "Rule kind"),
        "master_member_id": ("师傅会员编号", "Master member ID"),
        "apprentice_member_id": ("徒弟会员编号", "Apprentice member ID"),
        "accepted_at": ("采纳时间", "Accepted at"),
        "pairs": ("结对数", "Pairs"),
        "new_pairs": ("新结对数", "New pairs"),
        "unpaired": ("未结对人数", "Unpaired"),
        "cost": ("方案代价", "Cost"),
        "blocking_pairs": ("不稳定结对数", "Blocking pairs"),
        "programme_id": ("项目编号", "Programme ID"),
        "proposal_id": ("配对方案编号", "Proposal ID"),
        "master_name": ("师傅姓名", "Master"),
        "apprentice_name": ("徒弟姓名", "Apprentice"),
        "goals": ("培养目标", "Goals"),
        "ended_on": ("结束日期", "Ended on"),
        "end_reason": ("结束原因", "Reason for ending"),
        "level_before": ("徒弟原等级", "Level before"),
        "level_after": ("徒弟现等级", "Level after"),
        "level_raised": ("职业资格是否提升", "Qualification raised"),
        "competition_result": ("竞赛成绩", "Competition result"),
        "innovation": ("创新成果", "Innovation"),
        "outcome_note": ("成效说明", "Outcome note"),
        "AgreementOut.notes": ("过程记录", "Progress notes"),
    }
)

AGREEMENT_STATUSES = codes(
    Agreement.status,
    {
        "active": ("履行中", "active"),
        "completed": ("已期满", "completed"),
        "ended_early": ("提前解除", "ended early"),
    },
)

CODES = {
    "CandidateOut.level": LEVEL_WORDS,
    "CandidateOut.role": codes(Candidate.role, {"master": ("师傅", "master"), "apprentice": ("徒弟", "apprentice")}),
    "PairRuleOut.kind": codes(PairRule.kind, {"lock": ("指定结对", "lock"), "forbid": ("禁止结对", "forbid")}),
    "ProposalBrief.status": codes(
        Proposal.status,
        {"open": ("待确认", "open"), "accepted": ("已采纳", "accepted"), "superseded": ("已被替代", "superseded")},
    ),
    "AgreementOut.status": AGREEMENT_STATUSES,
}
