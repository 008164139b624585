"""Bad input to the rotation API is a 422 naming the field, never a 500 (issue 13): ids and
counts are bounded in the schema, while a value in range but invalid is still answered by the
service's own bilingual field error."""

from __future__ import annotations

from tests.conftest import bearer

BIG = 2**31


def fields(r) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


def activity(world, **kw):
    body = {"area_id": world.area, "kind": "training", "title": "职工读书会", "held_on": "2017-07-09", "head_count": 10}
    body.update(kw)
    return body


async def test_ids_and_counts_past_their_range_are_422_naming_the_field(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/rotation-activities", json=activity(world, head_count=2**40), headers=headers)
    assert r.status_code == 422 and fields(r) == ["head_count"], r.text
    r = await client.post(f"{base}/rotation-activities", json=activity(world, co_org_ids=[BIG]), headers=headers)
    assert r.status_code == 422 and fields(r) == ["co_org_ids[0]"], r.text
    r = await client.post(f"{base}/rotation-activities", json=activity(world, area_id=BIG), headers=headers)
    assert r.status_code == 422 and fields(r) == ["area_id"], r.text
    r = await client.post(
        f"{base}/rotation-areas/{world.area}/rosters", json={"year": 2017, "rounds": 2**40}, headers=headers
    )
    assert r.status_code == 422 and fields(r) == ["rounds"], r.text
    for path in (
        f"rotation-areas/{BIG}",
        f"rotation-rosters/{BIG}",
        f"rotation-slots/{BIG}",
        f"rotation-activities/{BIG}",
    ):
        r = await client.get(f"{base}/{path}", headers=headers)
        assert r.status_code == 422, (path, r.status_code, r.text)
    r = await client.get(f"{base}/rotation-activities", params={"area_id": world.area, "org_id": BIG}, headers=headers)
    assert r.status_code == 422, r.text


async def test_in_range_but_invalid_values_keep_the_services_own_messages(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/rotation-activities", json=activity(world, title="题" * 300), headers=headers)
    assert r.status_code == 422 and fields(r) == ["title"], r.text


async def test_a_count_a_year_or_rounds_past_their_real_bound_are_refused_naming_them(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/rotation-activities", json=activity(world, head_count=-1), headers=headers)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "head_count", "message": "must be at least 0"}]
    rosters = f"{base}/rotation-areas/{world.area}/rosters"
    r = await client.post(rosters, json={"year": 1800}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "year", "message": "must be at least 1949"}]
    r = await client.post(rosters, json={"year": 2017, "rounds": 13}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "rounds", "message": "must be at most 12"}]


async def test_the_openapi_document_says_what_is_valid(client):
    doc = (await client.get("/schema/openapi.json")).json()
    params = {
        p["name"]: p["schema"]
        for path, item in doc["paths"].items()
        if path.endswith("/rotation-areas/{area_id}")
        for p in item["get"]["parameters"]
    }
    assert params["area_id"]["maximum"] == 2**31 - 1
    schemas = doc["components"]["schemas"]
    activity_in = next(v for k, v in schemas.items() if k.endswith("ActivityIn"))["properties"]
    assert activity_in["area_id"]["maximum"] == 2**31 - 1
