"""The yearly innovation review's routes, where the platform's review (`server/platform/review.py`)
meets the modules' reports: every claimed figure is shown beside the figure the nominating
tenant's module report computes for the review's year (`reports.report()`, in that tenant's scope).

`/api/v1/platform/reviews/...` is the panel's (the platform admin runs the review, reviewers score);
`/api/v1/t/{tenant}/reviews/...` is a tenant's: its own nominations and the published result, where
the reviewers are anonymous (评审一 / Reviewer 1 …); the panel's routes name them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Collection
from typing import Any, TypeVar

from litestar import Controller, Request, delete, get, patch, post, put

from server.errors import NotFound
from server.infra.db import DB
from server.infra.figures import FigureLabel, Unit
from server.infra.pagination import Page
from server.infra.params import Cursor, Id, Limit, OptCode, Slug, Year
from server.infra.problems import language
from server.modules import registry
from server.modules.contract import Figures, ReportQuery
from server.platform import review
from server.platform import service as platform
from server.platform.auth import ADMINS, STAFF, panel, platform_admin_only, reviewer_only
from server.platform.review import (
    CriteriaIn,
    NominationIn,
    NominationOut,
    ResultOut,
    ReviewIn,
    ReviewOut,
    ReviewPatch,
    ScoresIn,
    SelectionIn,
    Standing,
)
from server.platform.roles import Actor
from server.reports import catalogue, report, show

T = TypeVar("T")


async def _figures(module: str, tenant: str, year: int) -> Figures | None:
    """The module's report for the tenant and year; None when it cannot be computed (the module is
    off for the tenant now)."""
    try:
        return (await report(module, ReportQuery(tenant=tenant, year=year))).figures
    except NotFound:
        return None


def known_figures(data: NominationIn) -> Collection[str] | None:
    """The figures a claim may name: the module's figure catalogue, every figure its report can
    emit whatever the year (what a client offers, from `/me`); None when the nomination names no
    module with a report (the service names what is wrong with the module)."""
    spec = registry.get(data.module) if data.module else None
    if spec is None or spec.report is None:
        return None
    return list(spec.figures)


async def with_computed(nominations: list[NominationOut], lang: str) -> list[NominationOut]:
    """Each claimed figure beside the computed one (one report per tenant and module), labelled
    from the module's figure catalogue and written for a reader in `lang`, as a report is; the
    tenant and the module named in `lang`."""
    await review.named(nominations, lang)
    cache: dict[tuple[str, str], Figures | None] = {}
    for n in nominations:
        if n.module is None or not n.figures:
            continue
        key = (n.tenant, n.module)
        if key not in cache:
            cache[key] = await _figures(n.module, n.tenant, n.year)
        computed = cache[key] or {}
        known = catalogue(n.module)
        for claim in n.figures:
            claim.computed = computed.get(claim.figure)
            figure = known.get(claim.figure)
            unit = figure.unit if figure is not None else Unit.count
            if figure is not None:
                claim.label = FigureLabel(figure.zh, figure.en, figure.unit, figure.additive)
            claim.claimed_text = show(claim.claimed, unit, lang)
            claim.computed_text = show(claim.computed, unit, lang) if claim.computed is not None else None
    return nominations


async def _one(n: NominationOut, lang: str) -> NominationOut:
    return (await with_computed([n], lang))[0]


async def _page(page: Page[NominationOut], lang: str) -> Page[NominationOut]:
    page.items = await with_computed(page.items, lang)
    return page


async def logged_change(action: str, actor: Actor, tenant: str | None, change: Awaitable[T], **detail: Any) -> T:
    """Run a change of the review and write its entry in the platform's activity log, in one
    transaction (the change's own transaction joins this one)."""
    async with DB.transaction():
        done = await change
        await platform.record(action, actor, tenant, {"year": getattr(done, "year", None), **detail})
    return done


async def _result(year: int, lang: str, *, anonymous: bool = False) -> ResultOut:
    """The published selection; for a tenant (`anonymous`), the reviewers by their place."""
    out = await review.result(year, anonymous_in=lang if anonymous else None)
    out.selected = await with_computed(out.selected, lang)
    return out


class PanelReviewController(Controller):
    """`/api/v1/platform/reviews`: the platform admin runs the review, the reviewers score."""

    path = "/reviews"
    tags = ["review"]
    guards = [panel]

    @get("/", summary="The reviews, newest year first")
    async def list_reviews(self, limit: Limit = 50, cursor: Cursor = None) -> Page[ReviewOut]:
        return await review.list_reviews(limit=limit, cursor=cursor)

    @post("/", guards=[platform_admin_only], summary="Start a year's review (a draft)")
    async def create(self, data: ReviewIn, actor: Actor) -> ReviewOut:
        return await logged_change("platform.review.created", actor, None, review.create_review(data))

    @get("/{year:int}", summary="A review and its criteria")
    async def show(self, year: Year) -> ReviewOut:
        return await review.get_review(year)

    @patch(
        "/{year:int}",
        guards=[platform_admin_only],
        summary="Rename a review, or move a draft's deadline (today or later)",
    )
    async def update(self, year: Year, data: ReviewPatch, actor: Actor) -> ReviewOut:
        return await logged_change("platform.review.updated", actor, None, review.update_review(year, data))

    @put("/{year:int}/criteria", guards=[platform_admin_only], summary="Set a draft review's criteria")
    async def criteria(self, year: Year, data: CriteriaIn, actor: Actor) -> ReviewOut:
        return await logged_change("platform.review.criteria_set", actor, None, review.set_criteria(year, data))

    @post(
        "/{year:int}/open",
        status_code=200,
        guards=[platform_admin_only],
        summary="Publish the criteria, take nominations",
    )
    async def open(self, year: Year, actor: Actor) -> ReviewOut:
        return await logged_change("platform.review.opened", actor, None, review.open_review(year))

    @post(
        "/{year:int}/close",
        status_code=200,
        guards=[platform_admin_only],
        summary="Close nominations after the deadline",
    )
    async def close(self, year: Year, actor: Actor) -> ReviewOut:
        return await logged_change("platform.review.closed", actor, None, review.close_nominations(year))

    @get("/{year:int}/nominations", summary="The submitted nominations, claimed beside computed figures")
    async def nominations(
        self, request: Request, year: Year, tenant: OptCode = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[NominationOut]:
        actor: Actor = request.state.actor
        nominations = await review.panel_nominations(year, actor, tenant=tenant, limit=limit, cursor=cursor)
        return await _page(nominations, language(request))

    @get("/{year:int}/nominations/{nomination_id:int}", summary="A submitted nomination")
    async def nomination(self, request: Request, year: Year, nomination_id: Id) -> NominationOut:
        return await _one(await review.panel_nomination(year, nomination_id, request.state.actor), language(request))

    @put(
        "/{year:int}/nominations/{nomination_id:int}/scores",
        guards=[reviewer_only],
        summary="A reviewer's scores of a nomination",
    )
    async def score(self, request: Request, year: Year, nomination_id: Id, data: ScoresIn) -> NominationOut:
        actor: Actor = request.state.actor
        scored = review.score(year, nomination_id, data, actor)
        done = await logged_change("platform.review.scored", actor, None, scored, nomination=nomination_id)
        return await _one(done, language(request))

    @get("/{year:int}/standings", guards=[platform_admin_only], summary="The nominations by total score")
    async def standings(self, request: Request, year: Year) -> list[Standing]:
        return await review.standings(year, language(request))

    @post("/{year:int}/publish", status_code=200, guards=[platform_admin_only], summary="Publish the selection")
    async def publish(self, request: Request, year: Year, data: SelectionIn, actor: Actor) -> ResultOut:
        await logged_change("platform.review.published", actor, None, review.publish(year, data))
        return await _result(year, language(request))

    @get("/{year:int}/result", summary="The published selection")
    async def result(self, request: Request, year: Year) -> ResultOut:
        return await _result(year, language(request))


class TenantReviewController(Controller):
    """`/api/v1/t/{tenant}/reviews`: a tenant's own nominations and the published result."""

    path = "/reviews"
    tags = ["review"]
    guards = [STAFF]

    @get("/", summary="The reviews whose criteria are published")
    async def list_reviews(self, limit: Limit = 50, cursor: Cursor = None) -> Page[ReviewOut]:
        return await review.list_reviews(include_drafts=False, limit=limit, cursor=cursor)

    @get("/{year:int}", summary="A review and its published criteria")
    async def show(self, year: Year) -> ReviewOut:
        return await review.get_review(year, published_criteria_only=True)

    @get("/{year:int}/nominations", summary="This tenant's nominations (drafts too)")
    async def nominations(
        self, request: Request, tenant: Slug, year: Year, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[NominationOut]:
        lang = language(request)
        return await _page(await review.tenant_nominations(year, tenant, limit=limit, cursor=cursor, lang=lang), lang)

    @post("/{year:int}/nominations", guards=[ADMINS], summary="Nominate an innovation project (a draft)")
    async def nominate(
        self, request: Request, tenant: Slug, year: Year, data: NominationIn, actor: Actor
    ) -> NominationOut:
        known, lang = known_figures(data), language(request)
        made = review.create_nomination(year, tenant, data, known, lang=lang)
        return await _one(await logged_change("platform.nomination.created", actor, tenant, made), lang)

    @get("/{year:int}/nominations/{nomination_id:int}", summary="One of this tenant's nominations")
    async def nomination(self, request: Request, tenant: Slug, year: Year, nomination_id: Id) -> NominationOut:
        lang = language(request)
        return await _one(await review.tenant_nomination(year, tenant, nomination_id, lang), lang)

    @put("/{year:int}/nominations/{nomination_id:int}", guards=[ADMINS], summary="Rewrite a nomination")
    async def rewrite(
        self, request: Request, tenant: Slug, year: Year, nomination_id: Id, data: NominationIn, actor: Actor
    ) -> NominationOut:
        known, lang = known_figures(data), language(request)
        changed = review.update_nomination(year, tenant, nomination_id, data, known, lang=lang)
        done = await logged_change("platform.nomination.updated", actor, tenant, changed, nomination=nomination_id)
        return await _one(done, lang)

    @post(
        "/{year:int}/nominations/{nomination_id:int}/submit",
        status_code=200,
        guards=[ADMINS],
        summary="Put a nomination forward to the panel",
    )
    async def submit(
        self, request: Request, tenant: Slug, year: Year, nomination_id: Id, actor: Actor
    ) -> NominationOut:
        submitted = review.submit_nomination(year, tenant, nomination_id)
        done = await logged_change("platform.nomination.submitted", actor, tenant, submitted, nomination=nomination_id)
        return await _one(done, language(request))

    @delete(
        "/{year:int}/nominations/{nomination_id:int}",
        status_code=204,
        guards=[ADMINS],
        summary="Withdraw a nomination",
    )
    async def withdraw(self, tenant: Slug, year: Year, nomination_id: Id, actor: Actor) -> None:
        withdrawn = review.withdraw_nomination(year, tenant, nomination_id)
        await logged_change("platform.nomination.withdrawn", actor, tenant, withdrawn, nomination=nomination_id)

    @get(
        "/{year:int}/result",
        summary="The published selection",
        description="The reviewers are anonymous to a tenant: 评审一 / Reviewer 1 …, by their place on the panel.",
    )
    async def result(self, request: Request, year: Year) -> ResultOut:
        return await _result(year, language(request), anonymous=True)
