"""The yearly innovation review's board (年度工会工作创新项目评选).

One list, three readers. Inside a tenant, its admin files, edits and submits the tenant's own
nominations (title, summary, the module it runs on, the figures it claims) and sees each claimed
figure beside the one the module's report computes; after publication, the scores (reviewers
anonymous) and the result. On the panel, a reviewer scores the submitted nominations on the
published criteria (their own scores only); the platform admin sees every score and the totals
and publishes the selection. Ctrl+S saves the list, or the result, as XLSX (the kit's export)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from tui.client import ApiError, FigureLabel
from tui.i18n import L, of, pick
from tui.kit.api import Page
from tui.kit.form import Field, FormModal, Kind, Unsendable, candidates, widget_id
from tui.kit.listing import Column, ListScreen
from tui.screens.base import Modal
from tui.screens.confirm import ConfirmModal
from tui.screens.region import labels as lbl
from tui.screens.region.api import Claim, Criterion, Nomination, Result, Review, ReviewApi, Standing
from tui.screens.region.review_forms import CriteriaForm, EditReviewForm, ReviewForm
from tui.screens.report import UNITS
from tui.widgets.base import bind

# labels shown by this file
HEADING = L("创新项目评选", "Innovation review")
TENANT_HEADING = L("创新项目申报", "Innovation nominations")
YEAR = L("评选年度", "Review year")
NO_REVIEW = L("尚无评选", "No review yet")
REVIEW_LINE = L(
    "{title} · {state} · 申报截止 {deadline} · 评选标准：{criteria}",
    "{title} · {state} · nominations until {deadline} · criteria: {criteria}",
)
CRITERION = L("{name}（满分 {max}）", "{name} (of {max})")
TITLE = L("项目名称", "Title")
SUMMARY = L("简介", "Summary")
MODULE = L("依托模块", "Module")
CLAIM_LABEL = L("申报 · {name}（{unit}）", "Claimed · {name} ({unit})")
UNKEPT = L(
    "以下申报数据不是“{module}”报表的数据项，保存后不再保留：{claims}",
    "Not figures of the {module} report, so not kept once saved: {claims}",
)
NOT_A_FIGURE = L("请输入数值，如 120 或 87.5", "enter a number, e.g. 120 or 87.5")
# how a claimed figure is entered, by its unit (the report's unit words): money in yuan (sent in
# fen), a share as a percent, a yes/no as 1 or 0
UNIT_ENTERED = {**UNITS, "flag": L("是填 1，否填 0", "1 yes, 0 no")}
STATE = L("状态", "State")
TOTAL = L("总分", "Total")
RANK = L("名次", "Rank")
CLAIMS = L("申报数据", "Claims")
NEW = L("新建申报", "New nomination")
EDIT = L("修改", "Edit")
SUBMIT = L("提交", "Submit")
SUBMITTED = L("已提交：{title}", "Submitted: {title}")
SCORE = L("评分", "Score")
SCORE_HEADING = L("评分：{title}", "Score: {title}")
COMMENT = L("{name} · 评语", "{name} · comment")
PUBLISH = L("公布结果", "Publish")
PUBLISH_HEADING = L("公布 {year} 年度评选结果", "Publish the {year} selection")
SELECTION = L("入选项目（按总分排名公布）", "Selected (published in the order of the totals)")
PUBLISHED = L("已公布 {year} 年度评选结果", "The {year} selection is published")
RESULT = L("评选结果", "Result")
RESULT_HEADING = L("{year} 年度入选项目", "Selected in {year}")
DETAIL_FIGURES = L("申报数据与报表计算值", "Claimed beside computed")
FIGURE = L("指标", "Figure")
CLAIMED = L("申报", "Claimed")
COMPUTED = L("报表计算", "Computed")
MATCH = L("一致", "Match")
REVIEWER = L("评审", "Reviewer")
SCORES = L("评分", "Scores")
NO_SCORES = L("评分在结果公布后可见", "Scores show once the result is published")
CLOSE = L("关闭", "Close")
NEW_REVIEW = L("新建评选", "New review")
EDIT_REVIEW = L("修改评选", "Edit review")
SET_CRITERIA = L("评选标准", "Criteria")
OPEN_REVIEW = L("发布标准", "Open")
CLOSE_NOMINATIONS = L("截止申报", "Close nominations")
ASK_OPEN = L(
    "发布 {year} 年度评选标准并开始受理申报？发布后标准不能再改。",
    "Publish the {year} criteria and take nominations? The criteria cannot change afterwards.",
)
ASK_CLOSE = L(
    "截止 {year} 年度申报？截止后申报不能再改，评审开始评分。",
    "Close the {year} nominations? They are frozen from then on and the panel scores them.",
)
REVIEW_NOW = L("{year} 年度评选：{state}", "The {year} review: {state}")
STATE_OF = {
    "draft": L("草稿", "draft"),
    "submitted": L("已提交", "submitted"),
    "open": L("受理申报", "taking nominations"),
    "scoring": L("评审中", "being scored"),
    "published": L("已公布", "published"),
}


def number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def criteria_line(review: Review) -> str:
    names = "、".join(CRITERION(name=pick(c.name_zh, c.name_en), max=c.max_score) for c in review.criteria)
    return REVIEW_LINE(
        title=pick(review.title_zh, review.title_en),
        state=of(STATE_OF, review.state),
        deadline=review.deadline.isoformat(),
        criteria=names or "—",
    )


class ReviewBoard(ListScreen[Nomination]):
    """`panel=True`: the platform admin's and the reviewers' board; False: the tenant worked in."""

    CSS_PATH = ["../screens.tcss", "region.tcss"]
    HEADING = HEADING
    COLUMNS = (
        Column("tenant", lbl.TENANT, lambda n: n.tenant_name or n.tenant, width=16),
        Column("title", TITLE, lambda n: n.title, width=30),
        Column("module", MODULE, lambda n: n.module_name or n.module),
        Column("state", STATE, lambda n: of(STATE_OF, n.state)),
        Column("claims", CLAIMS, lambda n: len(n.figures)),
        Column("total", TOTAL, lambda n: number(n.total if n.total is not None else own_total(n))),
        Column("rank", RANK, lambda n: n.rank),
    )
    BINDINGS = [
        bind("n", "new", NEW),
        bind("e", "edit", EDIT),
        bind("u", "submit", SUBMIT),
        bind("s", "score", SCORE),
        bind("p", "publish", PUBLISH),
        bind("v", "result", RESULT),
        bind("c", "new_review", NEW_REVIEW),
        bind("d", "edit_review", EDIT_REVIEW),
        bind("k", "criteria", SET_CRITERIA),
        bind("o", "open_review", OPEN_REVIEW),
        bind("x", "close_nominations", CLOSE_NOMINATIONS),
    ]

    def __init__(self, *, panel: bool) -> None:
        self.AREA = "review" if panel else "core.review"
        super().__init__()
        self.panel = panel
        self.reviews: dict[int, Review] | None = None
        self.wanted: int | None = None  # the year to show once the reviews are read again

    def heading(self) -> str:
        return str(HEADING if self.panel else TENANT_HEADING)

    @property
    def api(self) -> ReviewApi:
        return ReviewApi(self.app.client, None if self.panel else self.app.tenant_slug)

    @property
    def role(self) -> str:
        return self.app.identity.role if self.app.identity is not None else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        files = not self.panel and self.role in ("tenant_admin", "platform_admin")  # an auditor reads
        runs = self.panel and self.role == "platform_admin"
        state = review.state if self.is_mounted and (review := self.review()) is not None else None
        allowed = {
            "new": files,
            "edit": files,
            "submit": files,
            "score": self.panel and self.role == "reviewer" and state == "scoring",
            "publish": runs and state == "scoring",
            "new_review": runs,
            "edit_review": runs and state is not None,
            "criteria": runs and state == "draft",
            "open_review": runs and state == "draft",
            "close_nominations": runs and state == "open",
        }
        if not allowed.get(action, True):
            return False
        return super().check_action(action, parameters)

    # --- the frame ----------------------------------------------------------------------------

    def filters(self) -> ComposeResult:
        yield Select([], id="year", prompt=str(YEAR), compact=True)
        yield Static("", id="review-line", markup=False)

    async def page(self, cursor: str | None) -> Page[Nomination]:
        select = self.query_one("#year", Select)
        if self.reviews is None:
            reviews = (await self.api.reviews()).items
            self.reviews = {r.year: r for r in reviews}
            with select.prevent(Select.Changed):
                shown = self.wanted if self.wanted in self.reviews else select.value
                select.set_options([(str(r.year), r.year) for r in reviews])
                if shown in self.reviews:
                    select.value = shown
                elif reviews:
                    select.value = reviews[0].year
            self.wanted = None
        review = self.review()
        self.query_one("#review-line", Static).update(criteria_line(review) if review else str(NO_REVIEW))
        self.refresh_bindings()  # what the platform admin may do follows the review's state
        if review is None:
            return Page([])
        return await self.api.nominations(review.year, cursor=cursor)

    def review(self) -> Review | None:
        year = self.query_one("#year", Select).value
        return (self.reviews or {}).get(year) if isinstance(year, int) else None

    def open(self, record: Nomination) -> None:
        review = self.review()
        self.app.push_screen(NominationScreen(record, review.criteria if review else []))

    # --- a tenant's nominations ---------------------------------------------------------------

    def action_new(self) -> None:
        review = self.review()
        if review is not None:
            form = NominationForm(review.year, self.module_choices(), self.module_figures())
            self.app.push_screen(form, self.refreshed)

    def action_edit(self) -> None:
        review, nomination = self.review(), self.selected()
        if review is None or nomination is None:
            return
        choices = self.module_choices()
        module = nomination.module if nomination.module in {name for _, name in choices} else None
        values: dict[str, Any] = {"title": nomination.title, "summary": nomination.summary, "module": module}
        figures = self.module_figures()
        offered = figures.get(module or "", {})
        unkept: list[Claim] = []  # claims the form has no input for: shown, never dropped unsaid
        for c in nomination.figures:
            if c.figure in offered:
                values[claim_field(module or "", c.figure)] = entered(c.claimed, offered[c.figure])
            else:
                unkept.append(c)
        where = nomination.module_name or nomination.module or "—"
        form = NominationForm(review.year, choices, figures, nomination.id, values=values, unkept=(where, unkept))
        self.app.push_screen(form, self.refreshed)

    def module_choices(self) -> list[tuple[str, str]]:
        return [(pick(m.title_zh, m.title_en), m.name) for m in self.app.tenant_modules if m.enabled]

    def module_figures(self) -> dict[str, dict[str, FigureLabel]]:
        """What each module on in the tenant counts (its report's figures), from the sign-in's modules."""
        return {m.name: dict(m.figures) for m in self.app.tenant_modules if m.enabled}

    def action_submit(self) -> None:
        review, nomination = self.review(), self.selected()
        if review is not None and nomination is not None:
            self.run_worker(self.submit(review.year, nomination), exit_on_error=False)

    async def submit(self, year: int, nomination: Nomination) -> None:
        await self.api.submit(year, nomination.id)
        self.notify(SUBMITTED(title=nomination.title), markup=False)
        self.action_refresh()

    # --- the panel ----------------------------------------------------------------------------

    def action_score(self) -> None:
        review, nomination = self.review(), self.selected()
        if review is not None and nomination is not None:
            self.app.push_screen(ScoreForm(review, nomination), self.refreshed)

    def action_publish(self) -> None:
        review = self.review()
        if review is not None:
            self.run_worker(self.publish(review.year), exit_on_error=False)

    async def publish(self, year: int) -> None:
        standings = await self.api.standings(year)
        self.app.push_screen(PublishForm(year, standings), self.published)

    def published(self, result: Result | None) -> None:
        if result is not None:
            self.notify(PUBLISHED(year=result.review.year), markup=False)
            self.reviews = None  # the review's state changed
            self.action_refresh()

    # --- running the review (the platform admin) -----------------------------------------------

    def action_new_review(self) -> None:
        self.app.push_screen(ReviewForm(), self.review_changed)

    def action_edit_review(self) -> None:
        review = self.review()
        if review is not None:
            self.app.push_screen(EditReviewForm(review), self.review_changed)

    def action_criteria(self) -> None:
        review = self.review()
        if review is not None:
            self.app.push_screen(CriteriaForm(review), self.review_changed)

    def action_open_review(self) -> None:
        if (review := self.review()) is not None:
            self.confirm(ASK_OPEN(year=review.year), partial(self.api.open_review, review.year))

    def action_close_nominations(self) -> None:
        if (review := self.review()) is not None:
            self.confirm(ASK_CLOSE(year=review.year), partial(self.api.close_nominations, review.year))

    def confirm(self, question: str, change: Callable[[], Awaitable[Review]]) -> None:
        """Ask first; confirmed, make the change in a worker (a refusal becomes a notice)."""

        async def done() -> None:
            self.review_changed(await change())

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(done(), exit_on_error=False)

        self.app.push_screen(ConfirmModal(question, danger=False), answered)

    def review_changed(self, review: Review | None) -> None:
        """A review was created or changed: read the reviews again and show that one."""
        if review is not None:
            self.notify(REVIEW_NOW(year=review.year, state=of(STATE_OF, review.state)), markup=False)
            self.reviews, self.wanted = None, review.year
            self.action_refresh()

    def action_result(self) -> None:
        review = self.review()
        if review is not None:
            self.app.push_screen(ResultScreen(self.panel, review))


def own_total(nomination: Nomination) -> float | None:
    """What the reader may add up: a reviewer's own scores (the API's total is the platform's)."""
    return float(sum(s.score for s in nomination.scores)) if nomination.scores else None


class ResultScreen(ListScreen[Nomination]):
    """The published selection, in its order."""

    HEADING = RESULT
    COLUMNS = (
        Column("rank", RANK, lambda n: n.rank),
        Column("tenant", lbl.TENANT, lambda n: n.tenant_name or n.tenant, width=16),
        Column("title", TITLE, lambda n: n.title, width=36),
        Column("module", MODULE, lambda n: n.module_name or n.module),
        Column("total", TOTAL, lambda n: number(n.total)),
    )

    def __init__(self, panel: bool, review: Review) -> None:
        self.AREA = "review" if panel else "core.review"
        super().__init__()
        self.panel = panel
        self.review = review

    def heading(self) -> str:
        return RESULT_HEADING(year=self.review.year)

    async def page(self, cursor: str | None) -> Page[Nomination]:
        api = ReviewApi(self.app.client, None if self.panel else self.app.tenant_slug)
        result = await api.result(self.review.year)
        return Page(result.selected, source=api.result_source(self.review.year))

    def open(self, record: Nomination) -> None:
        self.app.push_screen(NominationScreen(record, self.review.criteria))


class NominationScreen(Modal):
    """One nomination: its summary, each claimed figure beside the computed one, and the scores
    the reader may see."""

    CSS_PATH = "../forms.tcss"

    def __init__(self, nomination: Nomination, criteria: Sequence[Criterion]) -> None:
        super().__init__()
        self.nomination = nomination
        self.criteria = {c.id: c for c in criteria}

    def compose(self) -> ComposeResult:
        n = self.nomination
        with VerticalScroll(classes="dialog"):
            yield Static(n.title, classes="form-title", markup=False)
            where = f"{n.tenant_name or n.tenant} · {n.module_name or n.module or '—'}"
            yield Static(f"{where} · {of(STATE_OF, n.state)}", markup=False)
            if n.summary:
                yield Static(n.summary, markup=False)
            yield Static(str(DETAIL_FIGURES), markup=False)
            yield DataTable(id="claims", cursor_type="row")
            yield Static(str(SCORES) if n.scores is not None else str(NO_SCORES), markup=False)
            yield DataTable(id="scores", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button(str(CLOSE), id="close", compact=True)

    def on_mount(self) -> None:
        claims = self.query_one("#claims", DataTable)
        claims.add_columns(str(FIGURE), str(CLAIMED), str(COMPUTED), str(MATCH))
        for c in self.nomination.figures:
            same = "—" if c.computed is None else "✓" if c.computed == c.claimed else "≠"
            claims.add_row(figure_name(c), c.claimed_text or f"{c.claimed:g}", c.computed_text or "—", same)
        scores = self.query_one("#scores", DataTable)
        scores.add_columns(str(CRITERION_COLUMN), str(REVIEWER), str(SCORE), str(COMMENT_COLUMN))
        for s in self.nomination.scores or []:
            criterion = self.criteria.get(s.criterion_id)
            name = pick(criterion.name_zh, criterion.name_en) if criterion else str(s.criterion_id)
            scores.add_row(name, s.reviewer, s.score, s.comment)
        self.query_one("#close", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)


def figure_name(claim: Claim) -> str:
    """A claimed figure by its label in the app's language, as the figures screen shows it."""
    return pick(claim.label.zh, claim.label.en) if claim.label is not None else claim.figure


CRITERION_COLUMN = L("评选标准", "Criterion")
COMMENT_COLUMN = L("评语", "Comment")


def claim_field(module: str, figure: str) -> str:
    """The form's field of one claimed figure of a module."""
    return f"claim__{module}__{figure}"


def entered(claimed: int | float, label: FigureLabel | None) -> int | str:
    """A claimed value as the form takes it: money as its fen (the kit shows it in yuan), a share
    as a percent."""
    unit = label.unit if label is not None else "count"
    if unit == "fen":
        return int(claimed)
    if unit == "ratio":
        return f"{(Decimal(str(claimed)) * 100).normalize():f}"
    return str(int(claimed)) if float(claimed).is_integer() else str(claimed)


class NominationForm(FormModal[Nomination]):
    """A tenant's nomination: new, or rewritten (the API takes the whole nomination again). Each
    figure of the module chosen has an input of its own, labelled with the figure's name and the
    unit it is entered in (money in yuan, sent as fen; a share as a percent): choosing another
    module puts its figures' inputs in their place (what was typed is kept, should the first come
    back). A problem the API finds with a claim (`figures[1].claimed`) is shown under that
    figure's input."""

    HEADING = NEW

    def __init__(
        self,
        year: int,
        modules: Sequence[tuple[str, str]],
        figures: Mapping[str, Mapping[str, FigureLabel]],
        nomination_id: int | None = None,
        *,
        values: dict[str, Any] | None = None,
        unkept: tuple[str, Sequence[Claim]] = ("", ()),
    ) -> None:
        super().__init__(values, title=str(EDIT if nomination_id else NEW))
        self.year = year
        self.modules = list(modules)
        self.figures = {name: dict(figures.get(name, {})) for _, name in self.modules}
        self.nomination_id = nomination_id
        self.chosen: str | None = (values or {}).get("module")  # the module whose inputs are shown
        self.typed: dict[str, str] = {}  # what was typed in the inputs of a module no longer shown
        self.sent: list[str] = []  # the figures in the order their claims were sent
        # an edited nomination's claims of figures its module's report no longer has (or of a
        # module no longer on), with the module's name: the API takes no such claim, so saving
        # leaves them out; the form says so above its inputs
        self.unkept_module, self.unkept = unkept[0], list(unkept[1])

    def about(self) -> str:
        if not self.unkept:
            return ""
        claims = pick("；", "; ").join(f"{figure_name(c)} = {c.claimed_text or number(c.claimed)}" for c in self.unkept)
        return UNKEPT(module=self.unkept_module, claims=claims)

    def fields(self) -> Sequence[Field]:
        base = [
            Field("title", TITLE, required=True),
            Field("summary", SUMMARY, "long"),
            Field("module", MODULE, "choice", choices=self.modules),
        ]
        return base + self.claim_fields(self.chosen)

    def claim_fields(self, module: str | None) -> list[Field]:
        out: list[Field] = []
        for code, label in self.figures.get(module or "", {}).items():
            unit = UNIT_ENTERED.get(label.unit, UNIT_ENTERED["count"])
            name = L(
                CLAIM_LABEL.zh.format(name=label.zh, unit=unit.zh),
                CLAIM_LABEL.en.format(name=label.en, unit=unit.en),
            )
            kind: Kind = "money" if label.unit == "fen" else "text"
            out.append(Field(claim_field(module or "", code), name, kind))
        return out

    def module(self) -> str | None:
        chosen = self.query_one("#module", Select).value
        return None if chosen is Select.NULL else str(chosen)

    @on(Select.Changed, "#module")
    async def module_chosen(self) -> None:
        """The inputs of the chosen module's figures in place of the last one's (mounted only for
        the module chosen: a tenant with every module on would otherwise wait for hundreds)."""
        chosen = self.module()
        if chosen == self.chosen:
            return
        for field in self.claim_fields(self.chosen):
            self.typed[field.name] = self.query_one(f"#{widget_id(field.name)}", Input).value
        await self.query(".claim").remove()
        self.chosen = chosen
        rows: list[Widget] = []
        for field in self.claim_fields(chosen):
            shown = self.widget(field)
            if isinstance(shown, Input) and field.name in self.typed:
                shown.value = self.typed[field.name]
            error = Static("", id=f"{widget_id(field.name)}-error", classes="field-error claim", markup=False)
            error.display = False
            rows += [Label(str(field.label), classes="field-label claim"), shown.add_class("claim"), error]
        await self.query_one(".form-grid", Grid).mount_all(rows)

    def on_mount(self) -> None:
        super().on_mount()
        # the edited module's inputs, composed by the kit: each with its label before it and its
        # error after it in the grid, all three replaced when another module is chosen
        cells = list(self.query_one(".form-grid", Grid).children)
        for field in self.claim_fields(self.chosen):
            at = cells.index(self.query_one(f"#{widget_id(field.name)}"))
            for cell in cells[at - 1 : at + 2]:
                cell.add_class("claim")

    def value(self, field: Field) -> Any:
        if not field.name.startswith("claim__"):
            return super().value(field)
        module, code = field.name.split("__")[1:]
        if field.kind == "money":
            return super().value(field)  # yuan to integer fen, or the kit's error
        text = self.query_one(f"#{widget_id(field.name)}", Input).value.strip().replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text.rstrip("%"))
        except InvalidOperation:
            raise Unsendable(field.name, NOT_A_FIGURE) from None
        if not number.is_finite():
            raise Unsendable(field.name, NOT_A_FIGURE)
        if self.figures[module][code].unit == "ratio":
            number /= 100
        return int(number) if number == number.to_integral_value() else float(number)

    def body(self) -> dict[str, Any]:
        out = super().body()
        module = self.module()
        self.sent = []
        claims: list[dict[str, Any]] = []
        for code in self.figures.get(module or "", {}):
            value = out.pop(claim_field(module or "", code), None)
            if value is not None:
                self.sent.append(code)
                claims.append({"figure": code, "claimed": value})
        for name in [n for n in out if n.startswith("claim__")]:
            del out[name]
        out["figures"] = claims
        return out

    def show_problem(self, error: ApiError) -> None:
        module = self.module() or ""
        names = {f.name for f in self.fields()}
        for item in error.errors:
            found = re.search(r"figures\[(\d+)\]", item.field)
            if found and int(found[1]) < len(self.sent):
                self.show_error(claim_field(module, self.sent[int(found[1])]), item.message)
            elif "figures" in item.field:
                self.show_error("module", item.message)  # the claims as a whole: they need the module
            elif (field := next((c for c in candidates(item.field) if c in names), None)) is not None:
                self.show_error(field, item.message)

    async def submit(self, body: dict[str, Any]) -> Nomination:
        api = ReviewApi.of(self.app)
        if self.nomination_id is None:
            return await api.nominate(self.year, body)
        return await api.rewrite(self.year, self.nomination_id, body)


class ScoreForm(FormModal[Nomination]):
    """A reviewer's scores of one nomination: a score (and a comment) per published criterion.
    The API names a wrong score by its place in the list sent (`scores[1].score`): the form
    shows it under that criterion's field."""

    HEADING = SCORE
    SUBMIT = SCORE

    def __init__(self, review: Review, nomination: Nomination) -> None:
        values: dict[str, Any] = {}
        for s in nomination.scores or []:
            values[f"score_{s.criterion_id}"] = s.score
            values[f"comment_{s.criterion_id}"] = s.comment or None
        super().__init__(values, title=SCORE_HEADING(title=nomination.title))
        self.review = review
        self.nomination = nomination
        self.sent: list[int] = []  # the criteria in the order their scores were sent

    def fields(self) -> Sequence[Field]:
        out: list[Field] = []
        for c in self.review.criteria:
            out.append(
                Field(
                    f"score_{c.id}",
                    L(
                        CRITERION.zh.format(name=c.name_zh, max=c.max_score),
                        CRITERION.en.format(name=c.name_en, max=c.max_score),
                    ),
                    "int",
                )
            )
            out.append(
                Field(f"comment_{c.id}", L(COMMENT.zh.format(name=c.name_zh), COMMENT.en.format(name=c.name_en)))
            )
        return out

    def body(self) -> dict[str, Any]:
        flat = super().body()
        self.sent = []
        scores = []
        for c in self.review.criteria:
            if f"score_{c.id}" in flat:
                self.sent.append(c.id)
                scores.append(
                    {"criterion_id": c.id, "score": flat[f"score_{c.id}"], "comment": flat.get(f"comment_{c.id}") or ""}
                )
        return {"scores": scores}

    def show_problem(self, error: ApiError) -> None:
        first = self.review.criteria[0].id if self.review.criteria else None
        for item in error.errors:
            found = re.search(r"scores\[(\d+)\]\.(\w+)", item.field)
            if found and int(found[1]) < len(self.sent):
                criterion = self.sent[int(found[1])]
                name = f"comment_{criterion}" if found[2] == "comment" else f"score_{criterion}"
                self.show_error(name, item.message)
            elif first is not None:
                self.show_error(f"score_{first}", item.message)

    async def submit(self, body: dict[str, Any]) -> Nomination:
        return await ReviewApi(self.app.client, None).score(self.review.year, self.nomination.id, body)


class PublishForm(FormModal[Result]):
    """The platform admin's selection: ticked among the submitted nominations (highest total first)
    and published in that order."""

    HEADING = PUBLISH
    SUBMIT = PUBLISH

    def __init__(self, year: int, standings: Sequence[Standing]) -> None:
        super().__init__(title=PUBLISH_HEADING(year=year))
        self.year = year
        self.standings = list(standings)

    def fields(self) -> Sequence[Field]:
        choices = [(f"{s.title} · {s.tenant_name or s.tenant} · {s.total:g}", s.nomination) for s in self.standings]
        return (Field("nominations", SELECTION, "many", choices=choices),)

    def body(self) -> dict[str, Any]:
        chosen = set(super().body().get("nominations") or [])
        return {"nominations": [s.nomination for s in self.standings if s.nomination in chosen]}

    async def submit(self, body: dict[str, Any]) -> Result:
        return await ReviewApi(self.app.client, None).publish(self.year, body)
