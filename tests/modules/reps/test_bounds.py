"""Bad numbers to the reps API are a 422 naming the field before any SQL runs: ids, seats, scores,
money and counts are bounded in the schema (`server.infra.types`), so PostgreSQL's own refusal
(a smallint's range, a CHECK) is never what answers."""

from __future__ import annotations

from tests.conftest import bearer

BIG = 2**31


def fields(r) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


async def test_numbers_past_their_range_are_422_naming_the_field(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/reps"
    seats = {"org_id": world.workshops[1], "name": "包装车间", "seats": 2**15}  # past a smallint
    r = await client.post(f"{base}/congresses/{world.congress}/constituencies", json=seats, headers=headers)
    assert r.status_code == 422 and fields(r) == ["seats"], r.text
    r = await client.post(f"{base}/congresses/{BIG}/constituencies", json={**seats, "seats": 1}, headers=headers)
    assert r.status_code == 422 and fields(r) == ["congress_id"], r.text
    evaluation = {"constituency_id": world.constituency, "opened_on": "2017-06-01", "min_ballots": 0}
    r = await client.post(f"{base}/evaluations", json=evaluation, headers=headers)
    assert r.status_code == 422 and fields(r) == ["min_ballots"], r.text
    assert r.json()["detail"] == "min_ballots: 不能小于1"  # the schema's bound, said as the service would
    r = await client.post(f"{base}/evaluations", json=evaluation, headers={**headers, "Accept-Language": "en"})
    assert r.json()["errors"][0]["message"] == "must be at least 1"
    congress = {"org_id": world.unit, "name": "第六届职代会", "starts_on": "2022-01-01", "ends_on": "2026-12-31"}
    r = await client.post(f"{base}/congresses", json={**congress, "min_level": 6}, headers=headers)
    assert r.status_code == 422 and fields(r) == ["min_level"], r.text
    r = await client.post(
        f"{base}/proposals", json={"representative_id": 1, "title": "食堂", "complaint_ids": [BIG]}, headers=headers
    )
    assert r.status_code == 422 and fields(r) == ["complaint_ids[0]"], r.text
    r = await client.get(f"{base}/proposals", params={"year": 1800}, headers=headers)
    assert r.status_code == 422 and fields(r) == ["year"], r.text
    r = await client.get(f"/api/v1/t/{world.tenant}/members", params={"level": 6}, headers=headers)
    assert r.status_code == 422 and fields(r) == ["level"] and r.json()["detail"] == "level: 不能大于5", r.text
    r = await client.post(f"{base}/proposals", json={"representative_id": 1, "title": "食" * 201}, headers=headers)
    assert r.status_code == 422 and r.json()["detail"] == "title: 不超过200个字符", r.text
    r = await client.get(f"{base}/congresses/{world.congress}/constituencies", headers=headers)
    assert [c["name"] for c in r.json()["items"]] == ["熟料车间"]  # nothing was added
