"""Bad input to the audit API is a 422 naming the field, never a 500 or a sum that breaks later
(issue 13): ids, counts, amounts and points are bounded in the schema, while a value in range
but invalid is still answered by the service's own bilingual field error."""

from __future__ import annotations

from tests.conftest import bearer
from tests.modules.audit.conftest import audited, entry

BIG = 2**31


def fields(r) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


def line(**kw):
    body = {"form": "spending", "indicator": "A1", "project": "职工读书月", "spending_fen": 100}
    body.update(kw)
    return body


async def test_amounts_counts_and_ids_past_their_range_are_422_naming_the_field(world, client, make_token):
    [audit, *_] = await audited(world, [entry("A1", 100)])
    checker = bearer(await make_token("auditor", world.tenant))
    boss = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/audits/{audit}/entries", json=[line(spending_fen=2**62)], headers=checker)
    # a list body: the field is named by its place in the list, the bound in the client's language
    assert r.status_code == 422 and fields(r) == ["[0].spending_fen"] and "不能大于1000000000000" in r.text, r.text
    r = await client.post(f"{base}/audits/{audit}/entries", json=[line(participants=2**40)], headers=checker)
    assert r.status_code == 422 and fields(r) == ["[0].participants"] and "不能大于1000000" in r.text, r.text
    r = await client.post(f"{base}/audit-plans", json={"year": 2017, "title": "审计", "standard_id": BIG}, headers=boss)
    assert r.status_code == 422 and fields(r) == ["standard_id"], r.text
    for path in (f"audits/{BIG}", f"audit-plans/{BIG}", f"audit-standards/{BIG}"):
        r = await client.get(f"{base}/{path}", headers=boss)
        assert r.status_code == 422, (path, r.status_code, r.text)
    r = await client.get(f"{base}/audits", params={"plan_id": BIG}, headers=boss)
    assert r.status_code == 422, r.text


async def test_in_range_but_invalid_values_keep_the_services_own_messages(world, client, make_token):
    [audit, *_] = await audited(world, [entry("A1", 100)])
    checker = bearer(await make_token("auditor", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(
        f"{base}/audits/{audit}/entries", json=[line(form="bogus", project="题" * 300)], headers=checker
    )
    assert r.status_code == 422, r.text
    assert sorted(fields(r)) == ["form", "project"], r.text


async def test_counts_amounts_and_years_keep_their_real_bounds(world, client, make_token):
    """Not negative, an audit year from 2000: refused at the edge, one field named, in the client's language."""
    [audit, *_] = await audited(world, [entry("A1", 100)])
    checker = bearer(await make_token("auditor", world.tenant)) | {"Accept-Language": "en"}
    boss = bearer(await make_token("tenant_admin", world.tenant)) | {"Accept-Language": "en"}
    base = f"/api/v1/t/{world.tenant}"
    r = await client.post(f"{base}/audits/{audit}/entries", json=[line(participants=-5)], headers=checker)
    assert r.json()["errors"] == [{"field": "[0].participants", "message": "must be at least 0"}], r.text
    r = await client.post(f"{base}/audits/{audit}/entries", json=[line(spending_fen=-1)], headers=checker)
    assert r.json()["errors"] == [{"field": "[0].spending_fen", "message": "must be at least 0"}], r.text
    r = await client.post(f"{base}/audit-plans", json={"year": 1999, "title": "审计", "standard_id": 1}, headers=boss)
    assert r.json()["errors"] == [{"field": "year", "message": "must be at least 2000"}], r.text


async def test_the_openapi_document_says_what_is_valid(client):
    doc = (await client.get("/schema/openapi.json")).json()
    params = {
        p["name"]: p["schema"]
        for path, item in doc["paths"].items()
        if path.endswith("/audits/{audit_id}")
        for p in item["get"]["parameters"]
    }
    assert params["audit_id"]["maximum"] == 2**31 - 1
    schemas = doc["components"]["schemas"]
    entry_in = next(v for k, v in schemas.items() if k.endswith("EntryIn") and "spending_fen" in v["properties"])
    assert entry_in["properties"]["spending_fen"]["maximum"] == 10**12
