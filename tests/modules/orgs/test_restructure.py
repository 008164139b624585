"""Restructuring plans: preview equals apply, rollback restores exactly, history is dated, cycles refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import random

import pytest

from server.errors import Conflict, InvalidInput, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.orgs import creditcode, restructure, service
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_member, make_org

DAY = dt.date(2017, 3, 28)


async def small_city():
    city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
    counties = [
        await make_org(f"{n}区总工会", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
        for n in ("大武口", "惠农")
    ]
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
    links = [
        tuple(r)
        for r in await c.fetch(
            "SELECT id, org_id, parent_id, valid_from, valid_to, plan_id, closed_by_plan_id FROM org_link ORDER BY id"
        )
    ]
    return orgs, links


async def children_counts() -> dict[int, int]:
    rows = await service.conn().fetch(
        "SELECT parent_id, count(*)::int AS n FROM org WHERE parent_id IS NOT NULL AND closed_on IS NULL GROUP BY 1"
    )
    return {r["parent_id"]: r["n"] for r in rows}


async def test_preview_equals_apply_rollback_restores_exactly_and_as_of_keeps_the_past(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        before_tree = await service.tree(city.id)
        before = await snapshot()
        plan = await restructure.create_plan(
            PlanIn(
                name="开发区改革",
                effective_on=DAY,
                new_orgs=[
                    PlanNewOrg(ref="zone", name="高新区总工会", type="zone_federation", parent_id=city.id),
                    PlanNewOrg(ref="edu", name="教科文卫工会", type="industry_union", parent_id=city.id),
                ],
                moves=[PlanMoveIn(org_id=u.id, parent_ref="zone") for u in unions]
                + [
                    PlanMoveIn(org_id=direct[0].id, parent_ref="edu"),
                    PlanMoveIn(org_id=direct[1].id, parent_ref="zone"),
                ],
            )
        )
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
        assert set(await service.subtree_ids(counties[0].id, as_of=dt.date(2016, 12, 31))) == {
            counties[0].id,
            *(u.id for u in unions[:5]),
        }
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
        cycle = await restructure.create_plan(
            PlanIn(name="错误方案", effective_on=DAY, moves=[PlanMoveIn(org_id=counties[0].id, parent_id=unions[0].id)])
        )
        preview = await restructure.preview_plan(cycle.id)
        assert not preview.can_apply
        assert [w.code for w in preview.warnings if w.blocking] == ["cycle"]
        before = await snapshot()
        with pytest.raises(RuleViolation) as err:
            await restructure.apply_plan(cycle.id)
        assert err.value.code == "plan_invalid"
        assert await snapshot() == before

        selfie = await restructure.create_plan(
            PlanIn(name="自身", effective_on=DAY, moves=[PlanMoveIn(org_id=direct[0].id, parent_id=direct[0].id)])
        )
        assert [w.code for w in (await restructure.preview_plan(selfie.id)).warnings] == ["self_parent"]

        swap = await restructure.create_plan(
            PlanIn(
                name="互换",
                effective_on=DAY,
                moves=[
                    PlanMoveIn(org_id=direct[0].id, parent_id=direct[1].id),
                    PlanMoveIn(org_id=direct[1].id, parent_id=direct[0].id),
                ],
            )
        )
        assert {w.code for w in (await restructure.preview_plan(swap.id)).warnings if w.blocking} == {"cycle"}

        empty = await make_org("待撤销工会", parent_id=city.id, founded_on=dt.date(2000, 1, 1))
        await service.close_org(empty.id, on=dt.date(2016, 1, 1))
        closed = await restructure.create_plan(
            PlanIn(name="撤销的", effective_on=DAY, moves=[PlanMoveIn(org_id=direct[2].id, parent_id=empty.id)])
        )
        assert [w.code for w in (await restructure.preview_plan(closed.id)).warnings] == ["parent_closed"]

        with pytest.raises(InvalidInput):
            await restructure.create_plan(
                PlanIn(name="未知", effective_on=DAY, moves=[PlanMoveIn(org_id=direct[2].id, parent_ref="nope")])
            )


async def test_apply_and_rollback_issue_a_fixed_number_of_statements(tenant):
    """The statement count does not grow with the number of orgs moved."""
    from server.modules.orgs.diagnostics import count_statements

    async with tenant_scope(tenant.slug):
        counts = []
        for n in (5, 40):
            city = await make_org(f"市总{n}", "city_federation", founded_on=dt.date(1960, 1, 1))
            county = await make_org(f"县总{n}", "county_federation", city.id, founded_on=dt.date(1987, 1, 1))
            unions = [
                await make_org(f"企业{n}-{i}", parent_id=county.id, founded_on=dt.date(2000, 1, 1)) for i in range(n)
            ]
            plan = await restructure.create_plan(
                PlanIn(
                    name=f"方案{n}",
                    effective_on=DAY,
                    new_orgs=[PlanNewOrg(ref="z", name=f"开发区{n}", type="zone_federation", parent_id=city.id)],
                    moves=[PlanMoveIn(org_id=u.id, parent_ref="z") for u in unions],
                )
            )
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
            (counties[0].id, dt.date(2000, 1, 1), dt.date(2018, 1, 1)),
            (counties[1].id, dt.date(2018, 1, 1), None),
        ]
        with pytest.raises(RuleViolation) as err:
            await service.move_org(counties[1].id, unions[0].id)
        assert err.value.code == "cycle"
        member = (await service.list_members(org_id=unions[1].id)).items[0]
        await service.transfer_member(member.id, unions[2].id, on=dt.date(2019, 5, 1))
        placements = await service.member_history(member.id)
        assert [(p.org_id, p.valid_to) for p in placements] == [
            (unions[1].id, dt.date(2019, 5, 1)),
            (unions[2].id, None),
        ]
        with pytest.raises(RuleViolation) as err:
            await service.close_org(unions[2].id)
        assert err.value.code == "org_not_empty"


async def test_a_plan_overtaken_by_a_later_move_is_not_rolled_back_blindly(tenant):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        plan = await restructure.create_plan(
            PlanIn(name="调整", effective_on=DAY, moves=[PlanMoveIn(org_id=unions[0].id, parent_id=counties[1].id)])
        )
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


async def zone_plan(city_id: int, moved_id: int, **new_org) -> PlanIn:
    """The 2017 reform in small: a new zone federation under the city, one union moved into it."""
    return PlanIn(
        name="开发区改革",
        effective_on=DAY,
        new_orgs=[PlanNewOrg(ref="z", name="新区总工会", type="zone_federation", parent_id=city_id, **new_org)],
        moves=[PlanMoveIn(org_id=moved_id, parent_ref="z")],
    )


async def test_a_plan_is_not_rolled_back_while_a_transfer_into_its_new_org_waits(tenant):
    """The zone federation a plan created receives a member next month; rolling the plan back would delete
    it under the scheduled transfer, and the hourly job would then fail for every transfer due that day."""
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        plan = await restructure.apply_plan((await restructure.create_plan(await zone_plan(city.id, unions[0].id))).id)
        zone = (await restructure.get_plan(plan.plan_id)).new_orgs[0].created_org_id
        next_month = service.today() + dt.timedelta(days=30)
        welder = (await service.list_members(org_id=unions[0].id)).items[0]
        fitter = (await service.list_members(org_id=unions[1].id)).items[0]
        await service.transfer_member(welder.id, zone, on=next_month)
        await service.transfer_member(fitter.id, unions[2].id, on=next_month)
        before = await snapshot()

        with pytest.raises(RuleViolation) as err:
            await restructure.rollback_plan(plan.plan_id)
        assert err.value.code == "plan_orgs_in_use"
        assert "新区总工会" in err.value.detail_in("en") and "1 member(s)" in err.value.detail_in("en")
        assert err.value.extra["in_use"] == [
            {"id": zone, "name": "新区总工会", "members": 1, "social_workers": 0, "child_orgs": 0}
        ]
        assert await snapshot() == before
        assert (await restructure.get_plan(plan.plan_id)).status == "applied"
        # The day comes: both transfers take effect.
        assert await service.apply_due_transfers(next_month) == sorted([welder.id, fitter.id])
        assert (await service.get_member(welder.id)).org_id == zone


async def test_a_plan_is_not_rolled_back_while_history_places_an_org_under_its_new_org(tenant):
    """After the plan, another union sat under the new zone federation in 2018 and went back in 2019:
    deleting the federation would take that union out of the 2018 tree."""
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        plan = await restructure.create_plan(await zone_plan(city.id, unions[0].id))
        await restructure.apply_plan(plan.id)
        zone = (await restructure.get_plan(plan.id)).new_orgs[0].created_org_id
        await service.move_org(direct[0].id, zone, on=dt.date(2018, 1, 1))
        await service.move_org(direct[0].id, city.id, on=dt.date(2019, 1, 1))

        with pytest.raises(RuleViolation) as err:
            await restructure.rollback_plan(plan.id)
        assert err.value.code == "plan_orgs_in_use"
        assert err.value.extra["in_use"][0]["child_orgs"] == 1
        assert direct[0].id in await service.subtree_ids(zone, as_of=dt.date(2018, 6, 1))


async def test_a_new_org_needs_a_credit_code_no_one_holds_and_a_zone_that_exists(client, tenant, tenant_headers):
    """Field errors when the plan is drafted; a blocking warning when another org takes the code later."""
    rng = random.Random(7)
    taken, free = creditcode.generate(rng), creditcode.generate(rng)
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        await make_org("宝丰厂工会", parent_id=city.id, credit_code=taken)
    base = f"/api/v1/t/{tenant.slug}/plans"

    def new_org(ref: str, **detail) -> dict:
        return {"ref": ref, "name": f"{ref}产业工会", "type": "industry_union", "parent_id": city.id, **detail}

    r = await client.post(
        base,
        headers=tenant_headers,
        json={
            "name": "产业工会",
            "effective_on": "2017-03-28",
            "new_orgs": [
                new_org("a", credit_code=taken.lower()),
                new_org("b", credit_code=free),
                new_org("c", credit_code=free),
                new_org("d", zone_id=999999),
            ],
        },
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == [
        "new_orgs[2].credit_code",
        "new_orgs[0].credit_code",
        "new_orgs[3].zone_id",
    ]
    # An id past a PostgreSQL integer is refused by the schema (`Id`) before the plan is read.
    beyond = {"name": "产业工会", "effective_on": "2017-03-28", "new_orgs": [new_org("b"), new_org("e", zone_id=2**40)]}
    r = await client.post(base, headers=tenant_headers, json=beyond)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["new_orgs[1].zone_id"], r.text
    assert (await client.get(base, headers=tenant_headers)).json()["items"] == []

    r = await client.post(
        base,
        headers=tenant_headers,
        json={"name": "产业工会", "effective_on": "2017-03-28", "new_orgs": [new_org("b", credit_code=free)]},
    )
    assert r.status_code == 201, r.text
    plan_id = r.json()["id"]
    async with tenant_scope(tenant.slug):  # meanwhile an enterprise union registers with that code
        await make_org("星海厂工会", parent_id=city.id, credit_code=free)
    preview = (await client.get(f"{base}/{plan_id}/preview", headers=tenant_headers)).json()
    assert not preview["can_apply"]
    assert [(w["code"], w["blocking"]) for w in preview["warnings"]] == [("credit_code_taken", True)]
    [warning] = preview["warnings"]  # the same words in each language, each on its own
    assert "统一社会信用代码" in warning["zh"] and "credit code" in warning["en"] and "信用" not in warning["en"]
    r = await client.post(f"{base}/{plan_id}/apply", headers={**tenant_headers, "Accept-Language": "en"})
    assert r.status_code == 422 and r.json()["code"] == "plan_invalid", r.text
    assert r.json()["detail"] == f"the plan cannot be applied: {warning['en']}"
    assert r.json()["warnings"] == preview["warnings"]


async def test_a_credit_code_taken_while_the_plan_is_applied_is_a_conflict(tenant):
    """The code is free when the plan is checked, but another transaction is registering it: 409, not a 500."""
    code = creditcode.generate(random.Random(11))
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        plan = await restructure.create_plan(
            PlanIn(
                name="产业工会",
                effective_on=DAY,
                new_orgs=[
                    PlanNewOrg(ref="i", name="化工产业工会", type="industry_union", parent_id=city.id, credit_code=code)
                ],
            )
        )
    registered = asyncio.Event()

    async def register() -> None:
        async with tenant_scope(tenant.slug):
            # A root org: one placed under a parent takes the tree lock, and the plan would then wait
            # for it and refuse in its check (plan_invalid), never reaching the unique key.
            await make_org("宝丰厂工会", credit_code=code)
            registered.set()
            await blocking_another()  # still uncommitted until the plan's insert waits on it

    async def apply() -> None:
        await registered.wait()
        async with tenant_scope(tenant.slug):
            await restructure.apply_plan(plan.id)

    _, refused = await asyncio.gather(register(), apply(), return_exceptions=True)
    assert isinstance(refused, Conflict) and refused.code == "credit_code_taken", refused
    async with tenant_scope(tenant.slug):
        assert (await restructure.get_plan(plan.id)).status == "draft"


async def test_over_long_text_in_a_plan_is_a_field_error_and_nothing_is_written(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation")
        union = await make_org("宝丰厂工会", parent_id=city.id)
        zone = await make_org("高新区总工会", "zone_federation", city.id)
    base = f"/api/v1/t/{tenant.slug}/plans"
    plan = {"name": "调整", "effective_on": "2017-03-28", "moves": [{"org_id": union.id, "parent_id": zone.id}]}
    r = await client.post(
        base,
        headers=tenant_headers,
        json={
            **plan,
            "name": "方" * 201,
            "note": "注" * 1001,
            "new_orgs": [{"ref": "i", "name": "工" * 201, "type": "industry_union", "enterprise_name": "企" * 201}],
        },
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == [
        "name",
        "note",
        "new_orgs[0].name",
        "new_orgs[0].enterprise_name",
    ]
    assert (await client.get(base, headers=tenant_headers)).json()["items"] == []

    drafted = (await client.post(base, headers=tenant_headers, json={**plan, "note": "注" * 1000})).json()
    r = await client.put(f"{base}/{drafted['id']}", headers=tenant_headers, json={**plan, "note": "注" * 1001})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["note"], r.text
    assert (await client.get(f"{base}/{drafted['id']}", headers=tenant_headers)).json()["note"] == "注" * 1000


async def test_a_plan_dated_in_the_past_cannot_make_a_cycle_in_history(tenant):
    """B was under A until 2022 and is a root since. A plan dated 2020 putting A under B would make A and B
    each other's parent for 2020-2021, exactly what a single move on that date is refused for."""
    async with tenant_scope(tenant.slug):
        a = await make_org("化工产业工会", "industry_union", founded_on=dt.date(2000, 1, 1))
        b = await make_org("建材产业工会", "industry_union", a.id, founded_on=dt.date(2000, 1, 1))
        await service.move_org(b.id, None, on=dt.date(2022, 1, 1))
        with pytest.raises(RuleViolation) as err:
            await service.move_org(a.id, b.id, on=dt.date(2020, 1, 1))
        assert err.value.code == "cycle"

        past = await restructure.create_plan(
            PlanIn(name="合并", effective_on=dt.date(2020, 1, 1), moves=[PlanMoveIn(org_id=a.id, parent_id=b.id)])
        )
        preview = await restructure.preview_plan(past.id)
        assert not preview.can_apply
        assert [(w.code, w.org_id) for w in preview.warnings if w.blocking] == [("cycle", a.id)]
        before = await snapshot()
        with pytest.raises(RuleViolation) as err:
            await restructure.apply_plan(past.id)
        assert err.value.code == "plan_invalid"
        assert await snapshot() == before

        # After 2022 the same move is fine ...
        later = await restructure.create_plan(
            PlanIn(name="合并", effective_on=dt.date(2023, 1, 1), moves=[PlanMoveIn(org_id=a.id, parent_id=b.id)])
        )
        assert (await restructure.preview_plan(later.id)).can_apply
        # ... until B is scheduled to go back under A in 2030: the cycle would start that day.
        await service.move_org(b.id, a.id, on=dt.date(2030, 1, 1))
        preview = await restructure.preview_plan(later.id)
        assert [w.code for w in preview.warnings if w.blocking] == ["cycle"]
        assert "2030-01-01" in preview.warnings[0].zh and "2030-01-01" in preview.warnings[0].en


async def test_preview_counts_children_as_they_were_on_the_effective_date(tenant):
    async with tenant_scope(tenant.slug):
        a = await make_org("化工产业工会", "industry_union", founded_on=dt.date(2000, 1, 1))
        b = await make_org("建材产业工会", "industry_union", a.id, founded_on=dt.date(2000, 1, 1))
        c = await make_org("水泥厂工会", founded_on=dt.date(2000, 1, 1))
        await service.move_org(b.id, None, on=dt.date(2022, 1, 1))
        plan = await restructure.create_plan(
            PlanIn(name="归口", effective_on=dt.date(2020, 1, 1), moves=[PlanMoveIn(org_id=c.id, parent_id=a.id)])
        )
        preview = await restructure.preview_plan(plan.id)
        assert preview.can_apply
        # In 2020 B was still under A: one child before the plan, two after.
        assert [(p.parent_id, p.before, p.after) for p in preview.parents] == [(a.id, 1, 2)]


async def test_new_orgs_placed_under_each_other_are_a_cycle(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        plan = await restructure.create_plan(
            PlanIn(
                name="产业工会",
                effective_on=DAY,
                new_orgs=[
                    PlanNewOrg(ref="x", name="化工产业工会", type="industry_union", parent_ref="y"),
                    PlanNewOrg(ref="y", name="建材产业工会", type="industry_union", parent_ref="x"),
                    PlanNewOrg(ref="z", name="教科文卫工会", type="industry_union", parent_id=city.id),
                ],
            )
        )
        preview = await restructure.preview_plan(plan.id)
        assert [(w.code, w.org_id) for w in preview.warnings] == [("cycle", None), ("cycle", None)]
        assert "化工产业工会" in preview.warnings[0].en and "建材产业工会" in preview.warnings[1].zh


async def test_a_plan_cannot_move_an_org_under_one_not_founded_or_closing_on_its_date(tenant):
    """Preview says why, with the dates: the zone is founded in 2020 (a 2010 plan cannot use it), and
    the county closes in ten days (nothing is moved under it any more)."""
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        late = await make_org("新区总工会", "zone_federation", city.id, founded_on=dt.date(2020, 1, 1))
        county = await make_org("县总工会", "county_federation", city.id, founded_on=dt.date(1990, 1, 1))
        union = await make_org("厂工会", parent_id=city.id, founded_on=dt.date(2000, 1, 1))
        closing = service.today() + dt.timedelta(days=10)
        await service.close_org(county.id, on=closing)
        early = await restructure.create_plan(
            PlanIn(
                name="太早", effective_on=dt.date(2010, 1, 1), moves=[PlanMoveIn(org_id=union.id, parent_id=late.id)]
            )
        )
        preview = await restructure.preview_plan(early.id)
        assert not preview.can_apply and [(w.code, w.blocking) for w in preview.warnings] == [
            ("parent_not_founded", True)
        ]
        soon = await restructure.create_plan(
            PlanIn(
                name="并入县", effective_on=service.today(), moves=[PlanMoveIn(org_id=union.id, parent_id=county.id)]
            )
        )
        [warning] = (await restructure.preview_plan(soon.id)).warnings
        assert warning.code == "parent_closed" and closing.isoformat() in warning.en
        with pytest.raises(RuleViolation):
            await restructure.apply_plan(early.id)
        assert (await service.get_org(union.id)).parent_id == city.id
