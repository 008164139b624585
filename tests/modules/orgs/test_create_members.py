"""Many members at once through the service (demo loaders, other modules): every row checked
first, all or nothing, errors naming the row, and one set-based write however many rows."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Forbidden, InvalidInput
from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from server.modules.orgs.diagnostics import count_statements
from server.modules.orgs.service import MemberIn
from server.platform.roles import Actor, Role
from tests.modules.orgs.factories import _unique_id_number, make_member, make_org


def worker(org_id: int, name: str = "张伟", **kw) -> MemberIn:
    kw.setdefault("id_number", _unique_id_number())
    return MemberIn(name=name, org_id=org_id, **kw)


async def member_count() -> int:
    return await service.conn().fetchval("SELECT count(*) FROM member")


async def test_members_are_created_in_order_with_their_placements(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        other = await make_org("星海化工工会")
        items = [
            worker(union.id, "李娜", trade="焊工", level=4, joined_on=dt.date(2012, 5, 1), phone="13995212345"),
            worker(other.id, "王强", migrant=True),
            worker(union.id, "马兰", level=None),
        ]
        made = await service.create_members(items)
        assert [(m.name, m.org_id) for m in made] == [("李娜", union.id), ("王强", other.id), ("马兰", union.id)]
        assert made[0].trade == "焊工" and made[0].level == 4 and made[0].phone == "13995212345"
        assert made[1].migrant and "********" in made[1].id_number
        assert made[0] == await service.get_member(made[0].id)
        history = await service.member_history(made[0].id)
        assert [(h.org_id, h.valid_from, h.valid_to) for h in history] == [(union.id, dt.date(2012, 5, 1), None)]
        assert (await service.member_history(made[1].id))[0].valid_from == service.EPOCH
        assert await service.find_member_by_id_number(items[2].id_number) == made[2]
        assert await service.create_members([]) == []


async def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        closed = await make_org("已撤销厂工会", founded_on=dt.date(2000, 1, 1))
        await service.close_org(closed.id, on=dt.date(2015, 1, 1))
        taken = await make_member(union.id, name="老会员")
        twice = _unique_id_number()
        items = [
            worker(union.id, "甲", id_number=twice),
            worker(union.id, "乙", id_number=twice),  # row 2: same ID as row 1
            worker(union.id, "丙", id_number=(await service.get_member(taken.id, reveal=True)).id_number),
            worker(union.id, "丁", phone="12345"),  # row 4: not a phone number
            worker(999_999, "戊"),  # row 5: no such org
            worker(closed.id, "己"),  # row 6: closed org
            worker(union.id, "庚", level=7),  # row 7: no such level
            worker(union.id, ""),
        ]  # row 8: no name
        before = await member_count()
        with pytest.raises(InvalidInput) as raised:
            await service.create_members(items)
        assert [(e.row, e.field) for e in raised.value.errors] == [
            (2, "id_number"),
            (3, "id_number"),
            (4, "phone"),
            (5, "org_id"),
            (6, "org_id"),
            (7, "level"),
            (8, "name"),
        ]
        assert "#" + str(taken.id) in raised.value.errors[1].message
        assert await member_count() == before


async def test_a_bad_id_number_is_named_by_its_row(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        good = _unique_id_number()
        wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
        with pytest.raises(InvalidInput) as raised:
            await service.create_members([worker(union.id), worker(union.id, id_number=wrong)])
        assert [(e.row, e.field) for e in raised.value.errors] == [(2, "id_number")]
        assert await member_count() == 0


async def test_an_org_officer_creates_members_only_in_its_subtree(tenant):
    async with tenant_scope(tenant.slug):
        zone = await make_org("高新区总工会", "zone_federation")
        mine = await make_org("区内厂工会", parent_id=zone.id)
        theirs = await make_org("区外厂工会")
        officer = Actor(account_id=1, name="区工会干部", role=Role.org_officer, tenant=tenant.slug, org_id=zone.id)
        with pytest.raises(Forbidden):
            await service.create_members([worker(mine.id), worker(theirs.id)], officer)
        assert await member_count() == 0
        assert len(await service.create_members([worker(mine.id), worker(mine.id)], officer)) == 2


async def test_the_write_is_a_fixed_number_of_statements(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        counts = []
        for n in (3, 60):
            with count_statements() as counted:
                made = await service.create_members([worker(union.id, f"职工{i}") for i in range(n)])
            assert len(made) == n
            counts.append(counted.n)
        assert counts[0] == counts[1], counts


async def test_ten_thousand_members_are_created_and_raised_in_one_go(tenant):
    """Above PostgreSQL's 32,767 parameters if any write bound a parameter per value (the members,
    their placements and the activity log's entries are all column arrays)."""
    n = 10_000
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        made = await service.create_members([worker(union.id, f"工人{i}", level=5) for i in range(n)])
        assert len(made) == n and await member_count() == n
        raised = await service.raise_member_levels(
            {m.id: 4 for m in made}, on=dt.date(2024, 6, 30), reason="师带徒协议期满"
        )
        assert raised == sorted(m.id for m in made)
        c = service.conn()
        assert await c.fetchval("SELECT count(*) FROM member WHERE level = 4") == n
        assert await c.fetchval("SELECT count(*) FROM event WHERE action = 'orgs.member.level_raised'") == n
        assert await c.fetchval("SELECT count(*) FROM event WHERE action = 'orgs.member.created'") == n
