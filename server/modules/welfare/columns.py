"""The words of welfare's export columns (the header row of each `…/export`,
server/platform/exports.py), and of its code columns' values (`CODES`)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue
from server.modules.welfare.service.shared import CampaignKind, Reason
from server.modules.welfare.tables import Payout

COLUMNS = column_catalogue(
    {
        "household_size": ("家庭人口", "Household size"),
        "reasons": ("致困原因", "Reasons"),
        "income_per_head_fen": ("人均月收入（元）", "Income per head (yuan)"),
        "bank_account": ("银行账号", "Bank account"),
        "evidence": ("证明材料", "Evidence"),
        "filed_at": ("申报时间", "Filed at"),
        "filed_by": ("申报人", "Filed by"),
        "reviewed_at": ("审核时间", "Reviewed at"),
        "reviewed_by": ("审核人", "Reviewed by"),
        "review_note": ("审核意见", "Review note"),
        "active_from": ("在册起始日", "On file from"),
        "lifted_on": ("脱困日期", "Lifted on"),
        "lifted_at": ("脱困登记时间", "Lift recorded at"),
        "lifted_by": ("脱困登记人", "Lift recorded by"),
        "lift_reason": ("脱困原因", "Reason lifted"),
        "CampaignOut.name": ("活动名称", "Campaign"),
        "CampaignOut.kind": ("救助类型", "Relief kind"),
        "budget_fen": ("预算（元）", "Budget (yuan)"),
        "eligibility": ("救助对象规则", "Eligibility"),
        "amount_rule": ("金额规则", "Amount rule"),
        "memo": ("说明", "Memo"),
        "approved_at": ("批准时间", "Approved at"),
        "approved_by": ("批准人", "Approved by"),
        "beneficiary": ("受助对象", "Beneficiary"),
        "PayoutOut.name": ("收款人姓名", "Payee"),
        "account": ("收款账号", "Account"),
        "reference": ("付款流水号", "Payment reference"),
        "PayoutOut.amount_fen": ("发放金额（元）", "Amount paid (yuan)"),
        "PayoutOut.state": ("发放状态", "Payment state"),
        "sends": ("发送次数", "Times sent"),
        "queries": ("查询次数", "Times queried"),
        "channel_txn": ("银行交易号", "Bank transaction"),
        "failure_reason": ("失败原因", "Failure reason"),
        "settled_at": ("到账时间", "Settled at"),
        "campaign_id": ("救助活动编号", "Campaign ID"),
        "household_id": ("困难档案编号", "Household ID"),
        "ApplicationOut.category": ("救助类别", "Relief category"),
        "ApplicationOut.reason": ("申请理由", "Reason"),
        "requested_fen": ("申请金额（元）", "Requested (yuan)"),
        "approved_fen": ("批准金额（元）", "Approved (yuan)"),
        "decided_at": ("审批时间", "Decided at"),
        "decided_by": ("审批人", "Decided by"),
        "decision_note": ("审批意见", "Decision note"),
    }
)

REASONS = codes(
    Reason,
    {
        "illness": ("患病", "illness"),
        "disability": ("残疾", "disability"),
        "spouse_unemployed": ("配偶失业", "spouse unemployed"),
        "single_parent": ("单亲", "single parent"),
        "disaster": ("灾害", "disaster"),
        "education": ("子女就学", "children's schooling"),
        "low_income": ("收入低", "low income"),
        "other": ("其他", "other"),
    },
)

PAYOUT_STATES = codes(
    Payout.state,
    {
        "pending": ("待发", "pending"),
        "sending": ("发送中", "sending"),
        "unknown": ("待查", "to be checked"),
        "paid": ("已发放", "paid"),
        "failed": ("失败", "failed"),
    },
)

# an application's statuses (applications.py sets them; the column has no CHECK)
APPLICATION_STATUSES = codes(
    ("submitted", "approved", "rejected"),
    {"submitted": ("待审批", "submitted"), "approved": ("已批准", "approved"), "rejected": ("未批准", "rejected")},
)

# A household's and a campaign's statuses are the ones registry.py and campaigns.py write (the
# columns have no CHECK).
CODES = {
    "HouseholdOut.reasons": REASONS,
    "HouseholdOut.status": codes(
        ("pending", "active", "rejected", "lifted"),
        {
            "pending": ("待审核", "pending review"),
            "active": ("在册", "on file"),
            "rejected": ("未通过", "rejected"),
            "lifted": ("已脱困", "lifted out"),
        },
    ),
    "CampaignOut.kind": codes(
        CampaignKind,
        {
            "holiday_relief": ("两节送温暖", "holiday relief"),
            "illness_relief": ("大病救助", "illness relief"),
            "other": ("其他", "other"),
        },
    ),
    "CampaignOut.status": codes(
        ("draft", "approved"), {"draft": ("待审批", "draft"), "approved": ("已批准", "approved")}
    ),
    "PayoutOut.state": PAYOUT_STATES,
    "ApplicationOut.category": REASONS,
    "ApplicationOut.status": APPLICATION_STATUSES,
}
