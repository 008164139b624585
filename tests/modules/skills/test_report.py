"""The report is computed from the records: it moves when a certificate or an attendance is
added, and an org's subtree sees its own figures."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.contract import ReportQuery
from server.modules.skills import report, service
from tests.modules.skills.conftest import admin, at


async def test_the_report_moves_when_a_certificate_or_an_attendance_is_added(world, client, tenant_headers):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        s = await service.book_session(
            service.SessionIn(
                org_id=world.union,
                course_id=world.course,
                trainer_id=world.trainers[0],
                starts_at=at(dt.date(2017, 4, 6), 9),
                ends_at=at(dt.date(2017, 4, 6), 12),
                cost_fen=80_000,
            ),
            a,
        )
        await service.book_session(
            service.SessionIn(
                org_id=world.other,
                course_id=world.course,
                starts_at=at(dt.date(2017, 4, 7), 9),
                ends_at=at(dt.date(2017, 4, 7), 12),
                cost_fen=50_000,
                head_count=25,
            ),
            a,
        )
        await service.record_attendance(s.id, service.AttendanceIn([service.AttendeeIn(world.members[0])]), a)
        before = await report.figures(2017)
        await service.record_attendance(s.id, service.AttendanceIn([service.AttendeeIn(world.members[1])]), a)
        await service.record_certificate(
            service.CertificateIn("YC-R1", world.members[1], 3, dt.date(2017, 5, 1), "competition", "鉴定中心"), a
        )
        after = await report.figures(2017)
        union_only = await report.report(ReportQuery(tenant=world.tenant, year=2017, org=world.union))
        next_year = await report.figures(2018)
    assert before["training_person_times"] == 1 + 25 and after["training_person_times"] == 2 + 25
    assert before["certified_workers"] == 0 and after["certified_workers"] == 1
    assert after["senior_via_competition"] == 1 and after["training_fen"] == 130_000
    assert union_only["training_fen"] == 80_000 and union_only["training_person_times"] == 2
    assert next_year["training_sessions"] == 0 and next_year["certified_workers"] == 1  # certified as of the year's end
    r = await client.get(f"/api/v1/t/{world.tenant}/reports/skills", params={"year": 2017}, headers=tenant_headers)
    assert r.status_code == 200 and r.json()["figures"]["training_person_times"] == 27
