"""The yearly innovation review (年度工会工作创新项目评选): the regional federation publishes a
year's criteria, every tenant puts forward its innovation projects (申报), a panel of reviewers
(评审专家, the `reviewer` role) scores the submitted ones on the criteria, and the platform admin
publishes the selection (2017: five projects, one per city).

Who sees what: a tenant sees its own nominations, drafts included, and the published result;
never another tenant's nominations, and no score before publication. A reviewer sees the submitted
nominations and their own scores; the platform admin sees every score. The database keeps the
rules that matter whatever this code does (see the migration named in `tables.py`).

A nomination's claimed figures are named as in its module's report; the composition root
(`server/review.py`) reads each beside the figure the report computes, since the platform does not
run module reports itself. Here, `known_figures` is the module's figure catalogue (what its report can give).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from server import messages
from server.errors import Conflict, FieldError, InvalidInput, NotFound, invalid
from server.infra.db import DB
from server.infra.figures import FigureLabel
from server.infra.pagination import Page, keyset_sql
from server.infra.types import Code, Id, Name, Score, Text, Year
from server.infra.workdays import today
from server.messages import DEFAULT_LANGUAGE
from server.modules import registry
from server.platform import messages as msg
from server.platform import service
from server.platform.roles import Actor, Role
from server.platform.tables import (
    Account,
    Nomination,
    NominationFigure,
    Review,
    ReviewCriterion,
    ReviewScore,
    ReviewSelection,
)

STATES = ("draft", "open", "scoring", "published")
CLAIMED_MAX = 1e15  # a figure in fen of a whole region's year fits well below

MaxScore = Annotated[int, Meta(ge=1, le=100, description="a criterion's full marks (1 … 100)")]
Claimed = Annotated[float, Meta(ge=0, le=CLAIMED_MAX, description="the figure as claimed, ≥ 0")]


# --- what comes in ----------------------------------------------------------------------------


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    year: Year
    title_zh: Name
    title_en: Name
    deadline: dt.date  # nominations are taken until the end of this day (Asia/Shanghai)


class ReviewPatch(msgspec.Struct, forbid_unknown_fields=True):
    """What changes of a review (a field left out stays): the titles, and a draft's deadline."""

    title_zh: Name | None = None
    title_en: Name | None = None
    deadline: dt.date | None = None


class CriterionIn(msgspec.Struct, forbid_unknown_fields=True):
    name_zh: Name
    name_en: Name
    max_score: MaxScore
    description: Text = ""


class CriteriaIn(msgspec.Struct, forbid_unknown_fields=True):
    criteria: Annotated[list[CriterionIn], Meta(max_length=20)]


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True):
    figure: Code  # the figure's name in the module's report, e.g. `senior_via_competition`
    claimed: Claimed


class NominationIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Name
    summary: Text = ""
    module: Code | None = None  # the module the project runs on, if any
    figures: Annotated[list[ClaimIn], Meta(max_length=50)] = []


class ScoreIn(msgspec.Struct, forbid_unknown_fields=True):
    criterion_id: Id
    score: Score
    comment: Text = ""


class ScoresIn(msgspec.Struct, forbid_unknown_fields=True):
    scores: Annotated[list[ScoreIn], Meta(min_length=1, max_length=20)]


class SelectionIn(msgspec.Struct, forbid_unknown_fields=True):
    nominations: Annotated[list[Id], Meta(min_length=1, max_length=100)]  # in the published order


# --- what goes out ----------------------------------------------------------------------------


class CriterionOut(msgspec.Struct):
    id: int
    position: int
    name_zh: str
    name_en: str
    description: str
    max_score: int


class ReviewOut(msgspec.Struct):
    year: int
    title_zh: str
    title_en: str
    deadline: dt.date
    state: str
    criteria: list[CriterionOut]
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    published_at: dt.datetime | None = None


class Claim(msgspec.Struct):
    figure: str
    claimed: int | float
    computed: int | float | None = None  # what the module's report gives now (null: the module is off)
    # from the module's figure catalogue, as a report answers them (server/reports.py): what the
    # figure is, and each value written for a reader in the request's language (¥1,300,000.00)
    label: FigureLabel | None = None
    claimed_text: str | None = None
    computed_text: str | None = None

    def shown(self, lang: str) -> str:
        """The figure's name for a reader: its label in `lang`, or its code."""
        if self.label is None:
            return self.figure
        return self.label.en if lang == "en" else self.label.zh


class ScoreOut(msgspec.Struct):
    criterion_id: int
    reviewer: str  # the account's name for the panel; for a tenant, 评审一 / Reviewer 1 (anonymous)
    score: int
    comment: str


class NominationOut(msgspec.Struct):
    id: int
    year: int
    tenant: str
    title: str
    summary: str
    module: str | None
    state: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    figures: list[Claim]
    scores: list[ScoreOut] | None = None  # null where the reader may not see them (before publication)
    total: float | None = None  # the sum over criteria of the reviewers' mean score
    rank: int | None = None  # its place in the published selection
    # in words, in the request's language: the tenant's name, the module's
    tenant_name: str | None = None
    module_name: str | None = None


class Standing(msgspec.Struct):
    nomination: int
    tenant: str
    title: str
    module: str | None
    total: float
    reviewers: int
    scores: int
    # in words, in the request's language: the tenant's name, the module's
    tenant_name: str | None = None
    module_name: str | None = None

    @classmethod
    def tabulate(cls, answers: list[Standing], lang: str) -> tuple[list[str], list[list[object]]]:
        """The export, its header in words: a row per nomination, highest total first, the tenant
        and the module by their names."""
        headers = [w[1] if lang == "en" else w[0] for w in STANDING_COLUMNS]
        rows: list[list[object]] = [
            [
                s.nomination,
                s.tenant_name or s.tenant,
                s.title,
                s.module_name or s.module,
                s.total,
                s.reviewers,
                s.scores,
            ]
            for s in answers
        ]
        return headers, rows


STANDING_COLUMNS = [
    ("申报编号", "Nomination"),
    ("租户", "Tenant"),
    ("项目名称", "Title"),
    ("依托模块", "Module"),
    ("总分", "Total"),
    ("评审人数", "Reviewers"),
    ("评分条数", "Scores"),
]
RESULT_COLUMNS = [
    ("年度", "Year"),
    ("名次", "Rank"),
    ("租户", "Tenant"),
    ("项目名称", "Title"),
    ("依托模块", "Module"),
    ("总分", "Total"),
    ("简介", "Summary"),
    ("申报数据（报表计算值）", "Claimed figures (computed)"),
]


class ResultOut(msgspec.Struct):
    review: ReviewOut
    selected: list[NominationOut]

    @classmethod
    def tabulate(cls, answers: list[ResultOut], lang: str) -> tuple[list[str], list[list[object]]]:
        """The export, its header in words: a row per selected project, in its order, its claimed
        (and computed) figures in one cell."""
        headers = [w[1] if lang == "en" else w[0] for w in RESULT_COLUMNS]
        rows: list[list[object]] = []
        for a in answers:
            for n in a.selected:
                claims = "; ".join(
                    f"{c.shown(lang)}: {c.claimed_text or f'{c.claimed:g}'}"
                    + (f" ({c.computed_text})" if c.computed_text is not None else "")
                    for c in n.figures
                )
                tenant, module = n.tenant_name or n.tenant, n.module_name or n.module
                rows.append([n.year, n.rank, tenant, n.title, module, n.total, n.summary, claims])
        return headers, rows


# --- in words ---------------------------------------------------------------------------------


def module_name(module: str | None, lang: str) -> str | None:
    """A module by its name in `lang` (the registry's: static code, no tenant's data)."""
    spec = registry.get(module) if module else None
    if spec is None:
        return module
    return spec.title_en if lang == "en" else spec.title_zh


async def tenant_names(slugs: Collection[str], lang: str) -> dict[str, str]:
    """Tenants by their names in `lang`, from the platform's tenant table."""
    if not slugs:
        return {}
    return {t.slug: t.name_en if lang == "en" else t.name_zh for t in await service.list_tenants() if t.slug in slugs}


async def named(answers: Sequence[NominationOut | Standing], lang: str) -> None:
    """Write each answer's tenant and module in words, in `lang`."""
    names = await tenant_names({a.tenant for a in answers}, lang)
    for a in answers:
        a.tenant_name = names.get(a.tenant, a.tenant)
        a.module_name = module_name(a.module, lang)


# --- reviews and criteria ---------------------------------------------------------------------


async def _review(year: int) -> dict[str, Any]:
    row = await Review.select().where(Review.year == year).first()
    if row is None:
        raise NotFound(msg.REVIEW_NOT_FOUND, year)
    return row


async def _criteria(review_id: int) -> list[CriterionOut]:
    rows = await ReviewCriterion.select().where(ReviewCriterion.review == review_id).order_by(ReviewCriterion.position)
    return [
        CriterionOut(r["id"], r["position"], r["name_zh"], r["name_en"], r["description"], r["max_score"]) for r in rows
    ]


async def _review_out(row: dict[str, Any]) -> ReviewOut:
    return ReviewOut(
        year=row["year"],
        title_zh=row["title_zh"],
        title_en=row["title_en"],
        deadline=row["deadline"],
        state=row["state"],
        criteria=await _criteria(row["id"]),
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        published_at=row["published_at"],
    )


async def create_review(data: ReviewIn, *, on: dt.date | None = None) -> ReviewOut:
    """A year's review, a draft; its deadline is not before `on` (today, Asia/Shanghai, by default:
    a past review's demo gives the day it was made)."""
    errors: list[FieldError] = []
    for field in ("title_zh", "title_en"):
        if not getattr(data, field).strip():
            errors.append(FieldError(field, messages.EMPTY))
    errors += _deadline_errors(data.deadline, on)
    if errors:
        raise InvalidInput(errors)
    async with DB.transaction():
        if await Review.exists().where(Review.year == data.year):
            raise Conflict(msg.REVIEW_EXISTS, year=data.year)
        await Review.insert(
            Review(
                year=data.year, title_zh=data.title_zh.strip(), title_en=data.title_en.strip(), deadline=data.deadline
            )
        )
    return await get_review(data.year)


def _deadline_errors(deadline: dt.date, on: dt.date | None) -> list[FieldError]:
    """A deadline is today or later (`on`: today, Asia/Shanghai, by default)."""
    day = on or today()
    if deadline < day:
        return [FieldError("deadline", msg.DEADLINE_IN_PAST, deadline=deadline.isoformat(), today=day.isoformat())]
    return []


async def update_review(year: int, data: ReviewPatch, *, on: dt.date | None = None) -> ReviewOut:
    """Rename a review, or move a draft's deadline (not before `on`, today by default): once the
    review opens, its deadline is published and stays."""
    errors: list[FieldError] = []
    for field in ("title_zh", "title_en"):
        value = getattr(data, field)
        if value is not None and not value.strip():
            errors.append(FieldError(field, messages.EMPTY))
    if data.deadline is not None:
        errors += _deadline_errors(data.deadline, on)
    if errors:
        raise InvalidInput(errors)
    async with DB.transaction():
        row = await _locked(year)
        changes: dict[Any, Any] = {}
        if data.deadline is not None and data.deadline != row["deadline"]:
            if row["state"] != "draft":
                raise Conflict(msg.DEADLINE_PUBLISHED, code="review_state", year=year)
            changes[Review.deadline] = data.deadline
        if data.title_zh is not None:
            changes[Review.title_zh] = data.title_zh.strip()
        if data.title_en is not None:
            changes[Review.title_en] = data.title_en.strip()
        if changes:
            await Review.update(changes).where(Review.id == row["id"])
    return await get_review(year)


async def get_review(year: int, *, published_criteria_only: bool = False) -> ReviewOut:
    """A review; for a tenant (`published_criteria_only`), a draft does not exist yet."""
    row = await _review(year)
    if published_criteria_only and row["state"] == "draft":
        raise NotFound(msg.REVIEW_NOT_FOUND, year)
    return await _review_out(row)


async def list_reviews(*, include_drafts: bool = True, limit: int = 50, cursor: str | None = None) -> Page[ReviewOut]:
    """The reviews, newest year first (a tenant's list leaves out drafts)."""
    sql = "SELECT id, year FROM platform.review" + ("" if include_drafts else " WHERE state <> 'draft'")
    rows, nxt = await keyset_sql(sql, key="year", limit=limit, cursor=cursor, descending=True)
    return Page([await get_review(r["year"]) for r in rows], nxt)


async def set_criteria(year: int, data: CriteriaIn) -> ReviewOut:
    """Replace a draft review's criteria (they are published when the review opens)."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, c in enumerate(data.criteria):
        for field in ("name_zh", "name_en"):
            if not getattr(c, field).strip():
                errors.append(FieldError(f"criteria[{i}].{field}", messages.EMPTY))
        if c.name_zh.strip() in seen:
            errors.append(FieldError(f"criteria[{i}].name_zh", messages.LISTED_TWICE))
        seen.add(c.name_zh.strip())
    if errors:
        raise InvalidInput(errors)
    async with DB.transaction():
        row = await _locked(year)
        if row["state"] != "draft":
            raise Conflict(msg.CRITERIA_PUBLISHED, code="review_state", year=year)
        await ReviewCriterion.delete().where(ReviewCriterion.review == row["id"])
        if data.criteria:
            await ReviewCriterion.insert(
                *(
                    ReviewCriterion(
                        review=row["id"],
                        position=i,
                        name_zh=c.name_zh.strip(),
                        name_en=c.name_en.strip(),
                        description=c.description.strip(),
                        max_score=c.max_score,
                    )
                    for i, c in enumerate(data.criteria, start=1)
                )
            )
    return await get_review(year)


async def _locked(year: int) -> dict[str, Any]:
    """The review's row, locked for the transaction: state changes and writes that depend on the
    state are serialised."""
    row = await Review.select().where(Review.year == year).lock_rows().first()
    if row is None:
        raise NotFound(msg.REVIEW_NOT_FOUND, year)
    return row


async def open_review(year: int, *, on: dt.date | None = None) -> ReviewOut:
    """Publish the criteria and take nominations (draft → open) until the deadline, which has not
    passed (`on`: today by default); a draft whose deadline passed has it moved first."""
    async with DB.transaction():
        row = await _locked(year)
        if row["state"] != "draft":
            raise Conflict(msg.CRITERIA_PUBLISHED, code="review_state", year=year)
        if not await ReviewCriterion.exists().where(ReviewCriterion.review == row["id"]):
            raise invalid("criteria", msg.NO_CRITERIA)
        if errors := _deadline_errors(row["deadline"], on):
            raise InvalidInput(errors)
        await Review.update({Review.state: "open", Review.opened_at: dt.datetime.now(dt.UTC)}).where(
            Review.id == row["id"]
        )
    return await get_review(year)


async def close_nominations(year: int, *, on: dt.date | None = None) -> ReviewOut:
    """End nominations once the deadline has passed (open → scoring): they are frozen from now on."""
    day = on or today()
    async with DB.transaction():
        row = await _locked(year)
        if row["state"] != "open":
            raise Conflict(msg.REVIEW_NOT_OPEN, code="review_state", year=year, state=row["state"])
        if day <= row["deadline"]:
            raise Conflict(msg.DEADLINE_NOT_PASSED, code="review_state", deadline=row["deadline"].isoformat())
        await Review.update({Review.state: "scoring", Review.closed_at: dt.datetime.now(dt.UTC)}).where(
            Review.id == row["id"]
        )
    return await get_review(year)


# --- nominations (a tenant's) -----------------------------------------------------------------


def _reporting_modules() -> list[str]:
    return [m for m in registry.SWITCHABLE if (spec := registry.get(m)) is not None and spec.report is not None]


async def check_nomination(
    tenant: str, data: NominationIn, known_figures: Collection[str] | None, lang: str = DEFAULT_LANGUAGE
) -> None:
    """The nomination's own fields; `known_figures` are the figures the module's report gives
    (an unknown one names the module by its name in `lang`, the request's language)."""
    errors: list[FieldError] = []
    if not data.title.strip():
        errors.append(FieldError("title", messages.EMPTY))
    if data.module is not None:
        modules = _reporting_modules()
        if data.module not in modules:
            errors.append(
                FieldError("module", msg.NOT_A_REPORTING_MODULE, module=data.module, known=", ".join(modules))
            )
        elif not service.module_enabled(await service.get_tenant(tenant), data.module):
            errors.append(FieldError("module", msg.MODULE_OFF_FOR_TENANT, module=module_name(data.module, lang)))
    elif data.figures:
        errors.append(FieldError("figures", msg.CLAIMS_NEED_MODULE))
    seen: set[str] = set()
    for i, f in enumerate(data.figures):
        if f.figure in seen:
            errors.append(FieldError(f"figures[{i}].figure", messages.LISTED_TWICE))
        seen.add(f.figure)
        if known_figures is not None and f.figure not in known_figures:
            errors.append(
                FieldError(
                    f"figures[{i}].figure",
                    msg.UNKNOWN_FIGURE,
                    module=module_name(data.module, lang),
                    figure=f.figure,
                    known=", ".join(known_figures),
                )
            )
    if errors:
        raise InvalidInput(errors)


async def _taking_nominations(year: int, on: dt.date | None) -> dict[str, Any]:
    row = await _locked(year)
    if row["state"] != "open":
        raise Conflict(msg.REVIEW_NOT_OPEN, code="review_state", year=year, state=row["state"])
    if (on or today()) > row["deadline"]:
        raise Conflict(msg.NOMINATIONS_CLOSED, code="review_state", year=year, deadline=row["deadline"].isoformat())
    return row


async def _write_figures(nomination_id: int, data: NominationIn) -> None:
    await NominationFigure.delete().where(NominationFigure.nomination == nomination_id)
    if data.figures:
        await NominationFigure.insert(
            *(
                NominationFigure(nomination=nomination_id, position=i, figure=f.figure, claimed=f.claimed)
                for i, f in enumerate(data.figures, start=1)
            )
        )


async def create_nomination(
    year: int,
    tenant: str,
    data: NominationIn,
    known_figures: Collection[str] | None,
    *,
    on: dt.date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> NominationOut:
    """A tenant's draft nomination (`on`: the day it is made, today by default; `lang`: its
    errors' words)."""
    await check_nomination(tenant, data, known_figures, lang)
    async with DB.transaction():
        review = await _taking_nominations(year, on)
        if await Nomination.exists().where(
            (Nomination.review == review["id"])
            & (Nomination.tenant_slug == tenant)
            & (Nomination.title == data.title.strip())
        ):
            raise invalid("title", messages.LISTED_TWICE)
        row = (
            await Nomination.insert(
                Nomination(
                    review=review["id"],
                    tenant_slug=tenant,
                    title=data.title.strip(),
                    summary=data.summary.strip(),
                    module=data.module,
                )
            ).returning(Nomination.id)
        )[0]
        await _write_figures(row["id"], data)
    return await tenant_nomination(year, tenant, row["id"])


async def _own(year: int, tenant: str, nomination_id: int) -> dict[str, Any]:
    """The tenant's own nomination of that year; another tenant's answers as if it did not exist."""
    row = (
        await Nomination.select(*Nomination.all_columns(), Nomination.review.year)
        .where((Nomination.id == nomination_id) & (Nomination.tenant_slug == tenant) & (Nomination.review.year == year))
        .first()
    )
    if row is None:
        raise NotFound(msg.NOMINATION_NOT_FOUND, nomination_id)
    return row


async def update_nomination(
    year: int,
    tenant: str,
    nomination_id: int,
    data: NominationIn,
    known_figures: Collection[str] | None,
    *,
    on: dt.date | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> NominationOut:
    """Rewrite a nomination (draft or submitted) while nominations are taken."""
    await check_nomination(tenant, data, known_figures, lang)
    async with DB.transaction():
        await _taking_nominations(year, on)
        await _own(year, tenant, nomination_id)
        await Nomination.update(
            {
                Nomination.title: data.title.strip(),
                Nomination.summary: data.summary.strip(),
                Nomination.module: data.module,
                Nomination.updated_at: dt.datetime.now(dt.UTC),
            }
        ).where(Nomination.id == nomination_id)
        await _write_figures(nomination_id, data)
    return await tenant_nomination(year, tenant, nomination_id)


async def submit_nomination(year: int, tenant: str, nomination_id: int, *, on: dt.date | None = None) -> NominationOut:
    """Put a draft forward to the panel (it stays editable until nominations close)."""
    async with DB.transaction():
        await _taking_nominations(year, on)
        row = await _own(year, tenant, nomination_id)
        if row["state"] == "draft":
            now = dt.datetime.now(dt.UTC)
            await Nomination.update(
                {Nomination.state: "submitted", Nomination.submitted_at: now, Nomination.updated_at: now}
            ).where(Nomination.id == nomination_id)
    return await tenant_nomination(year, tenant, nomination_id)


async def withdraw_nomination(year: int, tenant: str, nomination_id: int, *, on: dt.date | None = None) -> None:
    async with DB.transaction():
        await _taking_nominations(year, on)
        await _own(year, tenant, nomination_id)
        await Nomination.delete().where(Nomination.id == nomination_id)


# --- reading nominations ----------------------------------------------------------------------


async def _claims(ids: list[int]) -> dict[int, list[Claim]]:
    out: dict[int, list[Claim]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = (
        await NominationFigure.select()
        .where(NominationFigure.nomination.is_in(ids))
        .order_by(NominationFigure.nomination)
        .order_by(NominationFigure.position)
    )
    for r in rows:
        value = r["claimed"]
        out[r["nomination"]].append(Claim(r["figure"], int(value) if float(value).is_integer() else value))
    return out


ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (a panel is far smaller than a hundred)."""
    if n < 10:
        return ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[ones] if ones else "")
    return str(n)


def anonymous(position: int, lang: str) -> str:
    """A reviewer as a tenant reads them: 评审一 / Reviewer 1, by their place on the review's panel."""
    return msg.ANONYMOUS_REVIEWER.render(lang, {"n": zh_number(position) if lang != "en" else position})


async def _panel_places(review_id: int) -> dict[int, int]:
    """Each reviewer who scored in the review, numbered from 1 in the order of their accounts:
    the same reviewer has the same number on every nomination of the review."""
    rows = await ReviewScore.raw(
        """SELECT DISTINCT s.reviewer_account_id AS account FROM platform.review_score s
             JOIN platform.nomination n ON n.id = s.nomination
            WHERE n.review = {} ORDER BY 1""",
        review_id,
    )
    return {r["account"]: i for i, r in enumerate(rows, start=1)}


async def _scores(
    ids: list[int], reviewer_account_id: int | None = None, *, anonymous_in: tuple[int, str] | None = None
) -> dict[int, list[ScoreOut]]:
    """The scores of these nominations (one reviewer's when given). `anonymous_in`: (review, language)
    for a tenant's eyes, each reviewer named by their place on the panel instead of their account."""
    out: dict[int, list[ScoreOut]] = {i: [] for i in ids}
    if not ids:
        return out
    query = ReviewScore.select(
        ReviewScore.nomination,
        ReviewScore.criterion,
        ReviewScore.reviewer_account_id,
        ReviewScore.score,
        ReviewScore.comment,
    ).where(ReviewScore.nomination.is_in(ids))
    if reviewer_account_id is not None:
        query = query.where(ReviewScore.reviewer_account_id == reviewer_account_id)
    rows = await query.order_by(ReviewScore.id)
    if anonymous_in is not None:
        review_id, lang = anonymous_in
        places = await _panel_places(review_id)
        names = {account: anonymous(place, lang) for account, place in places.items()}
    else:
        names = {
            a["id"]: a["name"]
            for a in await Account.select(Account.id, Account.name).where(
                Account.id.is_in(list({r["reviewer_account_id"] for r in rows}) or [0])
            )
        }
    for r in rows:
        out[r["nomination"]].append(
            ScoreOut(r["criterion"], names.get(r["reviewer_account_id"], "?"), r["score"], r["comment"])
        )
    return out


async def _totals(review_id: int) -> dict[int, tuple[float, int, int]]:
    """Per nomination: the sum over criteria of the reviewers' mean score, the reviewers, the scores."""
    rows = await Review.raw(
        """SELECT n.id, coalesce(sum(c.mean), 0)::float AS total,
                  (SELECT count(DISTINCT reviewer_account_id) FROM platform.review_score s WHERE s.nomination = n.id)::int
                      AS reviewers,
                  (SELECT count(*) FROM platform.review_score s WHERE s.nomination = n.id)::int AS scores
             FROM platform.nomination n
             LEFT JOIN (SELECT nomination, criterion, avg(score) AS mean FROM platform.review_score
                         GROUP BY nomination, criterion) c ON c.nomination = n.id
            WHERE n.review = {} AND n.state = 'submitted'
            GROUP BY n.id""",
        review_id,
    )
    return {r["id"]: (round(r["total"], 2), r["reviewers"], r["scores"]) for r in rows}


async def _ranks(review_id: int) -> dict[int, int]:
    rows = await ReviewSelection.select(ReviewSelection.nomination, ReviewSelection.rank).where(
        ReviewSelection.review == review_id
    )
    return {r["nomination"]: r["rank"] for r in rows}


async def _outs(rows: list[dict[str, Any]], year: int, review: dict[str, Any], *, scores: str) -> list[NominationOut]:
    """`scores`: "none" (hidden), "own:<account id>" (a reviewer's own), "all" (named, the panel's
    view), "anon:<language>" (all, each reviewer by their place on the panel: a tenant's view)."""
    ids = [r["id"] for r in rows]
    claims = await _claims(ids)
    shown: dict[int, list[ScoreOut]] | None = None
    totals: dict[int, tuple[float, int, int]] = {}
    if scores == "all":
        shown = await _scores(ids)
        totals = await _totals(review["id"])
    elif scores.startswith("anon:"):
        shown = await _scores(ids, anonymous_in=(review["id"], scores[5:]))
        totals = await _totals(review["id"])
    elif scores.startswith("own:"):
        shown = await _scores(ids, int(scores[4:]))
    ranks = await _ranks(review["id"]) if review["state"] == "published" else {}
    return [
        NominationOut(
            id=r["id"],
            year=year,
            tenant=r["tenant_slug"],
            title=r["title"],
            summary=r["summary"],
            module=r["module"],
            state=r["state"],
            created_at=r["created_at"],
            submitted_at=r["submitted_at"],
            figures=claims[r["id"]],
            scores=shown[r["id"]] if shown is not None else None,
            total=totals[r["id"]][0] if r["id"] in totals else None,
            rank=ranks.get(r["id"]),
        )
        for r in rows
    ]


def _tenant_sees_scores(review: dict[str, Any], lang: str) -> str:
    """A tenant sees the scores once published, and never who gave them."""
    return f"anon:{lang}" if review["state"] == "published" else "none"


async def tenant_nominations(
    year: int, tenant: str, *, limit: int = 50, cursor: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> Page[NominationOut]:
    """A tenant's own nominations of the year, drafts included; scores only once published."""
    review = await _review(year)
    if review["state"] == "draft":
        raise NotFound(msg.REVIEW_NOT_FOUND, year)
    rows, nxt = await keyset_sql(
        "SELECT * FROM platform.nomination WHERE review = $1 AND tenant_slug = $2",
        review["id"],
        tenant,
        limit=limit,
        cursor=cursor,
    )
    return Page(await _outs([dict(r) for r in rows], year, review, scores=_tenant_sees_scores(review, lang)), nxt)


async def tenant_nomination(year: int, tenant: str, nomination_id: int, lang: str = DEFAULT_LANGUAGE) -> NominationOut:
    row = await _own(year, tenant, nomination_id)
    review = await _review(year)
    return (await _outs([row], year, review, scores=_tenant_sees_scores(review, lang)))[0]


def _panel_scores(actor: Actor) -> str:
    return "all" if actor.role is Role.platform_admin else f"own:{actor.account_id}"


async def panel_nominations(
    year: int, actor: Actor, *, tenant: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[NominationOut]:
    """The submitted nominations (never a tenant's drafts), with the scores the reader may see:
    a reviewer their own, the platform admin every one."""
    review = await _review(year)
    args: list[Any] = [review["id"]]
    sql = "SELECT * FROM platform.nomination WHERE review = $1 AND state = 'submitted'"
    if tenant is not None:
        args.append(tenant)
        sql += " AND tenant_slug = $2"
    rows, nxt = await keyset_sql(sql, *args, limit=limit, cursor=cursor)
    return Page(await _outs([dict(r) for r in rows], year, review, scores=_panel_scores(actor)), nxt)


async def panel_nomination(year: int, nomination_id: int, actor: Actor) -> NominationOut:
    review = await _review(year)
    row = (
        await Nomination.select()
        .where(
            (Nomination.id == nomination_id) & (Nomination.review == review["id"]) & (Nomination.state == "submitted")
        )
        .first()
    )
    if row is None:
        raise NotFound(msg.NOMINATION_NOT_FOUND, nomination_id)
    return (await _outs([row], year, review, scores=_panel_scores(actor)))[0]


# --- scoring, standings, publication ----------------------------------------------------------


async def score(year: int, nomination_id: int, data: ScoresIn, actor: Actor) -> NominationOut:
    """A reviewer's scores of one nomination (scoring a criterion again replaces the score)."""
    async with DB.transaction():
        review = await _locked(year)
        if review["state"] != "scoring":
            raise Conflict(msg.NOT_SCORING, code="review_state", year=year, state=review["state"])
        row = (
            await Nomination.select(Nomination.state)
            .where((Nomination.id == nomination_id) & (Nomination.review == review["id"]))
            .first()
        )
        if row is None:
            raise NotFound(msg.NOMINATION_NOT_FOUND, nomination_id)
        if row["state"] != "submitted":
            raise NotFound(msg.NOMINATION_NOT_FOUND, nomination_id)  # a draft is nobody's business but its tenant's
        maxima = {c.id: c.max_score for c in await _criteria(review["id"])}
        errors: list[FieldError] = []
        seen: set[int] = set()
        for i, s in enumerate(data.scores):
            if s.criterion_id not in maxima:
                errors.append(
                    FieldError(f"scores[{i}].criterion_id", msg.CRITERION_NOT_OF_REVIEW, key=s.criterion_id, year=year)
                )
            elif s.score > maxima[s.criterion_id]:
                errors.append(FieldError(f"scores[{i}].score", msg.SCORE_ABOVE_MAX, max=maxima[s.criterion_id]))
            if s.criterion_id in seen:
                errors.append(FieldError(f"scores[{i}].criterion_id", messages.LISTED_TWICE))
            seen.add(s.criterion_id)
        if errors:
            raise InvalidInput(errors)
        now = dt.datetime.now(dt.UTC)
        await ReviewScore.insert(
            *(
                ReviewScore(
                    nomination=nomination_id,
                    criterion=s.criterion_id,
                    reviewer_account_id=actor.account_id,
                    score=s.score,
                    comment=s.comment.strip(),
                    scored_at=now,
                )
                for s in data.scores
            )
        ).on_conflict(
            target=(ReviewScore.nomination, ReviewScore.criterion, ReviewScore.reviewer_account_id),
            action="DO UPDATE",
            values=[ReviewScore.score, ReviewScore.comment, ReviewScore.scored_at],
        )
    return await panel_nomination(year, nomination_id, actor)


async def standings(year: int, lang: str = DEFAULT_LANGUAGE) -> list[Standing]:
    """The submitted nominations by total, highest first: what the platform admin selects from
    (the tenants and modules named in `lang`)."""
    review = await _review(year)
    totals = await _totals(review["id"])
    rows = await Nomination.select().where((Nomination.review == review["id"]) & (Nomination.state == "submitted"))
    out = [
        Standing(r["id"], r["tenant_slug"], r["title"], r["module"], *totals.get(r["id"], (0.0, 0, 0))) for r in rows
    ]
    out.sort(key=lambda s: (-s.total, s.nomination))
    await named(out, lang)
    return out


async def publish(year: int, data: SelectionIn) -> ResultOut:
    """Publish the selection, in the order given (scoring → published): scores and the result
    become visible to the tenants, and nothing of the review changes any more."""
    async with DB.transaction():
        review = await _locked(year)
        if review["state"] != "scoring":
            raise Conflict(msg.NOT_SCORING, code="review_state", year=year, state=review["state"])
        submitted = {
            r["id"]
            for r in await Nomination.select(Nomination.id).where(
                (Nomination.review == review["id"]) & (Nomination.state == "submitted")
            )
        }
        errors: list[FieldError] = []
        for i, n in enumerate(data.nominations):
            if n not in submitted:
                errors.append(FieldError(f"nominations[{i}]", msg.NOT_SUBMITTED, key=n))
            if n in data.nominations[:i]:
                errors.append(FieldError(f"nominations[{i}]", messages.LISTED_TWICE))
        if errors:
            raise InvalidInput(errors)
        await ReviewSelection.insert(
            *(
                ReviewSelection(review=review["id"], nomination=n, rank=rank)
                for rank, n in enumerate(data.nominations, start=1)
            )
        )
        await Review.update({Review.state: "published", Review.published_at: dt.datetime.now(dt.UTC)}).where(
            Review.id == review["id"]
        )
    return await result(year)


async def result(year: int, *, anonymous_in: str | None = None) -> ResultOut:
    """The published selection, with each project's scores and total (for everyone, once published);
    `anonymous_in` (a language): for a tenant, the reviewers by their place on the panel."""
    review = await _review(year)
    if review["state"] != "published":
        raise NotFound(msg.NOT_PUBLISHED, code="review_state", year=year)
    ranks = await _ranks(review["id"])
    rows = await Nomination.select().where(Nomination.id.is_in(list(ranks) or [0]))
    scores = f"anon:{anonymous_in}" if anonymous_in is not None else "all"
    selected = await _outs(sorted(rows, key=lambda r: ranks[r["id"]]), year, review, scores=scores)
    return ResultOut(await _review_out(review), selected)
