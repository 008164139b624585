"""Every label of the welfare screens, in both languages (`tui.i18n.L`); a screen shows one with
`lbl.NAME()` (placeholders as keywords) and a code from the API with `lbl.of(lbl.X_OF, code)`."""

from __future__ import annotations

from tui.i18n import L, of

__all__ = ["of"]

ALREADY_APPROVED = L("“{name}”已经审批过", "“{name}” is already approved")
APPROVE = L("审批", "Approve")
APPROVED = L("“{name}”已审批，开始发放", "“{name}” approved: paying now")
C_FAILED = L("失败", "Failed")
C_IN_FLIGHT = L("发送中", "In flight")
C_PAID = L("已到账", "Paid")
C_PAID_YUAN = L("已发放金额", "Amount paid")
C_PENDING = L("待发送", "Pending")
C_TOTAL = L("发放笔数", "Payouts")
C_TOTAL_YUAN = L("应发放金额", "Amount due")
C_UNKNOWN = L("待确认", "Unknown")
CAMPAIGNS_TITLE = L("救助活动", "Relief campaigns")
COL_APPROVED = L("审批时间", "Approved")
COL_BUDGET = L("预算（元）", "Budget (¥)")
COL_ID = L("编号", "ID")
COL_KIND = L("类别", "Kind")
COL_NAME = L("活动", "Campaign")
COL_STATUS = L("状态", "Status")
COL_YEAR = L("年度", "Year")
CONFIRM_APPROVE = L(
    "审批“{name}”？将为 {count} 户生成发放记录，共 ¥{total}（预算 ¥{budget}），并立即开始支付。每户只付一次，审批后不能撤回。",
    "Approve “{name}”? It creates payouts for {count} beneficiaries, ¥{total} in all (budget ¥{budget}), and starts paying them. Each is paid once; approval cannot be undone.",
)
DONE = L("全部结清：每笔均已到账或明确失败", "All settled: every payout is paid or definitely failed")
F_APPROVED = L("审批", "Approved")
F_BUDGET = L("预算", "Budget")
F_KIND = L("类别", "Kind")
F_STATUS = L("状态", "Status")
F_YEAR = L("年度", "Year")
NOT_APPROVED = L("尚未审批：没有发放记录。按 A 审批。", "Not approved yet: nothing is being paid. Press A to approve.")
OPEN = L("发放进度", "Progress")
OVER_BUDGET = L("超出预算：需 ¥{total}，预算 ¥{budget}", "Over budget: ¥{total} needed, budget ¥{budget}")
PAUSED = L("刷新失败，已暂停自动刷新；按 R 重试", "Refreshing failed and is paused; press R to retry")
PROGRESS_TITLE = L("发放进度 · {name}", "Payment progress · {name}")
REFRESHING = L("发放中，每 {seconds} 秒自动刷新", "Paying; refreshes every {seconds}s")
STATUS_APPROVED = L("已审批", "approved")
STATUS_DRAFT = L("待审批", "draft")

COL_OF = {
    "approved": COL_APPROVED,
    "budget": COL_BUDGET,
    "id": COL_ID,
    "kind": COL_KIND,
    "name": COL_NAME,
    "status": COL_STATUS,
    "year": COL_YEAR,
}

STATUS_OF = {
    "approved": STATUS_APPROVED,
    "draft": STATUS_DRAFT,
}
