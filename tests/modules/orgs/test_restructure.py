"""Restructuring plans: preview equals apply, rollback restores exactly, history is dated, cycles refused."""
from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidInput, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure, service
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from tests.modules.orgs.factories import make_member, make_org

DAY = dt.date(2017, 3, 28)


async def small_city():
    city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
    counties = [await make_org(f"{n}区总工会", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
                for n in ("大武口", "惠农")]
    unions = []
    for county in counties:
        for i in range(5):
            u = await make_org(f"{county.name}企业{i}工会", parent_id=county.id, founded_on=dt.date(2000, 1, 1))
            await make_member(u.id, joined_on=dt.date(2010, 1, 1))
            unions.append(u)
    direct = [await make_org(f"直属{i}工会", parent_id=city.id, founded_on=dt.date(1995, 1, 1)) for i in range(3)]
    return city, counties, unions, direct


async def snapshot():
    c = service.conn()
    orgs = [tuple(r) for r in await c.fetch("SELECT id, name, parent_id, founded_on, closed_on FROM org ORDER BY id")]
    links = [tuple(r) for r in await c.fetch(
        "SELECT id, org_id, parent_id, valid_from, valid_to, plan_id, closed_by_plan_id FROM org_link ORDER BY id")]
    return orgs, links


async def children_counts() -> dict[int, int]:
    rows = await service.conn().fetch(
        "SELECT parent_id, count(*)::int AS n FROM org WHERE parent_id IS NOT NULL AND closed_on IS NULL GROUP BY 1")
    return {r["parent_id"]: r["n"] for r in rows}


async def test_preview_equals_apply_rollback_restores_exactly_and_as_of_keeps_the_past(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        before_tree = await service.tree(city.id)
        before = await snapshot()
        plan = await restructure.create_plan(PlanIn(
            name="开发区改革", effective_on=DAY,
            new_orgs=[PlanNewOrg(ref="zone", name="高新区总工会", type="zone_federation", parent_id=city.id),
                      PlanNewOrg(ref="edu", name="教科文卫工会", type="industry_union", parent_id=city.id)],
            moves=[PlanMoveIn(org_id=u.id, parent_ref="zone") for u in unions]
            + [PlanMoveIn(org_id=direct[0].id, parent_ref="edu"), PlanMoveIn(org_id=direct[1].id, parent_ref="zone")]))
        preview = await restructure.preview_plan(plan.id)
        assert preview.can_apply and preview.members_affected == 10 and preview.warnings == []
        expected = {(p.parent_id, p.ref): (p.before, p.after) for p in preview.parents}
        assert expected[(counties[0].id, None)] == (5, 0)
        assert expected[(None, "zone")] == (0, 11)
        assert expected[(city.id, None)] == (5, 5)  # two counties + 3 direct, then two counties + 1 direct + 2 new

        applied = await restructure.apply_plan(plan.id)
        assert applied == preview
        created = {o.ref: o.created_org_id for o in (await restructure.get_plan(plan.id)).new_orgs}
        counts = await children_counts()
        for p in preview.parents:
            actual = counts.get(p.parent_id if p.parent_id is not None else created[p.ref], 0)
            assert actual == p.after, p
        # The tree as of the day before the plan is the old one; as of the plan's day the new one.
        old = await service.tree(city.id, as_of=DAY - dt.timedelta(days=1))
        assert [(n.id, n.parent_id) for n in old] == [(n.id, n.parent_id) for n in before_tree]
        assert set(await service.subtree_ids(counties[0].id, as_of=dt.date(2016, 12, 31))) == \
            {counties[0].id, *(u.id for u in unions[:5])}
        assert await service.subtree_ids(counties[0].id, as_of=DAY) == [counties[0].id]
        assert len(await service.subtree_ids(created["zone"], as_of=DAY)) == 12

        await restructure.rollback_plan(plan.id)
        assert await snapshot() == before
        assert (await restructure.get_plan(plan.id)).status == "rolled_back"
        # ...and it can be applied again.
        await restructure.apply_plan(plan.id)
        assert (await service.get_org(unions[0].id)).parent_id != counties[0].id


async def test_a_plan_that_makes_a_cycle_or_uses_a_closed_org_is_refused(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        cycle = await restructure.create_plan(PlanIn(name="错误方案", effective_on=DAY, moves=[
            PlanMoveIn(org_id=counties[0].id, parent_id=unions[0].id)]))
        preview = await restructure.preview_plan(cycle.id)
        assert not preview.can_apply
        assert [w.code for w in preview.warnings if w.blocking] == ["cycle"]
        before = await snapshot()
        with pytest.raises(RuleViolation) as err:
            await restructure.apply_plan(cycle.id)
        assert err.value.code == "plan_invalid"
        assert await snapshot() == before

        selfie = await restructure.create_plan(PlanIn(name="自身", effective_on=DAY, moves=[
            PlanMoveIn(org_id=direct[0].id, parent_id=direct[0].id)]))
        assert [w.code for w in (await restructure.preview_plan(selfie.id)).warnings] == ["self_parent"]

        swap = await restructure.create_plan(PlanIn(name="互换", effective_on=DAY, moves=[
            PlanMoveIn(org_id=direct[0].id, parent_id=direct[1].id),
            PlanMoveIn(org_id=direct[1].id, parent_id=direct[0].id)]))
        assert {w.code for w in (await restructure.preview_plan(swap.id)).warnings if w.blocking} == {"cycle"}

        empty = await make_org("待撤销工会", parent_id=city.id, founded_on=dt.date(2000, 1, 1))
        await service.close_org(empty.id, on=dt.date(2016, 1, 1))
        closed = await restructure.create_plan(PlanIn(name="撤销的", effective_on=DAY, moves=[
            PlanMoveIn(org_id=direct[2].id, parent_id=empty.id)]))
        assert [w.code for w in (await restructure.preview_plan(closed.id)).warnings] == ["parent_closed"]

        with pytest.raises(InvalidInput):
            await restructure.create_plan(PlanIn(name="未知", effective_on=DAY, moves=[
                PlanMoveIn(org_id=direct[2].id, parent_ref="nope")]))


async def test_apply_and_rollback_issue_a_fixed_number_of_statements(tenant):
    """The statement count does not grow with the number of orgs moved."""
    from server.modules.orgs.diagnostics import count_statements

    async with tenant_scope(tenant.slug):
        counts = []
        for n in (5, 40):
            city = await make_org(f"市总{n}", "city_federation", founded_on=dt.date(1960, 1, 1))
            county = await make_org(f"县总{n}", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
            unions = [await make_org(f"企业{n}-{i}", parent_id=county.id, founded_on=dt.date(2000, 1, 1))
                      for i in range(n)]
            plan = await restructure.create_plan(PlanIn(name=f"方案{n}", effective_on=DAY, new_orgs=[
                PlanNewOrg(ref="z", name=f"开发区{n}", type="zone_federation", parent_id=city.id)],
                moves=[PlanMoveIn(org_id=u.id, parent_ref="z") for u in unions]))
            with count_statements() as applied:
                await restructure.apply_plan(plan.id)
            with count_statements() as rolled:
                await restructure.rollback_plan(plan.id)
            counts.append((applied.n, rolled.n))
        assert counts[0] == counts[1] and counts[0][0] > 5, counts


async def test_a_dated_move_and_a_member_transfer_keep_history(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        await service.move_org(unions[0].id, counties[1].id, on=dt.date(2018, 1, 1))
        history = await service.org_history(unions[0].id)
        assert [(h.parent_id, h.valid_from, h.valid_to) for h in history] == [
            (counties[0].id, dt.date(2000, 1, 1), dt.date(2018, 1, 1)), (counties[1].id, dt.date(2018, 1, 1), None)]
        with pytest.raises(RuleViolation) as err:
            await service.move_org(counties[1].id, unions[0].id)
        assert err.value.code == "cycle"
        member = (await service.list_members(org_id=unions[1].id)).items[0]
        await service.transfer_member(member.id, unions[2].id, on=dt.date(2019, 5, 1))
        placements = await service.member_history(member.id)
        assert [(p.org_id, p.valid_to) for p in placements] == [(unions[1].id, dt.date(2019, 5, 1)),
                                                                (unions[2].id, None)]
        with pytest.raises(RuleViolation) as err:
            await service.close_org(unions[2].id)
        assert err.value.code == "org_not_empty"


async def test_a_plan_overtaken_by_a_later_move_is_not_rolled_back_blindly(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        plan = await restructure.create_plan(PlanIn(name="调整", effective_on=DAY, moves=[
            PlanMoveIn(org_id=unions[0].id, parent_id=counties[1].id)]))
        await restructure.apply_plan(plan.id)
        await service.move_org(unions[0].id, city.id, on=dt.date(2018, 1, 1))
        with pytest.raises(RuleViolation) as err:
            await restructure.rollback_plan(plan.id)
        assert err.value.code == "plan_superseded"


async def test_members_are_counted_where_they_were_on_the_day(tenant):
    from server.modules.contract import ReportQuery
    from server.modules.orgs.report import report

    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        member = (await service.list_members(org_id=unions[0].id)).items[0]
        await service.transfer_member(member.id, unions[5].id, on=dt.date(2019, 1, 1))
        q = lambda org, year: ReportQuery(tenant=tenant.slug, year=year, org=org)  # noqa: E731
        assert (await report(q(counties[0].id, 2018)))["members"] == 5
        assert (await report(q(counties[0].id, 2019)))["members"] == 4
        assert (await report(q(counties[1].id, 2019)))["members"] == 6
        assert (await report(q(city.id, 2009)))["members"] == 0  # all joined in 2010
