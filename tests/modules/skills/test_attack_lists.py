"""Attacks on skills' list bodies: one member twice in the same list (a roster, competition results).
Each is a 422 naming the row, nothing written; never a 500 (PostgreSQL's ON CONFLICT cannot update
one row twice in one statement)."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn, tenant_scope
from server.modules.skills import service
from tests.conftest import bearer
from tests.modules.skills.conftest import admin, at


async def test_one_member_twice_on_a_roster_is_a_422(world, client, make_token):
    async with tenant_scope(world.tenant):
        session = await service.book_session(
            service.SessionIn(
                org_id=world.union, starts_at=at(dt.date(2017, 3, 3), 9), ends_at=at(dt.date(2017, 3, 3), 10)
            ),
            admin(world.tenant),
        )
    headers = bearer(await make_token("tenant_admin", world.tenant))
    m = world.members[0]
    r = await client.post(
        f"/api/v1/t/{world.tenant}/training-sessions/{session.id}/attendance",
        json={"attendees": [{"member_id": m, "rating": 5}, {"member_id": m, "rating": 1}]},
        headers=headers,
    )
    assert r.status_code == 422, r.text
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(2, "member_id")]
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM skill_attendance") == 0


async def test_one_member_twice_in_competition_results_is_a_422(world, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/competitions"
    r = await client.post(
        base,
        json={
            "title": "焊工技能大赛",
            "kind": "skills_contest",
            "level": "city",
            "starts_on": "2017-05-01",
            "ends_on": "2017-05-03",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    m = world.members[0]
    r = await client.post(
        f"{base}/{r.json()['id']}/results",
        json=[{"member_id": m, "rank": 1}, {"member_id": m, "rank": 2}],
        headers=headers,
    )
    assert r.status_code == 422, r.text
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(2, "member_id")]
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM skill_competition_result") == 0


async def test_a_nul_in_an_imported_certificate_names_its_row_and_column(world, client, make_token):
    """The file bypasses the API's edge (which refuses a NUL in any JSON text): it reached PostgreSQL
    and came back as a 422 naming nothing."""
    from tests.modules.skills.test_access import csv_file

    headers = bearer(await make_token("tenant_admin", world.tenant))
    m = world.members[0]
    for row, field in (
        (f"YC-A1,{m},2,2017-09-01,考试,宁夏职业\x00技能鉴定中心,", "issuer"),
        (f"YC-\x00A1,{m},2,2017-09-01,考试,宁夏职业技能鉴定中心,", "number"),
    ):
        r = await client.post(
            f"/api/v1/t/{world.tenant}/certificates/import",
            content=csv_file([row]),
            headers={**headers, "content-type": "text/csv"},
        )
        assert r.status_code == 422, r.text
        assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(2, field)], r.text
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM skill_certificate") == 0
