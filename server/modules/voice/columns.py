"""The words of voice's export columns and of its code columns' values (`CODES`): complaints, demand orders, acceptance forms, alerts and
notices (the header row of each `…/export`, server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue
from server.modules.voice.service.shapes import (
    CATEGORY_NAMES,
    CHANNELS,
    COMPLAINT_STATUSES,
    FORM_STATUSES,
    ORDER_STATUSES,
    OUTCOMES,
)

COLUMNS = column_catalogue(
    {
        "ref": ("单号", "Reference"),
        "ComplaintOut.category": ("诉求类别", "Category"),
        "text": ("诉求内容", "Complaint"),
        "anonymous": ("是否匿名", "Anonymous"),
        "channel": ("渠道", "Channel"),
        "order_id": ("需求单编号", "Demand order ID"),
        "answer": ("答复", "Answer"),
        "outcome": ("办理结果", "Outcome"),
        "resolved_level": ("办结层级", "Resolved at level"),
        "resolved_at": ("办结时间", "Resolved at"),
        "rating": ("满意度评分", "Rating"),
        "rating_comment": ("评价意见", "Rating comment"),
        "steps": ("办理过程", "Steps"),
        "OrderOut.title": ("需求名称", "Demand"),
        "summary": ("概述", "Summary"),
        "complaint_count": ("关联诉求数", "Complaints"),
        "complaints": ("关联诉求", "Complaints"),
        "form": ("受理单", "Acceptance form"),
        "order_ref": ("需求单号", "Demand order reference"),
        "order_title": ("需求名称", "Demand"),
        "officer_name": ("承办人", "Officer"),
        "officer_account_id": ("承办人账号编号", "Officer account ID"),
        "opened_on": ("受理日期", "Opened on"),
        "working_days": ("办理时限（工作日）", "Time limit (working days)"),
        "due_on": ("办结期限", "Due on"),
        "provisional": ("是否暂定期限", "Provisional"),
        "resolved_on": ("办结日期", "Resolved on"),
        "resolution": ("办理情况", "Resolution"),
        "recovered_fen": ("挽回金额（元）", "Recovered (yuan)"),
        "recovered_yuan": ("挽回金额（元，文字）", "Recovered (yuan, as text)"),
        "working_days_left": ("剩余工作日", "Working days left"),
        "overdue": ("是否超期", "Overdue"),
        "warning": ("预警", "Warning"),
        "form_id": ("受理单编号", "Form ID"),
        "form_ref": ("受理单号", "Form reference"),
        "AlertOut.kind": ("预警类型", "Alert"),
        "raised_on": ("预警日期", "Raised on"),
        "NoticeOut.kind": ("通知类型", "Notice"),
        "params": ("通知内容", "Content"),
        "delivered_at": ("送达时间", "Delivered at"),
    }
)

STATUS_WORDS = {
    "submitted": ("已提交", "submitted"),
    "ordered": ("已并入订单", "in an order"),
    "accepted": ("已受理", "accepted"),
    "resolved": ("已办结", "resolved"),
    "open": ("办理中", "open"),
}
OUTCOME_WORDS = codes(
    OUTCOMES,
    {
        "dispute_mediated": ("调解劳动争议", "dispute mediated"),
        "difficulty_solved": ("解决实际困难", "practical difficulty solved"),
        "wage_arrears_recovered": ("追回拖欠工资", "wage arrears recovered"),
        "advice_given": ("政策解答", "advice given"),
        "not_upheld": ("诉求不成立", "not upheld"),
        "other": ("其他", "other"),
    },
)

FORM_STATUS_WORDS = codes(FORM_STATUSES, {k: STATUS_WORDS[k] for k in FORM_STATUSES})

CODES = {
    "ComplaintOut.category": codes(tuple(CATEGORY_NAMES), CATEGORY_NAMES),
    "ComplaintOut.channel": codes(
        CHANNELS,
        {
            "telegram": ("Telegram 机器人", "Telegram"),
            "api": ("接口", "API"),
            "tui": ("纸质（终端录入）", "paper (TUI)"),
        },
    ),
    "ComplaintOut.status": codes(COMPLAINT_STATUSES, {k: STATUS_WORDS[k] for k in COMPLAINT_STATUSES}),
    "ComplaintOut.outcome": OUTCOME_WORDS,
    # where it was resolved (complaints.py: the enterprise's answer; forms.py: the federation's)
    "ComplaintOut.resolved_level": codes(
        ("enterprise", "federation"),
        {"enterprise": ("企业层面", "enterprise"), "federation": ("总工会层面", "federation")},
    ),
    "OrderOut.status": codes(ORDER_STATUSES, {k: STATUS_WORDS[k] for k in ORDER_STATUSES}),
    "FormOut.status": FORM_STATUS_WORDS,
    "FormOut.outcome": OUTCOME_WORDS,
    # deadlines.py raises these
    "AlertOut.kind": codes(
        ("reminder", "overdue"), {"reminder": ("即将到期", "due soon"), "overdue": ("已超期", "overdue")}
    ),
    # what a worker is told (forms.py, complaints.py, notices.py)
    "NoticeOut.kind": codes(
        ("status", "resolved", "payment"),
        {"status": ("进度通知", "progress"), "resolved": ("办结通知", "resolved"), "payment": ("到账通知", "payment")},
    ),
}
