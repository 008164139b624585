"""Attacks by an org officer on skills' records outside their subtree that test_access.py does not
try: another union's workers put on the roster of the officer's own session (their training record
written, and whether an id is a member told)."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Forbidden
from server.infra.tenancy import conn, tenant_scope
from server.modules.skills import service
from tests.modules.skills.conftest import at, officer


async def test_an_officer_cannot_put_another_unions_worker_on_their_session(world):
    chair = officer(world.tenant, world.union)
    async with tenant_scope(world.tenant):
        session = await service.book_session(
            service.SessionIn(
                org_id=world.union, starts_at=at(dt.date(2017, 3, 3), 9), ends_at=at(dt.date(2017, 3, 3), 10)
            ),
            chair,
        )
        await service.record_attendance(session.id, service.AttendanceIn([service.AttendeeIn(world.members[0])]), chair)
    with pytest.raises(Forbidden) as refused:
        async with tenant_scope(world.tenant):
            await service.record_attendance(
                session.id,
                service.AttendanceIn([service.AttendeeIn(world.members[1]), service.AttendeeIn(world.others[0])]),
                chair,
            )
    assert refused.value.code == "outside_subtree"
    async with tenant_scope(world.tenant):
        roster = await conn().fetch("SELECT member_id FROM skill_attendance WHERE session_id = $1", session.id)
    assert [r["member_id"] for r in roster] == [world.members[0]]
