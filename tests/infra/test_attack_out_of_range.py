"""A whole number the schema lets through but an integer column cannot hold (188 fields and
query parameters of the API are plain `int`): the 422 names the field that carried it, in the
body (nested too) or the query, as every other invalid input does, and nothing changes."""

from __future__ import annotations

from tests.conftest import bearer

BIG = 2**40


async def test_a_number_past_its_column_names_its_field(client, tenant, make_token):
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    base = f"/api/v1/t/{tenant.slug}"
    cases = [
        ("POST", "/reps/evaluations", {"constituency_id": BIG, "opened_on": "2017-11-01", "min_ballots": 1}, None,
         "constituency_id"),
        ("POST", "/reps/congresses", {"org_id": BIG, "name": "职代会", "starts_on": "2017-01-01",
                                     "ends_on": "2021-12-31"}, None, "org_id"),
        ("GET", "/audits", None, {"org_id": str(BIG)}, "org_id"),
        ("GET", "/members", None, {"level": "9" * 60}, "level"),  # PostgreSQL's message shortens it
    ]  # fmt: skip
    for method, path, body, params, field in cases:
        r = await client.request(method, base + path, json=body, params=params, headers=admin)
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert [e["field"] for e in r.json()["errors"]] == [field], (path, r.text)
        assert field in r.json()["detail"]
