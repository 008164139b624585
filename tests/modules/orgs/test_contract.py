"""The service contract other modules build on: orgs, members, subtrees, ID numbers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from server.errors import InvalidInput, NotFound
from server.infra.tenancy import tenant_scope
from server.modules.orgs import creditcode, idcard, service
from server.modules.orgs.service import MemberIn, OrgIn
from tests.modules.orgs.factories import id_number, make_member, make_org


def test_id_numbers_follow_gb_11643():
    # The standard's own example (GB 11643-1999 appendix): 11010519491231002X, a woman.
    assert idcard.validate("11010519491231002X") == (dt.date(1949, 12, 31), "F")
    assert idcard.validate("11010519491231002x") == (dt.date(1949, 12, 31), "F")
    assert idcard.mask("640102198001011234") == "640102********1234"
    with pytest.raises(idcard.IdNumberError, match="check digit"):
        idcard.validate("110105194912310021")
    with pytest.raises(idcard.IdNumberError, match="birth date"):
        idcard.validate(idcard.make("640102", dt.date(1980, 1, 1), 123)[:10] + "0231" + "1234")
    with pytest.raises(idcard.IdNumberError, match="18"):
        idcard.validate("64010219800101")
    rng = random.Random(1)
    for _ in range(200):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
        gender = rng.choice("MF")
        number = idcard.generate(rng, birth, gender, "640202")
        assert idcard.validate(number) == (birth, gender)
    assert idcard.validate(id_number(dt.date(1990, 5, 6), "F")) == (dt.date(1990, 5, 6), "F")


def test_credit_codes_follow_gb_32100():
    assert creditcode.validate("91350100M000100Y43") == "91350100M000100Y43"  # a published example
    with pytest.raises(creditcode.CreditCodeError, match="check"):
        creditcode.validate("91350100M000100Y44")
    with pytest.raises(creditcode.CreditCodeError, match="not allowed"):
        creditcode.validate("91350100M000100I43")
    rng = random.Random(2)
    assert all(creditcode.is_valid(creditcode.generate(rng)) for _ in range(200))


async def test_orgs_members_and_subtrees(tenant):
    async with tenant_scope(tenant.slug):
        city = await make_org("石嘴山市总工会", "city_federation")
        zone = await make_org("高新区总工会", "zone_federation", city.id)
        union = await make_org(
            "某机械厂工会",
            parent_id=zone.id,
            credit_code="91350100M000100Y43",
            enterprise_name="某机械厂",
            public_sector=False,
            above_scale=True,
        )
        other = await make_org("另一厂工会", parent_id=city.id)
        welder = await make_member(
            union.id, name="李娜", gender="F", trade="焊工", level=3, migrant=True, phone="13800138000"
        )
        fitter = await make_member(union.id)
        assert welder.gender == "F" and welder.id_number.count("*") == 8
        assert (await service.get_org(union.id)).member_count == 2
        assert sorted(await service.subtree_ids(zone.id)) == sorted([zone.id, union.id])
        assert set(await service.subtree_ids(city.id)) == {city.id, zone.id, union.id, other.id}
        assert await service.is_in_subtree(union.id, city.id)
        assert not await service.is_in_subtree(other.id, zone.id)
        assert await service.member_ids_in([union.id]) == sorted([welder.id, fitter.id])
        found = await service.get_members([welder.id, fitter.id, 999999])
        assert set(found) == {welder.id, fitter.id}
        full = await service.get_member(welder.id, reveal=True)
        assert idcard.validate(full.id_number) == (full.birth_date, "F")
        with pytest.raises(NotFound):
            await service.get_member(999999)
        with pytest.raises(NotFound):
            await service.get_org(999999)


async def test_bad_member_input_is_a_field_error_and_writes_nothing(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org()
        good = await make_member(union.id)
        full = (await service.get_member(good.id, reveal=True)).id_number
        bad_check = full[:17] + ("0" if full[17] != "0" else "1")
        cases = {
            "id_number": dict(id_number=bad_check),
            "phone": dict(id_number=id_number(dt.date(1985, 3, 3)), phone="12345"),
            "level": dict(id_number=id_number(dt.date(1985, 3, 3)), level=7),
        }
        for field, kw in cases.items():
            with pytest.raises(InvalidInput) as err:
                await service.create_member(MemberIn(name="王强", org_id=union.id, **kw))
            assert [e.field for e in err.value.errors] == [field]
        with pytest.raises(InvalidInput) as err:  # the same person twice
            await service.create_member(MemberIn(name="王强", org_id=union.id, id_number=full.lower()))
        assert err.value.errors[0].field == "id_number" and "already" in err.value.errors[0].message_in("en")
        with pytest.raises(InvalidInput) as err:  # birth date in the number is not a date
            await service.create_member(MemberIn(name="王强", org_id=union.id, id_number="640102198002301234"))
        assert err.value.errors[0].field == "id_number"
        with pytest.raises(InvalidInput) as err:
            await service.create_org(OrgIn(name="x", type="enterprise_union", credit_code="91350100M000100Y44"))
        assert err.value.errors[0].field == "credit_code"
        assert await service.member_ids_in([union.id]) == [good.id]
