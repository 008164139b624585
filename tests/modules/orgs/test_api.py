"""The orgs API as its users meet it: an org officer limited to its subtree, masked ID
numbers, field errors that change nothing, lazy children and paginated search for the TUI."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.orgs import idcard
from tests.conftest import bearer
from tests.modules.orgs.factories import id_number, make_member, make_org


async def world(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation")
        zone = await make_org("高新区总工会", "zone_federation", city.id)
        mine = await make_org("银河厂工会", parent_id=zone.id)
        theirs = await make_org("星海厂工会", parent_id=city.id)
        me = await make_member(mine.id, name="李娜", gender="F")
        them = await make_member(theirs.id, name="王强")
    return city, zone, mine, theirs, me, them


async def test_an_org_officers_breadcrumbs_start_at_their_own_org(client, tenant, make_token, tenant_headers):
    """The path above an org, as the tree screen shows it: an officer sees nothing above their own org,
    and a refusal says why in the language asked for (zh-CN unless the client asks for English)."""
    city, zone, mine, theirs, me, them = await world(tenant)
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    base = f"/api/v1/t/{tenant.slug}"
    whole = (await client.get(f"{base}/orgs/{mine.id}/ancestors", headers=tenant_headers)).json()
    assert [o["id"] for o in whole] == [city.id, zone.id]
    path = (await client.get(f"{base}/orgs/{mine.id}/ancestors", headers=officer)).json()
    assert [o["id"] for o in path] == [zone.id]
    new_org = {"name": "新厂工会", "type": "enterprise_union", "parent_id": theirs.id}
    zh = (await client.post(f"{base}/orgs", json=new_org, headers=officer)).json()
    en = (await client.post(f"{base}/orgs", json=new_org, headers={**officer, "Accept-Language": "en"})).json()
    assert zh["code"] == en["code"] == "outside_subtree"
    assert zh["detail"] == f"组织 #{theirs.id} 不在你的管辖范围内"
    assert en["detail"] == f"org #{theirs.id} is outside your org's subtree"


async def test_an_org_officer_sees_only_its_subtree(client, tenant, make_token):
    city, zone, mine, theirs, me, them = await world(tenant)
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    base = f"/api/v1/t/{tenant.slug}"
    listed = (await client.get(f"{base}/orgs", headers=officer)).json()["items"]
    assert {o["id"] for o in listed} == {zone.id, mine.id}
    assert (await client.get(f"{base}/orgs/{mine.id}", headers=officer)).status_code == 200
    assert (await client.get(f"{base}/orgs/{theirs.id}", headers=officer)).status_code == 403
    assert (await client.get(f"{base}/orgs/{city.id}/children", headers=officer)).status_code == 403
    tree = (await client.get(f"{base}/orgs/tree", headers=officer)).json()
    assert [n["id"] for n in tree] == [zone.id, mine.id]
    members = (await client.get(f"{base}/members", headers=officer)).json()["items"]
    assert [m["id"] for m in members] == [me.id]
    assert (await client.get(f"{base}/members/{them.id}", headers=officer)).status_code == 403
    # Masked for an officer, and asking for the full number is refused.
    detail = (await client.get(f"{base}/members/{me.id}", headers=officer)).json()
    assert detail["id_number"] == me.id_number and "********" in detail["id_number"]
    assert (await client.get(f"{base}/members/{me.id}", params={"reveal": "true"}, headers=officer)).status_code == 403
    # Writes stay inside the subtree too.
    r = await client.post(
        f"{base}/orgs", json={"name": "新厂工会", "type": "enterprise_union", "parent_id": theirs.id}, headers=officer
    )
    assert r.status_code == 403
    r = await client.post(
        f"{base}/orgs", json={"name": "新厂工会", "type": "enterprise_union", "parent_id": zone.id}, headers=officer
    )
    assert r.status_code == 201, r.text
    r = await client.post(f"{base}/members/{me.id}/transfer", json={"org_id": theirs.id}, headers=officer)
    assert r.status_code == 403
    r = await client.post(
        f"{base}/plans", json={"name": "x", "effective_on": "2017-01-01", "moves": []}, headers=officer
    )
    assert r.status_code == 403
    figures = (await client.get(f"{base}/reports/orgs", params={"year": 2030}, headers=officer)).json()["figures"]
    assert figures["members"] == 1 and figures["orgs"] == 3


async def test_a_tenant_admin_sees_the_full_number_and_lists_stay_masked(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await world(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    full = (await client.get(f"{base}/members/{me.id}", headers=tenant_headers)).json()["id_number"]
    assert idcard.validate(full)[1] == "F" and idcard.mask(full) == me.id_number
    listed = (await client.get(f"{base}/members", params={"q": "李"}, headers=tenant_headers)).json()["items"]
    assert [m["id_number"] for m in listed] == [me.id_number]
    by_number = (await client.get(f"{base}/members", params={"q": full}, headers=tenant_headers)).json()["items"]
    assert [m["id"] for m in by_number] == [me.id]
    by_last4 = (await client.get(f"{base}/members", params={"q": full[-4:]}, headers=tenant_headers)).json()["items"]
    assert me.id in [m["id"] for m in by_last4]


async def test_bad_input_is_a_field_error_and_writes_nothing(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await world(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    good = id_number(dt.date(1990, 1, 2))
    cases = [
        ({"id_number": good[:17] + ("1" if good[17] == "0" else "0")}, "id_number"),
        ({"id_number": "640102199002301239"}, "id_number"),
        ({"id_number": good, "phone": "1234"}, "phone"),
        ({"id_number": good, "gender": "F"}, "gender"),
    ]
    for extra, field in cases:
        r = await client.post(
            f"{base}/members", json={"name": "赵六", "org_id": mine.id, **extra}, headers=tenant_headers
        )
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == [field]
    r = await client.post(
        f"{base}/members", json={"name": "赵六", "org_id": mine.id, "id_number": good}, headers=tenant_headers
    )
    assert r.status_code == 201
    r = await client.post(
        f"{base}/members", json={"name": "赵六", "org_id": mine.id, "id_number": good}, headers=tenant_headers
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "id_number"
    r = await client.post(
        f"{base}/orgs",
        json={"name": "某厂工会", "type": "enterprise_union", "credit_code": "91350100M000100Y44"},
        headers=tenant_headers,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "credit_code"
    r = await client.post(f"{base}/orgs", json={"name": "某厂工会", "type": "no_such_type"}, headers=tenant_headers)
    assert r.status_code == 422
    mine_now = (await client.get(f"{base}/orgs/{mine.id}", headers=tenant_headers)).json()
    assert mine_now["member_count"] == 2


async def test_lazy_children_pagination_moves_and_plans_over_http(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await world(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    roots = (await client.get(f"{base}/orgs", params={"roots": "true"}, headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in roots] == [city.id] and roots[0]["child_count"] == 2
    page1 = (await client.get(f"{base}/orgs/{city.id}/children", params={"limit": 1}, headers=tenant_headers)).json()
    page2 = (
        await client.get(
            f"{base}/orgs/{city.id}/children",
            params={"limit": 1, "cursor": page1["next_cursor"]},
            headers=tenant_headers,
        )
    ).json()
    assert [o["id"] for o in page1["items"] + page2["items"]] == [zone.id, theirs.id]
    assert page2["next_cursor"] is None
    found = (await client.get(f"{base}/orgs", params={"q": "银河"}, headers=tenant_headers)).json()["items"]
    assert [o["id"] for o in found] == [mine.id]
    r = await client.post(f"{base}/orgs/{zone.id}/move", json={"parent_id": mine.id}, headers=tenant_headers)
    assert r.status_code == 422 and r.json()["code"] == "cycle"
    plan = (
        await client.post(
            f"{base}/plans",
            json={
                "name": "调整",
                "effective_on": "2020-01-01",
                "new_orgs": [{"ref": "edu", "name": "教科文卫工会", "type": "industry_union", "parent_id": city.id}],
                "moves": [{"org_id": theirs.id, "parent_ref": "edu"}],
            },
            headers=tenant_headers,
        )
    ).json()
    preview = (await client.get(f"{base}/plans/{plan['id']}/preview", headers=tenant_headers)).json()
    assert preview["can_apply"] and preview["members_affected"] == 1
    applied = await client.post(f"{base}/plans/{plan['id']}/apply", headers=tenant_headers)
    assert applied.status_code == 200 and applied.json() == preview
    old = (await client.get(f"{base}/orgs/tree", params={"as_of": "2019-12-31"}, headers=tenant_headers)).json()
    assert next(n for n in old if n["id"] == theirs.id)["parent_id"] == city.id
    assert (await client.post(f"{base}/plans/{plan['id']}/rollback", headers=tenant_headers)).status_code == 200
    assert (await client.get(f"{base}/orgs/{theirs.id}", headers=tenant_headers)).json()["parent_id"] == city.id


async def test_member_life_cycle_transfer_leave_and_delete(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await world(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.patch(
        f"{base}/members/{me.id}", json={"phone": "13800138000", "level": 2, "trade": "电工"}, headers=tenant_headers
    )
    assert r.status_code == 200 and (r.json()["phone"], r.json()["level"]) == ("13800138000", 2)
    r = await client.patch(f"{base}/members/{me.id}", json={"phone": "999"}, headers=tenant_headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "phone"
    r = await client.post(
        f"{base}/members/{me.id}/transfer", json={"org_id": theirs.id, "on": "2024-01-01"}, headers=tenant_headers
    )
    assert r.status_code == 200 and r.json()["org_id"] == theirs.id
    history = (await client.get(f"{base}/members/{me.id}/history", headers=tenant_headers)).json()
    assert [(h["org_id"], h["valid_to"]) for h in history] == [(mine.id, "2024-01-01"), (theirs.id, None)]
    r = await client.patch(f"{base}/members/{me.id}", json={"left_on": "2025-01-01"}, headers=tenant_headers)
    assert r.json()["left_on"] == "2025-01-01"
    active = (await client.get(f"{base}/members", params={"org": theirs.id}, headers=tenant_headers)).json()["items"]
    assert [m["id"] for m in active] == [them.id]
    left = (
        await client.get(f"{base}/members", params={"org": theirs.id, "status": "left"}, headers=tenant_headers)
    ).json()["items"]
    assert [m["id"] for m in left] == [me.id]
    assert (await client.delete(f"{base}/members/{them.id}", headers=tenant_headers)).status_code == 204
    assert (await client.get(f"{base}/members/{them.id}", headers=tenant_headers)).status_code == 404
    r = await client.post(f"{base}/orgs/{theirs.id}/close", json={"on": "2025-06-01"}, headers=tenant_headers)
    assert r.status_code == 200 and r.json()["closed_on"] == "2025-06-01"
    types = (await client.get(f"{base}/orgs/types", headers=tenant_headers)).json()
    assert {"value": "zone_federation", "zh": "开发区总工会"} in types


async def test_zones_and_social_workers(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await world(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    z = (
        await client.post(
            f"{base}/zones", json={"name": "石嘴山高新技术产业开发区", "level": "national"}, headers=tenant_headers
        )
    ).json()
    assert (
        await client.patch(f"{base}/orgs/{mine.id}", json={"zone_id": z["id"]}, headers=tenant_headers)
    ).status_code == 200
    zones = (await client.get(f"{base}/zones", headers=tenant_headers)).json()["items"]
    assert (zones[0]["enterprises"], zones[0]["workers"]) == (1, 1)
    r = await client.post(
        f"{base}/social-workers",
        json={"name": "马丽", "org_id": zone.id, "started_on": "2017-04-10"},
        headers=tenant_headers,
    )
    assert r.status_code == 201
    r = await client.post(
        f"{base}/social-workers",
        json={"name": "马丽", "org_id": zone.id, "started_on": "2017-04-10", "ended_on": "2016-01-01"},
        headers=tenant_headers,
    )
    assert r.status_code == 422
    listed = (await client.get(f"{base}/social-workers", params={"as_of": "2017-05-01"}, headers=tenant_headers)).json()
    assert [w["name"] for w in listed["items"]] == ["马丽"]
    figures = (await client.get(f"{base}/reports/orgs", params={"year": 2017}, headers=tenant_headers)).json()[
        "figures"
    ]
    assert figures["social_workers_assigned"] == 1 and figures["zone_enterprises"] == 1


async def test_the_same_person_registered_twice_at_once_is_one_member(client, tenant, tenant_headers):
    import asyncio

    city, zone, mine, theirs, me, them = await world(tenant)
    body = {"name": "周敏", "org_id": mine.id, "id_number": id_number(dt.date(1991, 7, 7), "F")}
    url = f"/api/v1/t/{tenant.slug}/members"
    results = await asyncio.gather(*[client.post(url, json=body, headers=tenant_headers) for _ in range(4)])
    codes = sorted(r.status_code for r in results)
    assert codes[0] == 201 and codes.count(201) == 1 and set(codes[1:]) <= {409, 422}, [r.text for r in results]
    listed = (await client.get(url, params={"q": "周敏"}, headers=tenant_headers)).json()["items"]
    assert len(listed) == 1
