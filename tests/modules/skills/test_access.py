"""Certificates imported all or nothing; an org officer acts only inside their subtree; another
tenant's ids find nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from server.errors import Forbidden, InvalidInput, NotFound
from server.infra.tenancy import conn, tenant_scope
from server.modules.orgs import service as orgs
from server.modules.skills import service
from tests.conftest import bearer
from tests.modules.skills.conftest import admin, at, build_world, officer


def csv_file(rows: list[str]) -> bytes:
    return ("证书编号,会员编号,等级,发证日期,取得途径,发证机关,银行账号\n" + "\n".join(rows) + "\n").encode("utf-8")


async def test_import_is_all_or_nothing_with_every_bad_row_listed(world):
    m = world.members
    bad = csv_file(
        [
            f"YC-A1,{m[0]},2,2017-09-01,考试,宁夏职业技能鉴定中心,6228000000000011",
            f"YC-A2,{m[1]},7,2017-09-01,考试,宁夏职业技能鉴定中心,",  # level 7
            "YC-A3,999999,3,2017-09-01,竞赛,宁夏职业技能鉴定中心,",  # no such member
            f"YC-A1,{m[2]},3,2017-13-01,考试,宁夏职业技能鉴定中心,",  # bad date (and a repeated number)
            f"YC-A5,{m[3]},高级工,2017-09-01,考试,宁夏职业技能鉴定中心,62",  # short account
        ]
    )
    with pytest.raises(InvalidInput) as refused:
        async with tenant_scope(world.tenant):
            await service.import_certificates(bad, "证书.csv", admin(world.tenant))
    rows = sorted({(e.row, e.field) for e in refused.value.errors})
    assert rows == [(3, "level"), (4, "member_id"), (5, "issued_on"), (6, "bank_account")]
    assert "4 行有错误" in refused.value.detail
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM skill_certificate") == 0
        levels_before = {i: x.level for i, x in (await orgs.get_members(m)).items()}
    good = csv_file(
        [
            f"YC-B1,{m[0]},2,2017-09-01,考试,宁夏职业技能鉴定中心,6228000000000011",
            f"YC-B2,{m[1]},高级技师,2017/10/01,竞赛,宁夏职业技能鉴定中心,",
        ]
    )
    from openpyxl import Workbook

    book = Workbook()
    for line in good.decode().splitlines():
        book.active.append(line.split(","))
    xlsx = io.BytesIO()
    book.save(xlsx)
    async with tenant_scope(world.tenant):
        out = await service.import_certificates(xlsx.getvalue(), "证书.xlsx", admin(world.tenant))
        assert out.created == 2
        with pytest.raises(InvalidInput) as again:  # the same numbers twice: refused, row by row
            await service.import_certificates(good, "证书.csv", admin(world.tenant))
        assert [(e.row, e.field) for e in again.value.errors] == [(2, "number"), (3, "number")]
        after = {i: x.level for i, x in (await orgs.get_members(m)).items()}
    assert after[m[1]] == 1 and after[m[0]] == min(2, levels_before[m[0]] or 5)


async def test_an_org_officer_stays_inside_their_subtree(world, client, make_token):
    chair = officer(world.tenant, world.union)
    async with tenant_scope(world.tenant):
        mine = await service.declare_project(
            service.ProjectIn(world.union, "电商运营", "skills", 20, 100_000, dt.date(2017, 3, 1), dt.date(2017, 3, 9)),
            chair,
        )
        theirs = await service.declare_project(
            service.ProjectIn(
                world.other, "安全驾驶", "safety_law", 20, 100_000, dt.date(2017, 3, 1), dt.date(2017, 3, 9)
            ),
            admin(world.tenant),
        )
    for attempt in (
        lambda: service.declare_project(
            service.ProjectIn(world.other, "x", "skills", 5, 0, dt.date(2017, 3, 1), dt.date(2017, 3, 2)), chair
        ),
        lambda: service.get_project(theirs.id, chair),
        lambda: service.start_project(theirs.id, chair),
        lambda: service.record_certificates(
            [service.CertificateIn("YC-X", world.others[0], 3, dt.date(2017, 3, 1), "exam", "鉴定中心")], chair
        ),
        lambda: service.book_session(
            service.SessionIn(
                org_id=world.other, starts_at=at(dt.date(2017, 3, 3), 9), ends_at=at(dt.date(2017, 3, 3), 10)
            ),
            chair,
        ),
        lambda: service.record_drill(service.DrillIn("物流公司", "快递", dt.date(2017, 3, 3), 10, world.other), chair),
    ):
        with pytest.raises(Forbidden) as refused:
            async with tenant_scope(world.tenant):
                await attempt()
        assert refused.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        listed = await service.list_projects(actor=chair, limit=10)
        assert [p.id for p in listed.items] == [mine.id]
    headers = bearer(await make_token("org_officer", world.tenant, org_id=world.union))
    r = await client.get(f"/api/v1/t/{world.tenant}/training-projects/{theirs.id}", headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
    r = await client.post(f"/api/v1/t/{world.tenant}/reward-runs", json={"year": 2017}, headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "role_forbidden"


async def test_another_tenants_ids_find_nothing(world, make_tenant, client, make_token):
    other = await make_tenant()
    elsewhere = await build_world(other.slug)
    async with tenant_scope(elsewhere.tenant):
        p = await service.declare_project(
            service.ProjectIn(elsewhere.union, "焊接", "skills", 9, 0, dt.date(2017, 3, 1), dt.date(2017, 3, 2)),
            admin(elsewhere.tenant),
        )
    async with tenant_scope(world.tenant):
        with pytest.raises(NotFound):
            await service.get_project(p.id, admin(world.tenant))
        with pytest.raises(InvalidInput):  # the other tenant's member is no member here
            await service.record_certificates(
                [service.CertificateIn("YC-T", 10_000_000, 3, dt.date(2017, 3, 1), "exam", "鉴定中心")],
                admin(world.tenant),
            )
    headers = bearer(await make_token("tenant_admin", world.tenant))
    r = await client.get(f"/api/v1/t/{elsewhere.tenant}/training-projects/{p.id}", headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "tenant_forbidden"
    r = await client.get(f"/api/v1/t/{world.tenant}/training-projects/{p.id + 5000}", headers=headers)
    assert r.status_code == 404
