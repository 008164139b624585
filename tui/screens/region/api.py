"""The region's records and calls: figures across tenants (`/platform/reports/{module}`, or a
tenant's `/reports/{module}/rollup`), module adoption (`/platform/adoption`), and the yearly
review (`/platform/reviews/…` for the panel, `/t/{tenant}/reviews/…` for a tenant)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.client import FigureLabel
from tui.kit.api import Listing, ModuleApi, Page, Record

PLATFORM = "/api/v1/platform"


# --- figures across tenants ---------------------------------------------------------------


class TenantFigures(Record):
    SCHEMA = "TenantFigures"
    tenant: str
    name_zh: str
    name_en: str
    parent: str | None
    enabled: bool  # off: `figures` is null ("not on"), never zeros
    figures: dict[str, int | float] | None = None
    text: dict[str, str] = {}  # each value as the server writes it for a reader (¥1,300,000.00)


class RegionReport(Record):
    SCHEMA = "RegionReportOut"
    module: str
    year: int
    root: str | None
    tenants: list[TenantFigures]
    totals: dict[str, int | float]  # only the figures that add up
    not_summed: list[str]
    tenants_on: int
    tenants_off: int
    labels: dict[str, FigureLabel] = {}
    totals_text: dict[str, str] = {}  # each total as the server writes it


class Adopter(Record):
    SCHEMA = "Adopter"
    tenant: str
    name_zh: str
    name_en: str
    since: dt.datetime | None


class TenantName(Record):
    SCHEMA = "TenantName"
    tenant: str
    name_zh: str
    name_en: str


class Adoption(Record):
    SCHEMA = "Adoption"
    module: str
    title_zh: str
    title_en: str
    pioneer: str | None
    tenants: list[Adopter]
    off: list[str]
    pioneer_tenant: TenantName | None = None
    off_tenants: list[TenantName] = []
    pioneer_name: str | None = None  # the tenant's name, else the pioneer city's (the registry's)


class Switch(Record):
    SCHEMA = "SwitchOut"
    id: int
    tenant: str
    module: str
    switched_on: bool
    at: dt.datetime
    actor: str
    name_zh: str | None = None  # the tenant's names
    name_en: str | None = None


class RegionApi(ModuleApi):
    """The region's figures: the whole region (platform admin) or a tenant and those under it."""

    def region_path(self, module: str) -> str:
        """Inside a tenant, its rollup; outside, the whole region's (each has its `…/export`)."""
        return self._url(f"/reports/{module}/rollup" if self.base else f"{PLATFORM}/reports/{module}")

    async def region(self, module: str, year: int) -> RegionReport:
        return await self._get(self.region_path(module), RegionReport, year=year)

    def region_source(self, module: str, year: int) -> Listing:
        """The table the dashboard shows, for its XLSX (Ctrl+S): the same route and year."""
        return Listing(self.region_path(module), {"year": year})

    async def adoption(self) -> list[Adoption]:
        return await self._get(f"{PLATFORM}/adoption", list[Adoption])

    async def switches(self, *, module: str | None = None, cursor: str | None = None) -> Page[Switch]:
        return await self._page(f"{PLATFORM}/adoption/switches", Switch, cursor=cursor, module=module)


# --- the yearly review ------------------------------------------------------------------------


class Criterion(Record):
    SCHEMA = "CriterionOut"
    id: int
    position: int
    name_zh: str
    name_en: str
    description: str
    max_score: int


class Review(Record):
    SCHEMA = "ReviewOut"
    year: int
    title_zh: str
    title_en: str
    deadline: dt.date
    state: str  # draft, open, scoring, published
    criteria: list[Criterion]


class Claim(Record):
    SCHEMA = "Claim"
    figure: str
    claimed: int | float
    computed: int | float | None = None  # null: the module is off for the tenant now
    label: FigureLabel | None = None  # from the module's figure catalogue
    claimed_text: str | None = None  # each value as the server writes it for a reader (as a report's `text`)
    computed_text: str | None = None


class Score(Record):
    SCHEMA = "ScoreOut"
    criterion_id: int
    reviewer: str  # a name for the panel; 评审一 / Reviewer 1 for a tenant
    score: int
    comment: str


class Nomination(Record):
    SCHEMA = "NominationOut"
    id: int
    year: int
    tenant: str
    title: str
    summary: str
    module: str | None
    state: str  # draft, submitted
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    figures: list[Claim]
    scores: list[Score] | None = None  # null until the reader may see them
    total: float | None = None
    rank: int | None = None
    tenant_name: str | None = None  # in words, in the request's language
    module_name: str | None = None


class Standing(Record):
    SCHEMA = "Standing"
    nomination: int
    tenant: str
    title: str
    module: str | None
    total: float
    reviewers: int
    scores: int
    tenant_name: str | None = None  # in words, in the request's language
    module_name: str | None = None


class Result(Record):
    SCHEMA = "platform_review_ResultOut"  # (the reps module has a ResultOut too)
    review: Review
    selected: list[Nomination]


class ReviewApi(ModuleApi):
    """The review as the reader reaches it: inside a tenant, its own nominations; outside, the
    panel's routes (the platform admin and the reviewers)."""

    @property
    def panel(self) -> bool:
        return not self.base

    def _reviews(self, path: str = "") -> str:
        return (f"{PLATFORM}/reviews" if self.panel else "/reviews") + path

    async def reviews(self) -> Page[Review]:
        return await self._page(self._reviews("/"), Review)

    async def nominations(self, year: int, *, cursor: str | None = None) -> Page[Nomination]:
        return await self._page(self._reviews(f"/{year}/nominations"), Nomination, cursor=cursor)

    async def nomination(self, year: int, nomination_id: int) -> Nomination:
        return await self._get(self._reviews(f"/{year}/nominations/{nomination_id}"), Nomination)

    async def result(self, year: int) -> Result:
        return await self._get(self._reviews(f"/{year}/result"), Result)

    def result_source(self, year: int) -> Listing:
        """The published selection, for its XLSX (Ctrl+S on the result)."""
        return Listing(self._url(self._reviews(f"/{year}/result")))

    # a tenant's
    async def nominate(self, year: int, body: dict[str, Any]) -> Nomination:
        return await self._send("POST", f"/reviews/{year}/nominations", body, Nomination)

    async def rewrite(self, year: int, nomination_id: int, body: dict[str, Any]) -> Nomination:
        return await self._send("PUT", f"/reviews/{year}/nominations/{nomination_id}", body, Nomination)

    async def submit(self, year: int, nomination_id: int) -> Nomination:
        return await self._send("POST", f"/reviews/{year}/nominations/{nomination_id}/submit", None, Nomination)

    # the platform admin's: a year's review, its criteria, then nominations opened and closed
    async def create_review(self, body: dict[str, Any]) -> Review:
        return await self._send("POST", f"{PLATFORM}/reviews/", body, Review)

    async def update_review(self, year: int, body: dict[str, Any]) -> Review:
        return await self._send("PATCH", f"{PLATFORM}/reviews/{year}", body, Review)

    async def set_criteria(self, year: int, body: dict[str, Any]) -> Review:
        return await self._send("PUT", f"{PLATFORM}/reviews/{year}/criteria", body, Review)

    async def open_review(self, year: int) -> Review:
        return await self._send("POST", f"{PLATFORM}/reviews/{year}/open", None, Review)

    async def close_nominations(self, year: int) -> Review:
        return await self._send("POST", f"{PLATFORM}/reviews/{year}/close", None, Review)

    # the panel's
    async def score(self, year: int, nomination_id: int, body: dict[str, Any]) -> Nomination:
        return await self._send("PUT", self._reviews(f"/{year}/nominations/{nomination_id}/scores"), body, Nomination)

    async def standings(self, year: int) -> list[Standing]:
        return await self._get(self._reviews(f"/{year}/standings"), list[Standing])

    async def publish(self, year: int, body: dict[str, Any]) -> Result:
        return await self._send("POST", self._reviews(f"/{year}/publish"), body, Result)
