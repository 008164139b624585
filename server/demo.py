"""`saishang demo`: each enabled module loads its demo dataset into a tenant, once; then the
region's 2017 innovation review (`server/tenants/reviews/2017.toml`), once the tenants it names exist."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

import msgspec

from server.infra.tenancy import tenant_scope
from server.messages import DEFAULT_LANGUAGE
from server.modules import registry
from server.modules.contract import DemoContext
from server.modules.core import service as activity
from server.modules.core.tables import Event
from server.platform import messages, review, service
from server.platform.tables import Review
from server.settings import Settings


async def load_demo(
    settings: Settings, slugs: list[str], progress: Callable[[str], None] = print, *, lang: str = DEFAULT_LANGUAGE
) -> None:
    """Each tenant's enabled modules' demo data, then the reviews'; `progress` hears each step in
    `lang` (the CLI's language)."""
    for slug in slugs:
        tenant = await service.get_tenant(slug)
        for module in registry.modules().values():
            if module.demo is None or not service.module_enabled(tenant, module.name):
                continue
            marker = f"demo.loaded.{module.name}"
            async with tenant_scope(slug):
                done = await Event.exists().where(Event.action == marker)
            if done:
                progress(messages.CLI_DEMO_ALREADY.render(lang, {"tenant": slug, "module": module.name}))
                continue
            progress(messages.CLI_DEMO_LOADING.render(lang, {"tenant": slug, "module": module.name}))
            await module.demo(DemoContext(tenant=slug, progress=progress, extras={"settings": settings}, lang=lang))
            async with tenant_scope(slug):
                await activity.record(f"demo.loaded.{module.name}", module.name)  # = marker, spelt out for
                # tests/test_activity.py, which finds the kinds recorded in the calls themselves
            progress(messages.CLI_DEMO_DONE.render(lang, {"tenant": slug, "module": module.name}))
    for path in sorted((settings.tenants_dir / "reviews").glob("*.toml")):
        await load_review_demo(path, progress=progress, lang=lang)


# --- the yearly review's demo ------------------------------------------------------------------


class DemoNomination(msgspec.Struct, forbid_unknown_fields=True):
    tenant: str
    title: str
    summary: str
    module: str | None
    scores: list[list[int]]  # per reviewer, per criterion
    figures: dict[str, float] = {}
    rank: int | None = None  # its place in the published selection; none: not selected


class DemoReview(msgspec.Struct, forbid_unknown_fields=True):
    year: int
    title_zh: str
    title_en: str
    deadline: dt.date
    nominated_on: dt.date
    closed_on: dt.date
    reviewers: list[str]
    criteria: list[review.CriterionIn]
    nominations: list[DemoNomination]


def read_review_file(path: Path) -> DemoReview:
    return msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), DemoReview)


async def load_review_demo(
    path: Path,
    *,
    tenants: Mapping[str, str] | None = None,
    progress: Callable[[str], None] = print,
    lang: str = DEFAULT_LANGUAGE,
) -> bool:
    """Run a past review as the file tells it: criteria, nominations, the panel's scores, the
    selection. `tenants` maps the file's tenant slugs to the tenants to use (a test's). Nothing
    happens when the review exists already or a tenant it names does not; returns whether it loaded."""
    data = read_review_file(path)
    slug = dict(tenants or {}).get
    year = data.year
    if await Review.exists().where(Review.year == year):
        progress(messages.CLI_DEMO_REVIEW_ALREADY.render(lang, {"year": year}))
        return False
    named = {slug(n.tenant, n.tenant) for n in data.nominations}
    existing = {t.slug for t in await service.list_tenants(include_disabled=False)}
    if not named <= existing:
        missing = ", ".join(sorted(named - existing))
        progress(messages.CLI_DEMO_REVIEW_SKIPPED.render(lang, {"year": year, "tenants": missing}))
        return False
    await review.create_review(
        review.ReviewIn(year=year, title_zh=data.title_zh, title_en=data.title_en, deadline=data.deadline),
        on=data.nominated_on,  # the review was made before its nominations
    )
    await review.set_criteria(year, review.CriteriaIn(criteria=data.criteria))
    criteria = (await review.open_review(year, on=data.nominated_on)).criteria
    made: list[tuple[DemoNomination, int]] = []
    for n in data.nominations:
        claims = [review.ClaimIn(figure=k, claimed=v) for k, v in n.figures.items()]
        body = review.NominationIn(title=n.title, summary=n.summary, module=n.module, figures=claims)
        tenant = slug(n.tenant, n.tenant)
        out = await review.create_nomination(year, tenant, body, None, on=data.nominated_on)
        await review.submit_nomination(year, tenant, out.id, on=data.nominated_on)
        made.append((n, out.id))
    await review.close_nominations(year, on=data.closed_on)
    panel = [await service.reviewer(name) for name in data.reviewers]
    for n, nomination_id in made:
        for who, marks in zip(panel, n.scores):
            scores = [review.ScoreIn(criterion_id=c.id, score=s) for c, s in zip(criteria, marks)]
            await review.score(year, nomination_id, review.ScoresIn(scores=scores), who)
    selected = sorted((n.rank, i) for n, i in made if n.rank is not None)
    await review.publish(year, review.SelectionIn(nominations=[i for _, i in selected]))
    said = {"year": year, "nominations": len(made), "selected": len(selected)}
    progress(messages.CLI_DEMO_REVIEW_LOADED.render(lang, said))
    return True
