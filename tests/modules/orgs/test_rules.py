"""Rules a union officer relies on: no date that cannot be (before birth, before an org
exists), corrections of dates that keep the dated history true, text that does not fit and
digits that are not ASCII answered as field errors, and an org officer held to their
subtree in reports, imports and dated trees."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidInput, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from server.modules.orgs.service import MemberPatch, OrgPatch
from tests.conftest import bearer
from tests.modules.orgs.factories import id_number, make_member, make_org
from tests.modules.orgs.test_import import to_csv


async def zone_and_city(tenant):
    """city → zone → 银河厂 (李娜); city → 星海厂 (王强)."""
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        zone = await make_org("高新区总工会", "zone_federation", city.id, founded_on=dt.date(2000, 1, 1))
        mine = await make_org("银河厂工会", parent_id=zone.id, founded_on=dt.date(2000, 1, 1))
        theirs = await make_org("星海厂工会", parent_id=city.id, founded_on=dt.date(2000, 1, 1))
        me = await make_member(mine.id, name="李娜", gender="F")
        them = await make_member(theirs.id, name="王强", migrant=True)
    return city, zone, mine, theirs, me, them


def fullwidth(number: str) -> str:
    """The same number with its 17th digit full-width (３ rather than 3), as some input methods type it."""
    return number[:16] + chr(ord(number[16]) - ord("0") + 0xFF10) + number[17]


# --- an org officer's reach -------------------------------------------------------------


async def test_an_org_officer_reads_reports_of_their_subtree_only(client, tenant, make_token):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    url = f"/api/v1/t/{tenant.slug}/reports/orgs"
    r = await client.get(url, params={"year": 2030, "org": theirs.id}, headers=officer)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
    r = await client.get(url, params={"year": 2030, "org": city.id}, headers=officer)
    assert r.status_code == 403
    own = (await client.get(url, params={"year": 2030}, headers=officer)).json()["figures"]
    assert (own["members"], own["enterprises"], own["migrant_workers"]) == (1, 1, 0)  # 李娜 only
    mine_only = (await client.get(url, params={"year": 2030, "org": mine.id}, headers=officer)).json()["figures"]
    assert mine_only["members"] == 1


async def test_an_org_officers_import_cannot_reach_a_member_elsewhere(client, tenant, tenant_headers, make_token):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    number = (await client.get(f"/api/v1/t/{tenant.slug}/members/{them.id}", headers=tenant_headers)).json()[
        "id_number"
    ]
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=to_csv(["姓名", "身份证号", "所属工会"], [["改名了", number, mine.name]]),
        headers={**officer, "content-type": "text/csv"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 2
    assert number not in r.text
    async with tenant_scope(tenant.slug):
        after = await service.get_member(them.id)
    assert (after.org_id, after.name) == (theirs.id, "王强")


async def test_an_org_officers_dated_tree_shows_only_what_is_theirs_today(client, tenant, make_token):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    async with tenant_scope(tenant.slug):  # 星海厂 sat under the zone from 2005 to 2010
        await service.move_org(theirs.id, zone.id, on=dt.date(2005, 1, 1))
        await service.move_org(theirs.id, city.id, on=dt.date(2010, 1, 1))
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    base = f"/api/v1/t/{tenant.slug}"
    for url in ("/orgs/tree", f"/orgs/{zone.id}/subtree"):
        nodes = (await client.get(base + url, params={"as_of": "2007-01-01"}, headers=officer)).json()
        assert [n["id"] for n in nodes] == [zone.id, mine.id]
    admin_view = (
        await client.get(
            f"{base}/orgs/{zone.id}/subtree",
            params={"as_of": "2007-01-01"},
            headers=bearer(await make_token("tenant_admin", tenant.slug)),
        )
    ).json()
    assert theirs.id in {n["id"] for n in admin_view}  # the history itself is kept


# --- input that does not fit ------------------------------------------------------------


async def test_full_width_digits_in_an_id_number_are_a_field_error_everywhere(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    base = f"/api/v1/t/{tenant.slug}"
    odd = fullwidth(id_number(dt.date(1990, 1, 2)))
    r = await client.post(
        f"{base}/members", json={"name": "甲", "id_number": odd, "org_id": mine.id}, headers=tenant_headers
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "id_number"
    r = await client.get(f"{base}/members", params={"q": odd}, headers=tenant_headers)
    assert r.status_code == 200 and r.json()["items"] == []
    r = await client.post(
        f"{base}/members/import",
        content=to_csv(["姓名", "身份证号", "所属工会"], [["甲", odd, mine.name]]),
        headers={**tenant_headers, "content-type": "text/csv"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "身份证号"


async def test_phones_are_stored_clean_and_found_with_plus_86(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("厂工会")
        worker = await make_member(union.id, phone="13800138000\n")
        assert worker.phone == "13800138000"
        for bad in ("00000000000", "0951-0123456", "１３８００１３８０００"):
            with pytest.raises(InvalidInput) as raised:
                await make_member(union.id, phone=bad)
            assert raised.value.errors[0].field == "phone"
        assert (await make_member(union.id, phone="0951-6012345")).phone == "0951-6012345"
    found = (
        await client.get(f"/api/v1/t/{tenant.slug}/members", params={"q": "+86138001"}, headers=tenant_headers)
    ).json()["items"]
    assert [m["id"] for m in found] == [worker.id]


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/orgs", {"name": "某厂工会", "type": "enterprise_union", "enterprise_name": "企" * 201}, "enterprise_name"),
        ("/zones", {"name": "某开发区", "level": "国" * 21}, "level"),
    ],
)
async def test_text_too_long_is_a_field_error_and_nothing_is_written(client, tenant, tenant_headers, path, body, field):
    r = await client.post(f"/api/v1/t/{tenant.slug}{path}", json=body, headers=tenant_headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field
    assert (await client.get(f"/api/v1/t/{tenant.slug}{path}", headers=tenant_headers)).json() in (
        [],
        {"items": [], "next_cursor": None},
    )


# --- dates that cannot be ----------------------------------------------------------------


async def test_leaving_or_transferring_before_birth_is_refused(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    r = await client.patch(
        f"/api/v1/t/{tenant.slug}/members/{me.id}", json={"left_on": "1901-01-01"}, headers=tenant_headers
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "left_on"
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/{me.id}/transfer",
        json={"org_id": theirs.id, "on": "1950-01-01"},
        headers=tenant_headers,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "on"
    async with tenant_scope(tenant.slug):
        assert [p.org_id for p in await service.member_history(me.id)] == [mine.id]


async def test_nothing_moves_under_an_org_before_it_exists(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        late = await make_org("新区总工会", "zone_federation", city.id, founded_on=dt.date(2020, 1, 1))
        union = await make_org("厂工会", parent_id=city.id, founded_on=dt.date(2000, 1, 1))
        worker = await make_member(union.id, joined_on=dt.date(2005, 1, 1))
        with pytest.raises(InvalidInput) as raised:
            await service.move_org(union.id, late.id, on=dt.date(2010, 1, 1))
        assert raised.value.errors[0].field == "parent_id"
        with pytest.raises(InvalidInput) as raised:
            await service.transfer_member(worker.id, late.id, on=dt.date(2010, 1, 1))
        assert raised.value.errors[0].field == "org_id"
        assert (await service.move_org(union.id, late.id, on=dt.date(2020, 1, 1))).id == union.id


async def test_a_corrected_leave_date_moves_the_end_of_the_membership(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("厂工会", founded_on=dt.date(2000, 1, 1))
        worker = await make_member(union.id, joined_on=dt.date(2010, 1, 1))
        await service.update_member(worker.id, MemberPatch(left_on=dt.date(2015, 1, 1)))
        await service.update_member(worker.id, MemberPatch(left_on=dt.date(2020, 1, 1)))  # the date was wrong
        assert [(p.valid_from, p.valid_to) for p in await service.member_history(worker.id)] == [
            (dt.date(2010, 1, 1), dt.date(2020, 1, 1))
        ]
        assert [n.member_count for n in await service.tree(union.id, as_of=dt.date(2018, 1, 1))] == [1]


async def test_a_leaving_called_off_before_its_day_leaves_one_membership(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("厂工会", founded_on=dt.date(2000, 1, 1))
        worker = await make_member(union.id, joined_on=dt.date(2010, 1, 1))
        await service.update_member(worker.id, MemberPatch(left_on=service.today() + dt.timedelta(days=60)))
        with pytest.raises(RuleViolation) as raised:  # still a member, but leaving: the leave date first
            await service.transfer_member(worker.id, (await make_org("另厂工会")).id)
        assert raised.value.code == "member_leaving"
        await service.update_member(worker.id, MemberPatch(clear=["left_on"]))
        assert [(p.valid_from, p.valid_to) for p in await service.member_history(worker.id)] == [
            (dt.date(2010, 1, 1), None)
        ]
        later = service.today() + dt.timedelta(days=90)
        assert [n.member_count for n in await service.tree(union.id, as_of=later)] == [1]


async def test_a_corrected_founding_or_join_date_moves_the_start_of_the_history(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("市总工会", "city_federation")
        union = await make_org("厂工会", parent_id=city.id)  # founding unknown: in the tree since 1900
        worker = await make_member(union.id)  # join date unknown
        await service.update_org(union.id, OrgPatch(founded_on=dt.date(2020, 1, 1)))
        await service.update_member(worker.id, MemberPatch(joined_on=dt.date(2021, 1, 1)))
        assert union.id not in {n.id for n in await service.tree(city.id, as_of=dt.date(2010, 1, 1))}
        assert [n.member_count for n in await service.tree(union.id, as_of=dt.date(2020, 6, 1))] == [0]
        assert [n.member_count for n in await service.tree(union.id, as_of=dt.date(2021, 6, 1))] == [1]
        # A founding after the org's first move would cut its history: refused.
        other = await make_org("区总工会", "county_federation", city.id)
        await service.move_org(union.id, other.id, on=dt.date(2022, 1, 1))
        with pytest.raises(InvalidInput) as raised:
            await service.update_org(union.id, OrgPatch(founded_on=dt.date(2023, 1, 1)))
        assert raised.value.errors[0].field == "founded_on"


async def test_an_orgs_report_for_a_year_before_it_existed_counts_nothing(client, tenant, tenant_headers):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)  # the zone is founded in 2000
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/reports/orgs", params={"year": 1995, "org": zone.id}, headers=tenant_headers
    )
    assert r.status_code == 200 and r.json()["figures"]["orgs"] == 0
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/reports/orgs", params={"year": 2001, "org": zone.id}, headers=tenant_headers
    )
    assert r.json()["figures"]["orgs"] == 2


async def test_an_org_officer_is_told_a_person_is_a_member_already_but_not_which_record(
    client, tenant, tenant_headers, make_token
):
    city, zone, mine, theirs, me, them = await zone_and_city(tenant)
    number = (await client.get(f"/api/v1/t/{tenant.slug}/members/{them.id}", headers=tenant_headers)).json()[
        "id_number"
    ]
    body = {"name": "王强", "id_number": number, "org_id": mine.id}
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=zone.id))
    r = await client.post(f"/api/v1/t/{tenant.slug}/members", json=body, headers=officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "id_number"
    assert f"#{them.id}" not in r.text
    r = await client.post(f"/api/v1/t/{tenant.slug}/members", json=body, headers=tenant_headers)
    assert f"#{them.id}" in r.text  # the tenant admin may look it up
