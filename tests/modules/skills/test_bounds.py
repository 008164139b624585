"""Bad input to the skills API is a 422 naming the field, never a 500 (issue 13): ids, counts
and amounts are bounded in the schema, while a value in range but invalid is still answered by
the service's own bilingual field error."""

from __future__ import annotations

from tests.conftest import bearer

BIG = 2**31


def fields(r) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


def project(world, **kw):
    body = {
        "org_id": world.union,
        "topic": "安全生产",
        "category": "safety_law",
        "expected_heads": 30,
        "budget_fen": 100_000,
        "starts_on": "2017-03-01",
        "ends_on": "2017-03-31",
    }
    body.update(kw)
    return body


async def test_an_id_of_2_to_the_31_in_a_path_or_query_is_422(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    for path in (
        f"courses/{BIG}",
        f"trainers/{BIG}",
        f"trainers/{BIG}/calendar",
        f"training-projects/{BIG}",
        f"course-orders/{BIG}",
        f"training-sessions/{BIG}",
        f"competitions/{BIG}",
        f"certificates/{BIG}",
        f"reward-runs/{BIG}",
        f"reward-runs/{BIG}/lines",
    ):
        r = await client.get(f"{base}/{path}", headers=headers)
        assert r.status_code == 422, (path, r.status_code, r.text)
    for path, name in (
        ("training-sessions", "org_id"),
        ("training-sessions", "trainer_id"),
        ("certificates", "member_id"),
    ):
        r = await client.get(f"{base}/{path}", params={name: BIG}, headers=headers)
        assert r.status_code == 422, (path, name, r.status_code, r.text)


async def test_ids_and_amounts_past_their_range_in_a_body_are_422_naming_the_field(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/training-projects", json=project(world, org_id=BIG), headers=headers)
    assert r.status_code == 422 and fields(r) == ["org_id"], r.text
    r = await client.post(f"{base}/training-projects", json=project(world, budget_fen=2**63 - 1), headers=headers)
    assert r.status_code == 422 and fields(r) == ["budget_fen"], r.text
    r = await client.post(f"{base}/training-projects", json=project(world, expected_heads=2**40), headers=headers)
    assert r.status_code == 422 and fields(r) == ["expected_heads"], r.text
    honour = {
        "title": "凤城工匠",
        "member_id": BIG,
        "awarded_on": "2017-05-01",
        "amount_fen": 100,
        "bank_account": "6228000000000101",
    }
    r = await client.post(f"{base}/honours", json=honour, headers=headers)
    assert r.status_code == 422 and fields(r) == ["member_id"], r.text
    r = await client.post(f"{base}/reward-runs", json={"year": 2**63}, headers=headers)
    assert r.status_code == 422 and fields(r) == ["year"], r.text


async def test_a_value_past_its_real_bound_is_refused_in_the_clients_language(world, client, make_token):
    """A year, a count and an amount carry their real bounds (a year in 1949 … 2100, at least one
    head, fen not negative): the edge refuses one past them, naming it, in the client's language."""
    headers = bearer(await make_token("tenant_admin", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/reward-runs", json={"year": 1800}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "year", "message": "must be at least 1949"}]
    r = await client.post(f"{base}/training-projects", json=project(world, expected_heads=-1), headers=headers)
    assert r.json()["errors"] == [{"field": "expected_heads", "message": "must be at least 1"}], r.text
    r = await client.post(f"{base}/training-projects", json=project(world, budget_fen=-5), headers=headers)
    assert r.json()["errors"] == [{"field": "budget_fen", "message": "must be at least 0"}], r.text
    r = await client.post(
        f"{base}/training-sessions/1/attendance", json={"attendees": [{"member_id": 1, "rating": 6}]}, headers=headers
    )
    assert r.json()["errors"] == [{"field": "attendees[0].rating", "message": "must be at most 5"}], r.text


async def test_in_range_but_invalid_values_keep_the_services_own_messages(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(
        f"{base}/training-projects", json=project(world, category="cooking", topic="题" * 300), headers=headers
    )
    assert r.status_code == 422, r.text
    messages = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert messages.keys() == {"topic", "category"} and messages["topic"] == "must be 1-200 characters"


async def test_the_openapi_document_says_what_is_valid(client):
    doc = (await client.get("/schema/openapi.json")).json()
    params = {
        p["name"]: p["schema"]
        for path, item in doc["paths"].items()
        if path.endswith("/training-projects/{project_id}")
        for p in item["get"]["parameters"]
    }
    assert params["project_id"]["maximum"] == 2**31 - 1
    schemas = doc["components"]["schemas"]
    project = next(v for k, v in schemas.items() if k.endswith("ProjectIn"))["properties"]
    assert project["org_id"]["maximum"] == 2**31 - 1
    assert project["budget_fen"]["maximum"] == 10**12
    assert project["topic"]["maxLength"] == 4000


async def test_an_id_past_its_range_in_an_imported_file_is_a_row_error(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    body = (
        "证书编号,会员编号,等级,发证日期,取得途径,发证机关,竞赛编号\n"
        f"YC-BIG-1,{BIG},技师,2017-07-01,考试,鉴定中心,\n"
        f"YC-BIG-2,{world.members[0]},技师,2017-07-01,竞赛,鉴定中心,{2**63}\n"
    ).encode()
    r = await client.post(
        f"/api/v1/t/{world.tenant}/certificates/import", files={"file": ("证书.csv", body, "text/csv")}, headers=headers
    )
    assert r.status_code == 422, r.text
    assert sorted((e["row"], e["field"]) for e in r.json()["errors"]) == [(2, "member_id"), (3, "competition_id")]


async def test_a_courses_hours_past_a_smallint_are_refused_before_postgresql(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    course = {"title": "焊工技能提升", "category": "skills", "hours": 2**15, "price_fen": 10_000}
    r = await client.post(f"/api/v1/t/{world.tenant}/courses", json=course, headers=headers)
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "hours", "message": "不能大于32767"}], r.text
