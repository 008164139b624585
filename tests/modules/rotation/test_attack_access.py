"""Attacks by an org officer that test_activities.py does not try: a vice chair (an enterprise union's
officer, whose slot reaches the whole area) records an activity whose roster names a worker of a
union outside the area and outside their subtree."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Forbidden
from server.infra.tenancy import conn, tenant_scope
from server.modules.rotation import service
from tests.modules.orgs.factories import make_member
from tests.modules.rotation.conftest import officer


async def test_an_officer_cannot_put_another_unions_workers_on_their_activity(world):
    chair = officer(world.tenant, world.unions[0])

    def activity(member_ids: list[int]) -> service.ActivityIn:
        return service.ActivityIn(
            area_id=world.area,
            kind="training",
            title="安全培训",
            held_on=dt.date(2017, 8, 1),
            organiser_org_id=world.unions[0],
            member_ids=member_ids,
        )

    async with tenant_scope(world.tenant):
        elsewhere = (await make_member(world.outsider, name="区外职工")).id
        await service.record_activity(activity(world.members[:2]), chair)  # the area's workers
    with pytest.raises(Forbidden) as refused:
        async with tenant_scope(world.tenant):
            await service.record_activity(activity([world.members[0], elsewhere]), chair)
    assert refused.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rot_activity") == 1
