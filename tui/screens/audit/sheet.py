"""计分表 An audit's scoring sheet: every indicator's base, benefit and bonus points as the API
computed them from the report forms, in inputs the auditor may change (an adjustment); the
indicator, area and overall totals and the grade follow as they type. Ctrl+S scores the audit
with the parts changed as adjustments (nothing changed: scored from the entries alone); the
API's refusal of a part (above the indicator's maximum, negative) shows under its row."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Input, Static

from tui.client import ApiError
from tui.i18n import L
from tui.screens.audit.api import PARTS, Audit, AuditApi, ScoreSheet, grade_label, grade_of, stage_label
from tui.screens.base import AreaScreen
from tui.widgets.base import bind

HEADING = L("计分表 · {union}", "Scoring sheet · {union}")
STANDARD = L(
    "评价标准：{title}（{code} 第 {version} 版） · 阶段：{stage}",
    "Standard: {title} ({code} v{version}) · stage: {stage}",
)
INDICATOR = L("指标", "Indicator")
BASE = L("基础分", "Base")
BENEFIT = L("效益分", "Benefit")
BONUS = L("加分", "Bonus")
SUBTOTAL = L("小计", "Total")
MAXIMUM = L("满分", "Max")
AREA_LINE = L("{area}：{total} / {maximum}", "{area}: {total} / {maximum}")
TOTAL_LINE = L("总分 {total} · {grade}", "Total {total} · {grade}")
UNSAVED = L("（未保存，Ctrl+S 计分）", "(not saved: Ctrl+S scores)")
NOT_SCORED = L("尚未计分", "not scored yet")
NOT_A_NUMBER = L("请输入数字", "enter a number")
SCORE = L("计分", "Score")
SCORED = L("已计分：{total} · {grade}", "Scored: {total} · {grade}")
BACK = L("返回", "Back")
PART_LABELS = {"base": BASE, "benefit": BENEFIT, "bonus": BONUS}
ADJUSTED = L("（已调整：{parts}）", " (adjusted: {parts})")


def points(value: float) -> str:
    return f"{value:.2f}"


class ScoringSheetScreen(AreaScreen):
    AREA = "audit.queue"
    CSS_PATH = ["../screens.tcss", "audit.tcss"]
    AUTO_FOCUS = "#sheet Input"
    BINDINGS = [
        bind("escape", "back", BACK),
        bind("ctrl+s", "score", SCORE, priority=True),
    ]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit
        self.sheet: ScoreSheet | None = None
        self.sent: list[tuple[int, str]] = []  # the (row, part) of each adjustment sent, in order

    def heading(self) -> str:
        return HEADING(union=self.audit.org_name)

    def body(self) -> ComposeResult:
        yield Static("", id="standard", markup=False)
        yield VerticalScroll(id="sheet")
        yield Static("", id="areas", markup=False)
        yield Static("", id="total", classes="subheading", markup=False)

    def action_back(self) -> None:
        self.dismiss(self.audit)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="audit-sheet", exit_on_error=False)
    async def load(self) -> None:
        await self.show(await AuditApi.of(self.app).sheet(self.audit.id))

    async def show(self, sheet: ScoreSheet) -> None:
        self.sheet = sheet
        self.audit = sheet.audit
        self.query_one("#standard", Static).update(
            STANDARD(
                title=sheet.standard_title,
                code=sheet.standard_code,
                version=sheet.standard_version,
                stage=stage_label(sheet.audit.stage),
            )
        )
        holder = self.query_one("#sheet", VerticalScroll)
        await holder.remove_children()
        grid = Grid(classes="score-grid")
        await holder.mount(grid)
        cells: list[Any] = [
            Static(str(label), classes="score-head", markup=False)
            for label in (INDICATOR, BASE, BENEFIT, BONUS, SUBTOTAL, MAXIMUM)
        ]
        for n, i in enumerate(sheet.indicators):
            name = f"{i.indicator} {i.area}·{i.name}"
            if i.adjusted:  # the auditor's changes stay visible, in words
                name += ADJUSTED(parts="、".join(str(PART_LABELS[p]) for p in i.adjusted if p in PART_LABELS))
            cells.append(Static(name, classes="score-name", markup=False))
            for part in PARTS:
                cells.append(Input(points(getattr(i, part)), id=f"p-{n}-{part}", type="number", compact=True))
            cells.append(Static(points(i.total), id=f"t-{n}", markup=False))
            cells.append(Static(points(i.maximum), markup=False))
            error = Static("", id=f"e-{n}", classes="field-error score-error", markup=False)
            error.display = False
            cells.append(error)
        await grid.mount_all(cells)
        self.recount()

    # --- the live totals ----------------------------------------------------------------

    def typed(self, n: int, part: str) -> float | None:
        text = self.query_one(f"#p-{n}-{part}", Input).value.strip()
        try:
            return float(text) if text else 0.0
        except ValueError:
            return None

    def changes(self) -> list[tuple[int, str, float | None]]:
        """The parts typed differently from the sheet's: (row, part, points or None if not a number)."""
        if self.sheet is None:
            return []
        out = []
        for n, i in enumerate(self.sheet.indicators):
            for part in PARTS:
                value = self.typed(n, part)
                if value is None or round(value, 2) != round(getattr(i, part), 2):
                    out.append((n, part, value))
        return out

    @on(Input.Changed)
    def recount(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        areas: dict[str, float] = {a.area: 0.0 for a in sheet.areas}
        for n, i in enumerate(sheet.indicators):
            subtotal = sum(self.typed(n, part) or 0.0 for part in PARTS)
            self.query_one(f"#t-{n}", Static).update(points(subtotal))
            areas[i.area] = areas.get(i.area, 0.0) + subtotal
        maxima = {a.area: a.maximum for a in sheet.areas}
        self.query_one("#areas", Static).update(
            "\n".join(
                AREA_LINE(area=area, total=points(total), maximum=points(maxima.get(area, 0.0)))
                for area, total in areas.items()
            )
        )
        total = sum(areas.values())
        changed = bool(self.changes())
        if sheet.total is None and not changed:
            line = f"{TOTAL_LINE(total=points(total), grade=grade_label(grade_of(total)))} · {NOT_SCORED}"
        else:
            line = TOTAL_LINE(total=points(total), grade=grade_label(grade_of(total)))
        self.query_one("#total", Static).update(line + (f" {UNSAVED}" if changed else ""))

    # --- scoring ------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.query(".score-error").results(Static):
            error.update("")
            error.display = False

    def show_error(self, n: int, message: str) -> None:
        error = self.query_one(f"#e-{n}", Static)
        text = str(error.render()) if error.display else ""
        error.update(f"{text}; {message}" if text else message)
        error.display = True

    def action_score(self) -> None:
        self.score()

    @work(exclusive=True, group="audit-score", exit_on_error=False)
    async def score(self) -> None:
        if self.sheet is None:
            return
        self.clear_errors()
        changes = self.changes()
        unsendable = [(n, part) for n, part, value in changes if value is None]
        for n, part in unsendable:
            self.show_error(n, f"{PART_LABELS[part]}：{NOT_A_NUMBER}")
        if unsendable:
            return
        adjustments = [
            {"indicator": self.sheet.indicators[n].indicator, "part": part, "points": value}
            for n, part, value in changes
        ]
        self.sent = [(n, part) for n, part, _ in changes]
        try:
            sheet = await AuditApi.of(self.app).score(self.audit.id, adjustments)
        except ApiError as error:
            for problem in error.errors:
                index = (problem.row or 1) - 1
                if 0 <= index < len(self.sent):
                    n, part = self.sent[index]
                    self.show_error(n, f"{PART_LABELS[part]}：{problem.message}")
            raise  # the app's one failure route says it in a notice too
        await self.show(sheet)
        self.notify(SCORED(total=points(sheet.total or 0.0), grade=grade_label(sheet.grade) or ""), markup=False)
