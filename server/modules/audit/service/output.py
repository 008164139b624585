"""The audit report of one union as a spreadsheet (XLSX): the audit, every indicator's score with the
report-form entries it came from, the areas and the total with its grade."""

from __future__ import annotations

import io

from server.modules.audit.service.audits import STAGE_ZH, list_entries
from server.modules.audit.service.scoring import score_sheet
from server.modules.audit.service.shared import FORMS
from server.platform.roles import SYSTEM, Actor


async def audit_report_xlsx(audit_id: int, actor: Actor = SYSTEM) -> bytes:
    """Sheet 审计报告: the scores per indicator and area, the total and grade; sheet 报告单: the
    entries, each numbered so a score's 来源 column points at them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheet = await score_sheet(audit_id, actor)
    entries = []
    cursor = None
    while True:
        page = await list_entries(audit_id, actor, limit=500, cursor=cursor)
        entries += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    a = sheet.audit
    book = Workbook()
    ws = book.active
    ws.title = "审计报告"
    ws.append([f"{a.org_name} {a.year}年度工会经费绩效审计报告"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["评价标准", f"{sheet.standard_title}（{sheet.standard_code} 第{sheet.standard_version}版）"])
    ws.append(["阶段", STAGE_ZH.get(a.stage, a.stage)])
    ws.append(["审计日期", str(a.fieldwork_on or ""), "通知书送达", str(a.notice_on or "")])
    ws.append(["总分", a.total, "等级", sheet.grade_zh or ""])
    ws.append([])
    ws.append(["指标", "审计内容", "名称", "基本分", "效益分", "奖励分", "得分", "满分", "来源报告单", "人工调整"])
    for i in sheet.indicators:
        ws.append(
            [
                i.indicator,
                i.area,
                i.name,
                i.base,
                i.benefit,
                i.bonus,
                i.total,
                i.maximum,
                ", ".join(map(str, i.entry_ids)),
                ",".join(i.adjusted),
            ]
        )
    ws.append([])
    ws.append(["审计内容", "得分", "满分"])
    for x in sheet.areas:
        ws.append([x.area, x.total, x.maximum])
    if a.opinions:
        ws.append([])
        ws.append(["审计意见", a.opinions, str(a.opinions_on or "")])
    if a.rectification:
        ws.append(["整改情况", a.rectification, str(a.rectified_on or ""), "应报日期", str(a.rectification_due or "")])
    forms = book.create_sheet("报告单")
    forms.append(["编号", "报告单", "指标", "项目", "支出（元）", "参与人数", "成果", "上级表彰", "证书", "首席称号"])
    for e in entries:
        forms.append(
            [
                e.id,
                FORMS.get(e.form, e.form),
                e.indicator,
                e.project,
                e.spending_fen / 100,
                e.participants,
                e.results,
                e.commendations,
                e.certificates,
                e.chief_titles,
            ]
        )
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
