"""The words of audit's export columns and of its code columns' values (`CODES`) (the header row of each `…/export`,
server/platform/exports.py)."""

from __future__ import annotations

from server.modules.audit.service.audits import STAGE_ZH
from server.modules.audit.service.scoring import GRADE_ZH
from server.modules.audit.service.shared import FORMS
from server.modules.audit.tables import Audit, Plan
from server.modules.contract import codes, column_catalogue, paired

COLUMNS = column_catalogue(
    {
        "code": ("标准代码", "Standard code"),
        "version": ("版本", "Version"),
        "StandardOut.title": ("标准名称", "Standard"),
        "areas": ("考核领域", "Areas"),
        "indicators": ("考核指标", "Indicators"),
        "used": ("是否已使用", "In use"),
        "PlanOut.title": ("计划名称", "Plan"),
        "standard_id": ("审计标准编号", "Standard ID"),
        "org_ids": ("被审计组织编号", "Audited org IDs"),
        "audits": ("审计项数", "Audits"),
        "unclassified": ("未分类企业工会（未纳入）", "Unclassified enterprise unions (left out)"),
        "plan_id": ("审计计划编号", "Plan ID"),
        "stage": ("阶段", "Stage"),
        "notice_on": ("通知日期", "Notice on"),
        "fieldwork_on": ("现场审计日期", "Fieldwork on"),
        "AuditOut.total": ("总分", "Total score"),
        "grade": ("等次", "Grade"),
        "opinions": ("审计意见", "Opinions"),
        "opinions_on": ("意见日期", "Opinions on"),
        "rectification_due": ("整改期限", "Rectification due"),
        "rectification": ("整改情况", "Rectification"),
        "rectified_on": ("整改完成日期", "Rectified on"),
        "closed_on": ("结案日期", "Closed on"),
        "due_on": ("下一期限", "Next due"),
        "days_left": ("剩余天数", "Days left"),
        "form": ("台账类别", "Ledger form"),
        "indicator": ("指标", "Indicator"),
        "project": ("项目", "Project"),
        "spending_fen": ("支出（元）", "Spending (yuan)"),
        "EntryOut.results": ("成果数", "Results"),
        "commendations": ("表彰数", "Commendations"),
        "certificates": ("证书数", "Certificates"),
        "chief_titles": ("首席称号数", "Chief titles"),
        "FollowUpOut.held_on": ("回访日期", "Followed up on"),
    }
)

CODES = {
    # the five report forms (5类报告单) an entry is written on (audits.py checks them)
    "EntryOut.form": codes(
        tuple(FORMS),
        paired(
            FORMS,
            {
                "spending": "spending report",
                "activity": "activities report",
                "relief": "hardship relief report",
                "competition": "labour competition and skills report",
                "finance": "fund management report",
            },
        ),
    ),
    "PlanOut.state": codes(Plan.state, {"draft": ("草案", "draft"), "approved": ("已批准", "approved")}),
    "AuditOut.stage": codes(
        Audit.stage,
        paired(
            STAGE_ZH,
            {
                "planned": "planned",
                "noticed": "notice served",
                "fieldwork": "fieldwork",
                "scored": "scored",
                "opinions": "to rectify",
                "rectified": "rectified",
                "closed": "closed",
            },
        ),
    ),
    "AuditOut.grade": codes(
        Audit.grade,
        paired(GRADE_ZH, {"good": "good", "fairly_good": "fairly good", "average": "average", "poor": "poor"}),
    ),
}
