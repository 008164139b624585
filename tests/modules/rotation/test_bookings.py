"""A union books a platform of the centre; the database refuses a second booking of the same
platform at an overlapping time, also when two bookings race; bad input changes nothing."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.errors import Conflict, Forbidden, InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.rotation import service
from tests.conftest import blocking_another
from tests.modules.rotation.conftest import admin, at, officer

DAY = dt.date(2017, 9, 8)


def booking(world, start: int, end: int, **kw) -> service.BookingIn:
    return service.BookingIn(
        platform_id=kw.pop("platform_id", world.platforms["活动室"]),
        starts_at=at(DAY, start),
        ends_at=at(DAY, end),
        purpose=kw.pop("purpose", "“感恩母亲，共建和谐”家庭故事分享会"),
        org_id=kw.pop("org_id", world.unions[0]),
        **kw,
    )


async def test_a_double_booking_is_refused(world):
    union_officer = officer(world.tenant, world.unions[0])
    async with tenant_scope(world.tenant):
        first = await service.book_platform(booking(world, 9, 11), union_officer)
        assert first.platform_name == "活动室" and first.booked_by == "工会主席"
    with pytest.raises(Conflict) as busy:
        async with tenant_scope(world.tenant):
            await service.book_platform(booking(world, 10, 12, org_id=world.unions[1]), admin(world.tenant))
    assert busy.value.code == "platform_busy"
    async with tenant_scope(world.tenant):
        await service.book_platform(booking(world, 11, 12), union_officer)  # back to back
        await service.book_platform(booking(world, 10, 11, platform_id=world.platforms["阅览室"]), union_officer)
        await service.cancel_booking(first.id, union_officer)  # a cancelled booking frees the time
        await service.book_platform(booking(world, 9, 10, org_id=world.unions[1]), admin(world.tenant))
        page = await service.list_bookings(world.area, platform_id=world.platforms["活动室"], limit=10)
    assert [b.state for b in page.items] == ["cancelled", "booked", "booked"]


async def test_two_bookings_that_race_one_wins(world):
    a = admin(world.tenant)
    started = asyncio.Event()

    async def first():
        async with tenant_scope(world.tenant):
            out = await service.book_platform(booking(world, 14, 16), a)
            started.set()
            await blocking_another()  # the transaction stays open until the other is seen waiting on it
            return out, True

    async def second():
        await started.wait()
        async with tenant_scope(world.tenant):
            return await service.book_platform(booking(world, 15, 17, org_id=world.unions[1]), a)

    results = await asyncio.gather(first(), second(), return_exceptions=True)
    assert not isinstance(results[0], BaseException), results[0]
    assert results[0][1], "the second booking never waited on the first"
    assert isinstance(results[1], Conflict) and results[1].code == "platform_busy"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_booking") == 1


async def test_bad_bookings_get_field_errors_and_change_nothing(world):
    a = admin(world.tenant)
    with pytest.raises(InvalidInput) as bad:
        async with tenant_scope(world.tenant):
            await service.book_platform(booking(world, 12, 10, purpose=" ", org_id=world.outsider), a)
    assert {e.field for e in bad.value.errors} == {"ends_at", "purpose", "org_id"}
    with pytest.raises(InvalidInput) as naive:
        async with tenant_scope(world.tenant):
            await service.book_platform(
                service.BookingIn(
                    platform_id=999_999,
                    starts_at=dt.datetime(2017, 9, 8, 9),
                    ends_at=dt.datetime(2017, 9, 8, 10),
                    purpose="讲座",
                ),
                a,
            )
    assert {e.field for e in naive.value.errors} == {"platform_id", "starts_at", "ends_at"}
    # an officer books only for a union in their subtree
    with pytest.raises(Forbidden) as outside:
        async with tenant_scope(world.tenant):
            await service.book_platform(
                booking(world, 9, 10, org_id=world.unions[1]), officer(world.tenant, world.unions[0])
            )
    assert outside.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_booking") == 0
