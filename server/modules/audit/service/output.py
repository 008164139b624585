"""The audit report of one union as a spreadsheet (XLSX) and as a printable PDF: the audit, every
indicator's score with the report-form entries it came from, the areas and the total with its grade,
the opinions and the rectification's due date.

The PDF is made with the one paper helper, `server.infra.pdf` (its Chinese font shipped with the
project and embedded)."""

from __future__ import annotations

from typing import Any

from server.infra import pdf, sheets
from server.modules.audit.service.audits import STAGE_ZH, EntryOut, list_entries
from server.modules.audit.service.scoring import score_sheet
from server.modules.audit.service.shared import FORMS
from server.platform.roles import SYSTEM, Actor


async def _all_entries(audit_id: int, actor: Actor) -> list[EntryOut]:
    entries: list[EntryOut] = []
    cursor = None
    while True:
        page = await list_entries(audit_id, actor, limit=500, cursor=cursor)
        entries += page.items
        cursor = page.next_cursor
        if cursor is None:
            return entries


async def audit_report_xlsx(audit_id: int, actor: Actor = SYSTEM) -> bytes:
    """Sheet 审计报告: the scores per indicator and area, the total and grade; sheet 报告单: the
    entries, each numbered so a score's 来源 column points at them."""
    sheet = await score_sheet(audit_id, actor)
    entries = await _all_entries(audit_id, actor)
    a = sheet.audit
    report: list[list[Any]] = []
    report.append([f"{a.org_name} {a.year}年度工会经费绩效审计报告"])
    report.append(["评价标准", f"{sheet.standard_title}（{sheet.standard_code} 第{sheet.standard_version}版）"])
    report.append(["阶段", STAGE_ZH.get(a.stage, a.stage)])
    report.append(["审计日期", str(a.fieldwork_on or ""), "通知书送达", str(a.notice_on or "")])
    report.append(["总分", a.total, "等级", sheet.grade_zh or ""])
    report.append([])
    report.append(["指标", "审计内容", "名称", "基本分", "效益分", "奖励分", "得分", "满分", "来源报告单", "人工调整"])
    for i in sheet.indicators:
        report.append(
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
    report.append([])
    report.append(["审计内容", "得分", "满分"])
    for x in sheet.areas:
        report.append([x.area, x.total, x.maximum])
    if a.opinions:
        report.append([])
        report.append(["审计意见", a.opinions, str(a.opinions_on or "")])
    if a.rectification:
        report.append(
            ["整改情况", a.rectification, str(a.rectified_on or ""), "应报日期", str(a.rectification_due or "")]
        )
    form_headers = ["编号", "报告单", "指标", "项目", "支出（元）", "参与人数", "成果", "上级表彰", "证书", "首席称号"]
    forms: list[list[Any]] = []
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
    # The one spreadsheet writer: text a union typed in is never a live formula.
    return sheets.to_xlsx(sheets.Sheet("审计报告", [], report), sheets.Sheet("报告单", form_headers, forms))


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


async def audit_report_pdf(audit_id: int, actor: Actor = SYSTEM) -> bytes:
    """The audit report to print (A4): the same content as the spreadsheet, the entries last, each
    numbered so a score's 来源 column points at them."""
    sheet = await score_sheet(audit_id, actor)
    entries = await _all_entries(audit_id, actor)
    a = sheet.audit
    table = pdf.table
    story: list[object] = [
        pdf.title(f"{a.org_name} {a.year}年度工会经费绩效审计报告"),
        pdf.space(),
        table(
            [
                ["项目", "内容"],
                ["被审计单位", a.org_name],
                ["评价标准", f"{sheet.standard_title}（{sheet.standard_code} 第{sheet.standard_version}版）"],
                ["阶段", STAGE_ZH.get(a.stage, a.stage)],
                ["通知书送达", a.notice_on or "—"],
                ["审计日期", a.fieldwork_on or "—"],
                ["总分", _points(a.total)],
                ["等级", sheet.grade_zh or "—"],
            ],
            [40, 220],
        ),
        pdf.heading("一、各项指标得分"),
        table(
            [["指标", "审计内容", "名称", "基本分", "效益分", "奖励分", "得分", "满分", "来源报告单", "人工调整"]]
            + [
                [
                    i.indicator,
                    i.area,
                    i.name,
                    _points(i.base),
                    _points(i.benefit),
                    _points(i.bonus),
                    _points(i.total),
                    _points(i.maximum),
                    ", ".join(map(str, i.entry_ids)) or "—",
                    ",".join(i.adjusted) or "—",
                ]
                for i in sheet.indicators
            ],
            [16, 24, 58, 18, 18, 18, 18, 18, 52, 20],
        ),
        pdf.heading("二、各审计内容得分"),
        table(
            [["审计内容", "得分", "满分"]]
            + [[x.area, _points(x.total), _points(x.maximum)] for x in sheet.areas]
            + [["合计", _points(sheet.total), "100"]],
            [60, 30, 30],
        ),
        pdf.heading("三、审计意见与整改"),
        table(
            [
                ["项目", "内容"],
                ["审计意见", a.opinions or "—"],
                ["意见日期", a.opinions_on or "—"],
                ["整改应报日期", a.rectification_due or "—"],
                ["整改情况", a.rectification or "—"],
                ["整改报告日期", a.rectified_on or "—"],
                ["结案日期", a.closed_on or "—"],
            ],
            [40, 220],
        ),
        pdf.heading("四、报告单"),
        table(
            [["编号", "报告单", "指标", "项目", "支出（元）", "参与人数", "成果", "上级表彰", "证书", "首席称号"]]
            + [
                [
                    e.id,
                    FORMS.get(e.form, e.form),
                    e.indicator,
                    e.project,
                    f"{e.spending_fen / 100:.2f}",
                    e.participants,
                    e.results,
                    e.commendations,
                    e.certificates,
                    e.chief_titles,
                ]
                for e in entries
            ],
            [16, 50, 16, 62, 26, 20, 16, 20, 16, 20],
        ),
    ]
    return pdf.render(story, title=f"{a.org_name} {a.year}年度工会经费绩效审计报告", landscape=True)
