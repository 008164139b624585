"""An audit world: a city federation with two non-public enterprise unions above designated size,
a public one, and a small standard whose arithmetic is easy to check by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import make_org


def admin(tenant: str) -> Actor:
    return Actor(account_id=None, name="市总财务部", role=Role.tenant_admin, tenant=tenant)


def auditor(tenant: str) -> Actor:
    return Actor(account_id=None, name="经审会", role=Role.auditor, tenant=tenant)


def officer(tenant: str, org_id: int) -> Actor:
    return Actor(account_id=None, name="基层工会主席", role=Role.org_officer, tenant=tenant, org_id=org_id)


def indicator(
    code: str, area: str, base: float, benefit: float, bonus: float, form: str = "activity"
) -> service.IndicatorIn:
    """Base: 1 point a project and 0.5 per 10,000 yuan; benefit: 1 per 100 people, 0.5 a result;
    bonus: 1 per commendation, 0.2 per certificate, 2 per chief title (each part capped)."""
    return service.IndicatorIn(
        code=code,
        area=area,
        name=f"{area}指标",
        form=form,
        base=service.BaseRule(max=base, per_project=1, per_fund_unit=0.5, fund_unit_fen=1_000_000),
        benefit=service.BenefitRule(max=benefit, per_participants_unit=1, participants_unit=100, per_result=0.5),
        bonus=service.BonusRule(max=bonus, per_commendation=1, per_certificate=0.2, per_chief_title=2),
    )


def small_standard(code: str = "T-1") -> service.StandardIn:
    """Six areas; A1 is worth 50 (25 + 15 + 10), the others 10 each (5 + 3 + 2)."""
    forms = list(service.FORMS)
    items = [indicator("A1", service.AREAS[0], 25, 15, 10, forms[0])]
    items += [indicator(f"A{n + 1}", area, 5, 3, 2, forms[n % 5]) for n, area in enumerate(service.AREAS[1:], start=1)]
    return service.StandardIn(code=code, title="测试评价标准", areas=list(service.AREAS), indicators=items)


@dataclass
class World:
    tenant: str
    city: int
    union: int
    other: int
    public: int
    standard: int


async def build_world(tenant: str) -> World:
    async with tenant_scope(tenant):
        city = await make_org("吴忠测试市总工会", "city_federation")
        union = await make_org("吴忠仪表有限责任公司工会", parent_id=city.id, public_sector=False, above_scale=True)
        other = await make_org("吴忠物流公司工会", parent_id=city.id, public_sector=False, above_scale=True)
        public = await make_org("吴忠市医院工会", parent_id=city.id, public_sector=True, above_scale=True)
        standard = await service.save_standard(small_standard(), admin(tenant))
    return World(tenant, city.id, union.id, other.id, public.id, standard.id)


@pytest.fixture
async def world(tenant) -> World:
    return await build_world(tenant.slug)


FIELDWORK = dt.date(2017, 5, 10)


async def audited(w: World, entries: list[service.EntryIn], *, year: int = 2017) -> list[int]:
    """A plan for the year approved, every union noticed and given `entries`: the audit ids."""
    async with tenant_scope(w.tenant):
        plan = await service.create_plan(service.PlanIn(year, f"{year}年度审计", w.standard), admin(w.tenant))
        await service.approve_plan(plan.id, admin(w.tenant))
        ids = [a.id for a in (await service.list_audits(plan_id=plan.id)).items]
        for i in ids:
            await service.send_notice(
                i, service.NoticeIn(FIELDWORK - dt.timedelta(days=3), FIELDWORK), auditor(w.tenant)
            )
            await service.add_entries(i, entries, auditor(w.tenant))
    return ids


def entry(indicator: str = "A1", spending_fen: int = 0, **kw) -> service.EntryIn:
    return service.EntryIn(form="spending", indicator=indicator, project="职工读书月", spending_fen=spending_fen, **kw)
