"""The words of voice's export columns: complaints, demand orders, acceptance forms, alerts and
notices (the header row of each `…/export`, server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import column_catalogue

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
