"""The current tree is the tree as of today: a restructuring plan (or a move) dated in the
future changes nothing a union officer sees until its effective date, and from that date
on the new parents show everywhere without anything else having to run."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure, service
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org

SINCE = dt.date(2000, 1, 1)


async def county_with_unions(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        county = await make_org("惠农区总工会", "county_federation", city.id, founded_on=SINCE)
        unions = [await make_org(f"惠农企业{i}工会", parent_id=county.id, founded_on=SINCE) for i in range(3)]
        worker = await make_member(unions[0].id, name="马兰", joined_on=dt.date(2010, 1, 1))
    return city, county, unions, worker


async def apply_zone_plan(city, unions, effective_on: dt.date) -> tuple[int, int]:
    """The zone federation is founded on `effective_on` and two of the three unions move under it."""
    plan = await restructure.create_plan(
        PlanIn(
            name="开发区改革",
            effective_on=effective_on,
            new_orgs=[PlanNewOrg(ref="zone", name="高新区总工会", type="zone_federation", parent_id=city.id)],
            moves=[PlanMoveIn(org_id=u.id, parent_ref="zone") for u in unions[:2]],
        )
    )
    await restructure.apply_plan(plan.id)
    return plan.id, (await restructure.get_plan(plan.id)).new_orgs[0].created_org_id


async def test_a_plan_dated_in_the_future_leaves_todays_tree_as_it_is(client, tenant, tenant_headers, make_token):
    city, county, unions, worker = await county_with_unions(tenant)
    effective = service.today() + dt.timedelta(days=30)
    async with tenant_scope(tenant.slug):
        plan_id, zone_id = await apply_zone_plan(city, unions, effective)
    base = f"/api/v1/t/{tenant.slug}"

    # Undated reads: the unions are still the county's.
    org = (await client.get(f"{base}/orgs/{unions[0].id}", headers=tenant_headers)).json()
    assert org["parent_id"] == county.id
    children = (await client.get(f"{base}/orgs/{county.id}/children", headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in children] == [u.id for u in unions]
    county_out = (await client.get(f"{base}/orgs/{county.id}", headers=tenant_headers)).json()
    assert county_out["child_count"] == 3
    zone_children = (await client.get(f"{base}/orgs/{zone_id}/children", headers=tenant_headers)).json()["items"]
    assert zone_children == []
    subtree = (await client.get(f"{base}/orgs/{county.id}/subtree", headers=tenant_headers)).json()
    assert [n["id"] for n in subtree] == [county.id, *(u.id for u in unions)]
    assert subtree[1]["member_count"] == 1
    tree = (await client.get(f"{base}/orgs/tree", headers=tenant_headers)).json()
    assert {n["id"]: n["parent_id"] for n in tree}[unions[0].id] == county.id
    assert zone_id not in {n["id"] for n in tree}  # founded on the effective date
    path = (await client.get(f"{base}/orgs/{unions[0].id}/ancestors", headers=tenant_headers)).json()
    assert [o["id"] for o in path] == [city.id, county.id]
    roots = (await client.get(f"{base}/orgs", params={"roots": "true"}, headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in roots] == [city.id] and roots[0]["child_count"] == 1

    # The county's officer still holds the unions and their members; the zone's officer not yet.
    county_officer = bearer(await make_token("org_officer", tenant.slug, org_id=county.id))
    zone_officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone_id))
    assert (await client.get(f"{base}/orgs/{unions[0].id}", headers=county_officer)).status_code == 200
    assert (await client.get(f"{base}/members/{worker.id}", headers=county_officer)).status_code == 200
    members = (await client.get(f"{base}/members", headers=county_officer)).json()["items"]
    assert [m["id"] for m in members] == [worker.id]
    assert (await client.get(f"{base}/orgs/{unions[0].id}", headers=zone_officer)).status_code == 403
    assert (await client.get(f"{base}/members", headers=zone_officer)).json()["items"] == []

    # The dated views already show the plan from its effective date.
    later = (
        await client.get(
            f"{base}/orgs/{zone_id}/subtree", params={"as_of": effective.isoformat()}, headers=tenant_headers
        )
    ).json()
    assert [n["id"] for n in later] == [zone_id, unions[0].id, unions[1].id]
    async with tenant_scope(tenant.slug):
        assert set(await service.subtree_ids(county.id)) == {county.id, *(u.id for u in unions)}
        assert set(await service.subtree_ids(county.id, as_of=effective)) == {county.id, unions[2].id}
        assert not await service.is_in_subtree(unions[0].id, zone_id)
        assert [link.parent_id for link in await service.org_history(unions[0].id)] == [county.id, zone_id]
        # Rolled back, nothing of it is left, today or later.
        await restructure.rollback_plan(plan_id)
        assert set(await service.subtree_ids(county.id, as_of=effective)) == {county.id, *(u.id for u in unions)}


async def test_a_plan_effective_today_shows_at_once(client, tenant, tenant_headers, make_token):
    city, county, unions, worker = await county_with_unions(tenant)
    async with tenant_scope(tenant.slug):
        plan_id, zone_id = await apply_zone_plan(city, unions, service.today())
    base = f"/api/v1/t/{tenant.slug}"
    assert (await client.get(f"{base}/orgs/{unions[0].id}", headers=tenant_headers)).json()["parent_id"] == zone_id
    children = (await client.get(f"{base}/orgs/{zone_id}/children", headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in children] == [unions[0].id, unions[1].id]
    tree = (await client.get(f"{base}/orgs/tree", headers=tenant_headers)).json()
    assert {n["id"]: n["parent_id"] for n in tree}[unions[0].id] == zone_id
    zone_officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone_id))
    county_officer = bearer(await make_token("org_officer", tenant.slug, org_id=county.id))
    assert (await client.get(f"{base}/members/{worker.id}", headers=zone_officer)).status_code == 200
    assert (await client.get(f"{base}/members/{worker.id}", headers=county_officer)).status_code == 403


async def test_a_move_dated_tomorrow_waits_for_tomorrow(tenant):
    city, county, unions, worker = await county_with_unions(tenant)
    tomorrow = service.today() + dt.timedelta(days=1)
    async with tenant_scope(tenant.slug):
        other = await make_org("大武口区总工会", "county_federation", city.id, founded_on=SINCE)
        moved = await service.move_org(unions[0].id, other.id, on=tomorrow)
        assert moved.parent_id == county.id
        assert [o.id for o in (await service.list_orgs(parent_id=other.id)).items] == []
        assert await service.is_in_subtree(unions[0].id, county.id)
        assert [n.parent_id for n in await service.tree(unions[0].id)] == [county.id]
        assert [n.parent_id for n in await service.tree(unions[0].id, as_of=tomorrow)] == [other.id]
        # Moving it again needs a date on or after the scheduled one, and the same parent twice is no move.
        with pytest.raises(RuleViolation) as raised:
            await service.move_org(unions[0].id, city.id, on=service.today())
        assert raised.value.code == "move_before_link"
        with pytest.raises(RuleViolation) as raised:
            await service.move_org(unions[0].id, other.id, on=tomorrow + dt.timedelta(days=1))
        assert raised.value.code == "same_parent"


async def test_a_move_is_checked_for_cycles_on_its_date_and_every_scheduled_change_after(tenant):
    city, county, unions, worker = await county_with_unions(tenant)
    soon = service.today() + dt.timedelta(days=10)
    async with tenant_scope(tenant.slug):
        other = await make_org("大武口区总工会", "county_federation", city.id, founded_on=SINCE)
        # Union 0 leaves the county in ten days; until then the county is above it.
        await service.move_org(unions[0].id, other.id, on=soon)
        with pytest.raises(RuleViolation) as raised:
            await service.move_org(county.id, unions[0].id, on=service.today())
        assert raised.value.code == "cycle"
        # Today union 1 is not above `other`, but from `soon` on it would be.
        await service.move_org(other.id, unions[1].id, on=soon)
        with pytest.raises(RuleViolation) as raised:
            await service.move_org(unions[1].id, other.id, on=service.today())
        assert raised.value.code == "cycle"


async def test_an_org_cannot_be_closed_while_a_child_is_still_under_it(tenant):
    city, county, unions, worker = await county_with_unions(tenant)
    async with tenant_scope(tenant.slug):
        other = await make_org("大武口区总工会", "county_federation", city.id, founded_on=SINCE)
        leaving = await make_org("大武口某厂工会", parent_id=other.id, founded_on=SINCE)
        await service.move_org(leaving.id, county.id, on=service.today() + dt.timedelta(days=10))
        assert (await service.get_org(other.id)).child_count == 1
        with pytest.raises(RuleViolation) as raised:  # it would leave the union under a closed org for nine days
            await service.close_org(other.id, on=service.today() + dt.timedelta(days=1))
        assert raised.value.code == "org_not_empty"
        closed = await service.close_org(other.id, on=service.today() + dt.timedelta(days=10))
        assert closed.closed_on == service.today() + dt.timedelta(days=10)


async def test_a_closed_org_stays_under_the_parent_it_had_when_it_closed(client, tenant, tenant_headers, make_token):
    city, county, unions, worker = await county_with_unions(tenant)
    async with tenant_scope(tenant.slug):
        gone = await make_org("已撤销厂工会", parent_id=county.id, founded_on=SINCE)
        await service.close_org(gone.id, on=dt.date(2015, 1, 1))
        assert gone.id in await service.subtree_ids(county.id)
        assert gone.id not in await service.subtree_ids(county.id, as_of=dt.date(2016, 1, 1))
        assert (await service.get_org(gone.id)).parent_id == county.id
        assert [o.id for o in await service.ancestors(gone.id)] == [city.id, county.id]
        assert (await service.get_org(county.id)).child_count == 3
    base = f"/api/v1/t/{tenant.slug}"
    shown = (await client.get(f"{base}/orgs/{county.id}/children", headers=tenant_headers)).json()["items"]
    assert gone.id not in {o["id"] for o in shown}
    shown = (
        await client.get(f"{base}/orgs/{county.id}/children", params={"include_closed": "true"}, headers=tenant_headers)
    ).json()["items"]
    assert gone.id in {o["id"] for o in shown}
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=county.id))
    assert (await client.get(f"{base}/orgs/{gone.id}", headers=officer)).status_code == 200


async def test_a_transfer_dated_in_the_future_waits_for_its_day(client, tenant, tenant_headers, monkeypatch):
    """会员转会 dated in ten days: the member stays in their union (and its counts) until then; on the
    day the cron job moves them, and running it again changes nothing."""
    city, county, unions, worker = await county_with_unions(tenant)
    day = service.today() + dt.timedelta(days=10)
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(
        f"{base}/members/{worker.id}/transfer",
        json={"org_id": unions[1].id, "on": day.isoformat()},
        headers=tenant_headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["org_id"] == unions[0].id
    history = (await client.get(f"{base}/members/{worker.id}/history", headers=tenant_headers)).json()
    assert [(p["org_id"], p["valid_from"], p["valid_to"]) for p in history] == [
        (unions[0].id, "2010-01-01", day.isoformat()),
        (unions[1].id, day.isoformat(), None),
    ]
    async with tenant_scope(tenant.slug):
        assert (await service.get_org(unions[0].id)).member_count == 1
        assert (await service.get_org(unions[1].id)).member_count == 0
        assert [m.id for m in (await service.list_members(org_id=unions[1].id)).items] == []
        assert await service.apply_due_transfers() == []  # not due yet
        assert (await service.get_member(worker.id)).org_id == unions[0].id
        # A second transfer to the same union is no transfer; one dated before the scheduled one is refused.
        with pytest.raises(RuleViolation) as raised:
            await service.transfer_member(worker.id, unions[1].id, on=day + dt.timedelta(days=5))
        assert raised.value.code == "same_org"
        with pytest.raises(RuleViolation) as raised:
            await service.transfer_member(worker.id, unions[2].id)
        assert raised.value.code == "before_placement"

    # The day comes: the worker's cron job moves the member, once.
    from server.modules.orgs import jobs

    monkeypatch.setattr(service.transfers, "today", lambda: day)  # the clock transfers read (service/transfers.py)
    assert (await jobs.orgs_due_transfers({})).get(tenant.slug) == 1
    assert (await jobs.orgs_due_transfers({})).get(tenant.slug) is None
    async with tenant_scope(tenant.slug):
        assert (await service.get_member(worker.id)).org_id == unions[1].id
        assert [m.id for m in (await service.list_members(org_id=unions[1].id)).items] == [worker.id]
        assert (await service.get_org(unions[0].id)).member_count == 0
        assert await service.apply_due_transfers() == []


async def test_a_closing_dated_in_the_future_leaves_the_org_open_until_then(client, tenant, tenant_headers):
    """撤销 dated in ten days: until then the union is open everywhere a union officer looks; nothing new
    may be put under it; it can only be scheduled to close once its members are scheduled to leave."""
    city, county, unions, worker = await county_with_unions(tenant)
    day = service.today() + dt.timedelta(days=10)
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(f"{base}/orgs/{unions[0].id}/close", json={"on": day.isoformat()}, headers=tenant_headers)
    assert r.status_code == 422, r.text  # the member is still there on that day
    assert "org_not_empty" in r.text
    async with tenant_scope(tenant.slug):
        await service.transfer_member(worker.id, unions[1].id, on=day - dt.timedelta(days=1))
    r = await client.post(f"{base}/orgs/{unions[0].id}/close", json={"on": day.isoformat()}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    assert r.json()["closed_on"] == day.isoformat()

    children = (await client.get(f"{base}/orgs/{county.id}/children", headers=tenant_headers)).json()["items"]
    assert unions[0].id in {o["id"] for o in children}
    listed = (await client.get(f"{base}/orgs", params={"q": unions[0].name}, headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in listed] == [unions[0].id]
    assert (await client.get(f"{base}/orgs/{county.id}", headers=tenant_headers)).json()["child_count"] == 3
    tree = (await client.get(f"{base}/orgs/tree", headers=tenant_headers)).json()
    assert unions[0].id in {n["id"] for n in tree}
    later = (await client.get(f"{base}/orgs/tree", params={"as_of": day.isoformat()}, headers=tenant_headers)).json()
    assert unions[0].id not in {n["id"] for n in later}

    # Nothing new goes under an org that is about to close, and the answer says when it closes.
    async with tenant_scope(tenant.slug):
        other = await make_member(unions[1].id, name="周强")
    r = await client.post(f"{base}/members/{other.id}/transfer", json={"org_id": unions[0].id}, headers=tenant_headers)
    assert r.status_code == 422 and day.isoformat() in r.json()["detail"]
    r = await client.post(
        f"{base}/orgs",
        json={"name": "新厂工会", "type": "enterprise_union", "parent_id": unions[0].id},
        headers=tenant_headers,
    )
    assert r.status_code == 422 and day.isoformat() in r.text
    r = await client.post(f"{base}/orgs/{unions[0].id}/close", json={"on": day.isoformat()}, headers=tenant_headers)
    assert r.status_code == 422 and "org_closed" in r.text


async def test_a_scheduled_transfer_or_closing_can_be_called_off_before_its_day(client, tenant, tenant_headers):
    city, county, unions, worker = await county_with_unions(tenant)
    day = service.today() + dt.timedelta(days=10)
    base = f"/api/v1/t/{tenant.slug}"
    await client.post(
        f"{base}/members/{worker.id}/transfer",
        json={"org_id": unions[1].id, "on": day.isoformat()},
        headers=tenant_headers,
    )
    r = await client.delete(f"{base}/members/{worker.id}/transfer", headers=tenant_headers)
    assert r.status_code == 200 and r.json()["org_id"] == unions[0].id
    history = (await client.get(f"{base}/members/{worker.id}/history", headers=tenant_headers)).json()
    assert [(p["org_id"], p["valid_to"]) for p in history] == [(unions[0].id, None)]
    r = await client.delete(f"{base}/members/{worker.id}/transfer", headers=tenant_headers)
    assert r.status_code == 422 and r.json()["code"] == "nothing_scheduled"

    r = await client.post(f"{base}/orgs/{unions[2].id}/close", json={"on": day.isoformat()}, headers=tenant_headers)
    assert r.status_code == 200
    r = await client.delete(f"{base}/orgs/{unions[2].id}/close", headers=tenant_headers)
    assert r.status_code == 200 and r.json()["closed_on"] is None
    later = (
        await client.get(
            f"{base}/orgs/tree", params={"as_of": (day + dt.timedelta(days=1)).isoformat()}, headers=tenant_headers
        )
    ).json()
    assert unions[2].id in {n["id"] for n in later}
    async with tenant_scope(tenant.slug):
        gone = await make_org("早已撤销厂工会", parent_id=county.id, founded_on=SINCE)
        await service.close_org(gone.id, on=dt.date(2015, 1, 1))
    r = await client.delete(f"{base}/orgs/{gone.id}/close", headers=tenant_headers)
    assert r.status_code == 422 and r.json()["code"] == "org_closed"
