"""Attacks on the member import (POST /members/import): NUL and odd Unicode in cells, a 10 MB cell,
a million empty rows, dates and numbers past any column. Every one is a 422 naming the row and the
column, or the file, with nothing written; never a 500. A NUL in a name or trade reached PostgreSQL
(a 422 naming no row), and a name of one zero-width space or with a right-to-left override was
stored; member names and trades now refuse invisible characters (`service.check_member_fields`)."""

from __future__ import annotations

import asyncio

import pytest

from server.errors import Conflict
from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from tests.modules.orgs.factories import make_org
from tests.modules.orgs.test_import import members_csv, to_csv


async def post(client, tenant, headers, content: bytes):
    return await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=content,
        headers={**headers, "content-type": "text/csv", "Accept-Language": "en"},
    )


async def nothing_written(tenant) -> None:
    async with tenant_scope(tenant.slug):
        assert (await service.list_members(limit=1)).items == []


ODD_CELLS = [
    (0, "张\x00三"),  # NUL in the name
    (5, "焊\x00工"),  # in the trade
    (2, "东厂\x00工会"),  # in the union's name
    (3, "139\x0012345678"),  # in the phone
    (8, "2015-03\x00-01"),  # in a date
    (0, "\u200b"),  # a name of one zero-width space
    (0, "\u202e三张"),  # a right-to-left override
    (6, "９" * 30),  # a level in full-width digits, past any smallint
    (6, "1" * 5000),  # past int()'s digit limit
    (8, "9999-12-31"),  # a date past any other date the API takes
    (8, "0001-01-01"),
]


async def test_an_odd_cell_is_a_422_naming_its_row_and_column(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        await make_org("东厂工会")
    headers, rows = members_csv(["东厂工会"], 3)
    for column, value in ODD_CELLS:
        odd = [list(r) for r in rows]
        odd[1][column] = value
        r = await post(client, tenant, tenant_headers, to_csv(headers, odd))
        assert r.status_code == 422, (value, r.text)
        assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(3, headers[column])], value
    await nothing_written(tenant)


async def test_a_ten_megabyte_cell_is_a_422_naming_the_file(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        await make_org("东厂工会")
    headers, rows = members_csv(["东厂工会"], 3)
    rows[1][5] = "焊" * (10 << 20)
    r = await post(client, tenant, tenant_headers, to_csv(headers, rows))
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["file"]
    await nothing_written(tenant)


async def test_a_million_empty_rows_are_no_rows(client, tenant, tenant_headers):
    headers, _ = members_csv(["东厂工会"], 1)
    content = to_csv(headers, []) + b",,,,,,,,\r\n" * 1_000_000
    r = await post(client, tenant, tenant_headers, content)
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["file"]


async def test_the_api_refuses_an_invisible_character_in_a_name_as_the_import_does(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("东厂工会")
    _, rows = members_csv(["东厂工会"], 1)
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members",
        json={"name": "\u202e三张", "id_number": rows[0][1], "org_id": union.id},
        headers={**tenant_headers, "Accept-Language": "en"},
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["name"]
    assert "U+202E" in r.json()["errors"][0]["message"]
    await nothing_written(tenant)


async def test_a_union_moved_out_of_an_officers_subtree_while_their_import_runs_is_refused(tenant, monkeypatch):
    """The import reads the officer's subtree once, at the start; a move that commits before the
    import writes takes the union out of their reach, and the members must not land there."""
    from server.errors import Forbidden
    from server.modules.orgs import access, bulk
    from server.platform.roles import Actor, Role

    async with tenant_scope(tenant.slug):
        zone = await make_org("高新区总工会", "zone_federation")
        elsewhere = await make_org("老城区总工会", "zone_federation")
        union = await make_org("区内厂工会", parent_id=zone.id)
    officer = Actor(account_id=None, name="officer", role=Role.org_officer, tenant=tenant.slug, org_id=zone.id)
    headers, rows = members_csv(["区内厂工会"], 5)
    read, moved = asyncio.Event(), asyncio.Event()
    visible = access.visible_org_ids

    async def read_then_wait(actor):
        found = await visible(actor)
        if not read.is_set():  # the first read: the import's own
            read.set()
            await moved.wait()
        return found

    monkeypatch.setattr(access, "visible_org_ids", read_then_wait)

    async def officer_imports():
        async with tenant_scope(tenant.slug):
            return await bulk.import_members(to_csv(headers, rows), filename="m.csv", actor=officer)

    async def admin_moves():
        await read.wait()
        async with tenant_scope(tenant.slug):
            await service.move_org(union.id, elsewhere.id)
        moved.set()

    imported, _ = await asyncio.gather(officer_imports(), admin_moves(), return_exceptions=True)
    assert isinstance(imported, Forbidden) and imported.code == "outside_subtree", imported
    await nothing_written(tenant)


async def test_the_same_moving_file_imported_twice_at_once_moves_each_member_once(tenant):
    """Two re-imports of one file that moves members to another union, racing: the second read the
    members before the first committed. Each member's history is the old union, then the new one."""
    from server.modules.orgs import bulk
    from tests.conftest import blocking_another

    async with tenant_scope(tenant.slug):
        await make_org("东厂工会")
        west = await make_org("西厂工会")
    headers, rows = members_csv(["东厂工会"], 20)
    async with tenant_scope(tenant.slug):
        await bulk.import_members(to_csv(headers, rows), filename="a.csv")
    for row in rows:
        row[2] = "西厂工会"
    content = to_csv(headers, rows)
    first_wrote = asyncio.Event()

    async def first():
        async with tenant_scope(tenant.slug):
            result = await bulk.import_members(content, filename="b.csv")
            first_wrote.set()
            await blocking_another()  # uncommitted until the second one waits on its rows
            return result

    async def second():
        await first_wrote.wait()
        async with tenant_scope(tenant.slug):
            return await bulk.import_members(content, filename="b.csv")

    done, refused = await asyncio.gather(first(), second(), return_exceptions=True)
    assert done.moved == 20
    assert isinstance(refused, Conflict) and refused.code == "import_conflict", refused
    async with tenant_scope(tenant.slug):
        for row in rows:
            member = await service.find_member_by_id_number(row[1])
            history = await service.member_history(member.id)
            assert member.org_id == west.id
            assert [(p.org_name, p.valid_to is None) for p in history] == [("东厂工会", False), ("西厂工会", True)]


@pytest.mark.parametrize("value", ["9999-12-31", "2101-01-01"])
async def test_a_leaving_date_past_the_api_s_range_is_a_422(client, tenant, tenant_headers, value):
    """The API takes dates in 1900..2100 (server.infra.edge); the import stored 9999-12-31 as a leaving date."""
    async with tenant_scope(tenant.slug):
        await make_org("东厂工会")
    headers, rows = members_csv(["东厂工会"], 3)
    headers.append("离会日期")
    for row in rows:
        row.append("")
    rows[1][-1] = value
    r = await post(client, tenant, tenant_headers, to_csv(headers, rows))
    assert r.status_code == 422, r.text
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(3, "离会日期")]
    await nothing_written(tenant)
