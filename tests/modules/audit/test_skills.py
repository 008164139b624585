"""Certificates gained by the union's workers: where `skills` is on they come from its records (the
audit's year, the audited union), credited to the first 劳动竞赛 indicator, and the figures typed in
on the report forms are not counted; where it is off the typed-in figures count."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import service
from server.modules.skills import service as skills
from server.platform import service as platform
from tests.modules.audit.conftest import audited, auditor, entry
from tests.modules.orgs.factories import make_member

A4 = "A4"  # the first (only) indicator of 劳动竞赛 in the small standard: 0.2 a certificate, 2 at most


async def certificates(org_id: int, *days: dt.date) -> None:
    """One certificate per day, each held by a worker of the union (a real member: skills' records
    reference orgs' members)."""
    holders = [(await make_member(org_id, name=f"持证{n}")).id for n in range(len(days))]
    await conn().executemany(
        "INSERT INTO skill_certificate (number, member_id, org_id, level, issued_on, route, issuer, created_at) "
        "VALUES ($1, $2, $3, 3, $4, 'exam', '吴忠市人社局', now())",
        [(f"C-{org_id}-{n}", holders[n], org_id, day) for n, day in enumerate(days)],
    )


def bonus(sheet: service.ScoreSheet, code: str) -> float:
    return next(i.bonus for i in sheet.indicators if i.indicator == code)


async def test_certificates_gained_counts_the_unions_year(world):
    async with tenant_scope(world.tenant):
        await certificates(world.union, dt.date(2017, 1, 1), dt.date(2017, 12, 31), dt.date(2016, 12, 31))
        await certificates(world.other, dt.date(2017, 6, 1))
        assert await skills.certificates_gained(world.union, 2017) == 2
        assert await skills.certificates_gained(world.union, 2016) == 1
        assert await skills.certificates_gained(world.union, 2018) == 0
        assert await skills.certificates_gained(world.other, 2017) == 1


async def test_with_skills_on_the_audit_counts_skills_certificates(world):
    async with tenant_scope(world.tenant):
        # four in 2017 (0.8 points), one in 2016 that the 2017 audit does not count
        days = [dt.date(2017, m, 1) for m in (2, 4, 6, 8)] + [dt.date(2016, 11, 1)]
        await certificates(world.union, *days)
    typed = [entry("A1", certificates=6), entry(A4, certificates=3)]  # not counted: skills holds the figure
    ids = await audited(world, typed)
    async with tenant_scope(world.tenant):
        audits = {a.id: a for a in (await service.list_audits(year=2017)).items}
        mine = next(i for i in ids if audits[i].org_id == world.union)
        other = next(i for i in ids if audits[i].org_id == world.other)
        sheet = await service.score_audit(mine, None, auditor(world.tenant))
        assert bonus(sheet, "A1") == 0 and bonus(sheet, A4) == 0.8
        # the other union's workers gained none: no certificate bonus, whatever was typed in
        sheet = await service.score_audit(other, None, auditor(world.tenant))
        assert bonus(sheet, "A1") == 0 and bonus(sheet, A4) == 0


async def test_with_skills_off_the_typed_in_certificates_count(world):
    await platform.set_modules(world.tenant, disable=["skills"])
    async with tenant_scope(world.tenant):
        await certificates(world.union, dt.date(2017, 2, 1), dt.date(2017, 3, 1))
    ids = await audited(world, [entry("A1", certificates=6), entry(A4, certificates=3)])
    async with tenant_scope(world.tenant):
        audits = {a.id: a for a in (await service.list_audits(year=2017)).items}
        mine = next(i for i in ids if audits[i].org_id == world.union)
        sheet = await service.score_audit(mine, None, auditor(world.tenant))
    assert bonus(sheet, "A1") == 1.2 and bonus(sheet, A4) == 0.6
