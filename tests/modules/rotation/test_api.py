"""The street through the API: a roster generated, published and shown on duty; a platform booked
twice answers 409 platform_busy; bad input answers field errors; an officer outside the subtree
403 outside_subtree; the activity log pages and filters."""

from __future__ import annotations

from tests.conftest import bearer


async def test_the_rotation_through_the_api(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(
        f"{base}/rotation-areas/{world.area}/rosters", json={"year": 2017, "starts_on": "2017-07-01"}, headers=headers
    )
    assert r.status_code == 201, r.text
    roster = r.json()
    r = await client.post(f"{base}/rotation-rosters/{roster['id']}/publish", headers=headers)
    assert r.status_code == 200 and r.json()["state"] == "published"
    r = await client.get(f"{base}/rotation-areas/{world.area}/on-duty", params={"day": "2017-07-02"}, headers=headers)
    assert r.json()["vice_chair"]["chair_id"] == world.vice_chairs[0], r.text
    booking = {
        "platform_id": world.platforms["活动室"],
        "starts_at": "2017-07-08T09:00:00+08:00",
        "ends_at": "2017-07-08T11:00:00+08:00",
        "purpose": "职工读书会",
        "org_id": world.unions[0],
    }
    assert (await client.post(f"{base}/platform-bookings", json=booking, headers=headers)).status_code == 201
    busy = await client.post(f"{base}/platform-bookings", json=booking, headers=headers)
    assert busy.status_code == 409 and busy.json()["code"] == "platform_busy"
    bad = await client.post(
        f"{base}/rotation-activities",
        json={"area_id": world.area, "kind": "party", "title": "", "held_on": "2017-07-09"},
        headers={**headers, "Accept-Language": "en"},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"kind", "title", "head_count"}
    for n in range(3):
        r = await client.post(
            f"{base}/rotation-activities",
            json={
                "area_id": world.area,
                "kind": "training" if n else "cultural",
                "title": f"活动{n}",
                "held_on": f"2017-07-1{n}",
                "head_count": 10 + n,
                "organiser_org_id": world.unions[n],
            },
            headers=headers,
        )
        assert r.status_code == 201, r.text
    page = await client.get(
        f"{base}/rotation-activities", params={"area_id": world.area, "kind": "training", "limit": 1}, headers=headers
    )
    assert [a["title"] for a in page.json()["items"]] == ["活动1"] and page.json()["next_cursor"]
    outsider = bearer(await make_token("org_officer", world.tenant, org_id=world.outsider))
    refused = await client.post(
        f"{base}/rotation-activities",
        json={
            "area_id": world.area,
            "kind": "training",
            "title": "越权",
            "held_on": "2017-07-09",
            "head_count": 3,
            "organiser_org_id": world.unions[0],
        },
        headers=outsider,
    )
    assert refused.status_code == 403 and refused.json()["code"] == "outside_subtree"
    r = await client.get(f"{base}/reports/rotation", params={"year": 2017}, headers=headers)
    assert r.json()["figures"]["trainings"] == 2 and r.json()["figures"]["bookings"] == 1
    # a slot's dashboard
    slot = [s for s in roster["slots"] if s["role"] == "vice_chair"][0]
    r = await client.get(f"{base}/rotation-slots/{slot['id']}", headers=headers)
    assert r.status_code == 200 and r.json()["series"] == []


async def test_another_tenant_and_a_tenant_without_rotation(world, client, make_token, make_tenant):
    other = await make_tenant()
    headers = bearer(await make_token("tenant_admin", other.slug))
    r = await client.get(f"/api/v1/t/{other.slug}/rotation-areas/{world.area}", headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "rotation.not_found.area"
    mine = bearer(await make_token("tenant_admin", world.tenant))
    r = await client.get(f"/api/v1/t/{other.slug}/rotation-areas", headers=mine)
    assert r.status_code in (401, 403)  # a token of one tenant does not open another
    off = await make_tenant(modules=["orgs", "pairing", "welfare"])
    r = await client.get(
        f"/api/v1/t/{off.slug}/rotation-areas", headers=bearer(await make_token("tenant_admin", off.slug))
    )
    assert r.status_code == 404


async def test_officers_see_the_areas_around_or_inside_their_subtree(world, client, make_token):
    base = f"/api/v1/t/{world.tenant}/rotation-areas"
    for org, seen in ((world.unions[0], [world.area]), (world.district, [world.area]), (world.outsider, [])):
        headers = bearer(await make_token("org_officer", world.tenant, org_id=org))
        r = await client.get(base, headers=headers)
        assert [a["id"] for a in r.json()["items"]] == seen, (org, r.text)
    admin_headers = bearer(await make_token("tenant_admin", world.tenant))
    r = await client.get(base, headers=admin_headers)
    assert [len(a["platforms"]) for a in r.json()["items"]] == [3]
    r = await client.get(f"{base}/{world.area}/candidates", headers=admin_headers)
    assert sorted(o["id"] for o in r.json()["items"]) == sorted(world.unions[:5])  # the public one is not
    outsider = bearer(await make_token("org_officer", world.tenant, org_id=world.outsider))
    r = await client.get(f"{base}/{world.area}", headers=outsider)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"


async def test_the_appointment_and_the_candidate_list_agree_and_the_chair_is_the_street_union(
    world, client, make_token
):
    """A union whose sector is not recorded is no candidate and cannot be appointed either; the
    rotating chair chairs the area's root (street) union, no other, and a new one takes over."""
    from server.infra.tenancy import conn, tenant_scope
    from tests.modules.orgs.factories import make_org

    async with tenant_scope(world.tenant):
        unknown = (await make_org("西夏某公司工会", parent_id=world.street, enterprise_name="西夏某公司")).id
        before = await conn().fetch("SELECT id, role, org_id, active FROM rot_chair ORDER BY id")
    headers = {**bearer(await make_token("tenant_admin", world.tenant)), "Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}/rotation-areas/{world.area}"
    r = await client.get(f"{base}/candidates", headers=headers)
    assert unknown not in {o["id"] for o in r.json()["items"]}
    r = await client.post(
        f"{base}/chairs", json={"role": "vice_chair", "org_id": unknown, "name": "某主席"}, headers=headers
    )
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["org_id"], r.text
    assert "non-public" in r.text
    for org in (world.community, world.unions[0]):  # inside the area, but not its street union
        r = await client.post(
            f"{base}/chairs", json={"role": "chair", "org_id": org, "name": "某主席"}, headers=headers
        )
        assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["org_id"], r.text
        assert "street union" in r.text
    async with tenant_scope(world.tenant):
        assert await conn().fetch("SELECT id, role, org_id, active FROM rot_chair ORDER BY id") == before
    # the street union elects another chair: the new one takes over
    r = await client.post(
        f"{base}/chairs", json={"role": "chair", "org_id": world.street, "name": "新主席"}, headers=headers
    )
    assert r.status_code == 201 and r.json()["org_id"] == world.street, r.text
    r = await client.get(f"{base}/chairs", headers=headers)
    chairs = [c for c in r.json()["items"] if c["role"] == "chair"]
    assert [(c["name"], c["active"]) for c in chairs] == [("街道工会主席", False), ("新主席", True)]
