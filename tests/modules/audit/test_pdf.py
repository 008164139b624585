"""The printable audit report: a PDF made by the one paper helper (its Chinese font embedded), whose
text pypdf reads back: the union's name, the total, the grade, the scores per area and indicator, the
opinions and the rectification's due date. The API serves it to the union's officer only."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from tests.conftest import bearer
from tests.modules.audit.conftest import audited, auditor, entry
from tests.pdf_helpers import assert_font_embedded, text_of


async def scored_with_opinions(world) -> list[int]:
    # A1: 2 projects (2) + 4 units of 10,000 yuan (2) = 4; 320 people (3) + a result (0.5); bonus 1
    ids = await audited(
        world,
        [
            entry("A1", 2_500_000, participants=200, results=1, commendations=1),
            entry("A1", 1_500_000, participants=120),
        ],
    )
    async with tenant_scope(world.tenant):
        for i in ids:
            await service.score_audit(i, None, auditor(world.tenant))
            await service.issue_opinions(
                i, service.OpinionsIn(dt.date(2017, 6, 1), "完善经费审批手续"), auditor(world.tenant)
            )
    return ids


async def test_the_pdf_report_has_the_union_total_and_grade_in_chinese(world):
    ids = await scored_with_opinions(world)
    async with tenant_scope(world.tenant):
        audit = next(a for a in [await service.get_audit(i) for i in ids] if a.org_id == world.union)
        pdf = await service.audit_report_pdf(audit.id, auditor(world.tenant))
    text = text_of(pdf)
    assert audit.total == 8.5 and audit.grade == "poor"
    assert "吴忠仪表有限责任公司工会 2017年度工会经费绩效审计报告" in text
    assert "总分" in text and "8.5" in text and "效益较差" in text
    assert "测试评价标准（T-1 第1版）" in text
    for area in service.AREAS:
        assert area in text
    assert "完善经费审批手续" in text and "2017-07-01" in text  # the opinions and the due date
    assert "职工读书月" in text  # the entries the scores came from
    assert_font_embedded(pdf)  # no font is assumed of the machine that opens it


async def test_the_api_serves_the_pdf_to_the_unions_officer_only(world, client, make_token):
    ids = await scored_with_opinions(world)
    async with tenant_scope(world.tenant):
        audits = {a.org_id: a for a in [await service.get_audit(i) for i in ids]}
    base = f"/api/v1/t/{world.tenant}/audits"
    chair = bearer(await make_token("org_officer", world.tenant, org_id=world.union))
    r = await client.get(f"{base}/{audits[world.union].id}/report.pdf", headers=chair)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "吴忠仪表有限责任公司工会" in text_of(r.content)
    outside = await client.get(f"{base}/{audits[world.other].id}/report.pdf", headers=chair)
    assert outside.status_code == 403 and outside.json()["code"] == "outside_subtree"
