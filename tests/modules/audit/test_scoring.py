"""Scoring equals the standard's arithmetic (bonus included), grades land in the right band at its
edges, and a used standard edited makes a new version while old scores stay."""

from __future__ import annotations

import pytest

from server.errors import InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import service
from server.modules.audit.service.standards import Tally, cp, parts, rule_of
from tests.modules.audit.conftest import admin, audited, auditor, entry, indicator, small_standard


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (6999, "poor"),
        (7000, "average"),
        (7999, "average"),
        (8000, "fairly_good"),
        (8999, "fairly_good"),
        (9000, "good"),
        (10000, "good"),
        (0, "poor"),
    ],
)
def test_grade_bands_at_their_edges(total, grade):
    assert service.grade_of(total) == grade


def test_the_parts_are_the_standards_arithmetic_capped_at_each_maximum():
    rule = rule_of(indicator("A1", "教育宣传", 25, 15, 10))
    # 3 projects (3) + 45,000 yuan: 4 whole units of 10,000 (2) = 5; 250 people: 2 hundreds (2)
    # + 3 results (1.5) = 3.5; 2 commendations (2) + 6 certificates (1.2) + 1 chief title (2) = 5.2
    t = Tally(
        projects=3, spending_fen=4_500_000, participants=250, results=3, commendations=2, certificates=6, chief_titles=1
    )
    assert parts(rule, t) == (500, 350, 520)
    big = Tally(projects=40, spending_fen=10**9, participants=10**5, results=99, commendations=20, certificates=100)
    assert parts(rule, big) == (2500, 1500, 1000)  # each part capped at its maximum
    assert cp(0.15) == 15 and cp(3.75) == 375


@pytest.mark.parametrize(
    ("a1", "others", "total", "grade"),
    [
        # A1 at 50 (its maximum) and every other indicator at 10 is 100
        ((25, 15, 10), 10, 100, "good"),
        # A1 at 40, others at 10: 90
        ((25, 15, 0), 10, 90, "good"),
        ((24.99, 15, 0), 10, 89.99, "fairly_good"),
        ((25, 5, 0), 10, 80, "fairly_good"),
        ((24.99, 5, 0), 10, 79.99, "average"),
        ((20, 0, 0), 10, 70, "average"),
        ((19.99, 0, 0), 10, 69.99, "poor"),
    ],
)
async def test_totals_at_the_band_edges(world, a1, others, total, grade):
    """Adjustments set each part exactly; the total and grade follow."""
    [i] = (await audited(world, [entry()]))[:1]
    adjustments = [service.AdjustmentIn("A1", part, points) for part, points in zip(("base", "benefit", "bonus"), a1)]
    for code in ("A2", "A3", "A4", "A5", "A6"):
        adjustments += [service.AdjustmentIn(code, "base", 5), service.AdjustmentIn(code, "benefit", 3)]
        adjustments.append(service.AdjustmentIn(code, "bonus", others - 8))
    async with tenant_scope(world.tenant):
        sheet = await service.score_audit(i, service.ScoreIn(adjustments), auditor(world.tenant))
    assert sheet.total == total and sheet.grade == grade


async def test_an_audit_scored_from_its_entries_traces_each_score(world):
    lines = [
        entry("A1", 3_000_000, participants=120, results=1, commendations=1),
        entry("A1", 1_500_000, participants=130, results=2, certificates=6, chief_titles=1),
        entry("A2", 2_000_000, participants=50),
    ]
    ids = await audited(world, lines)
    async with tenant_scope(world.tenant):
        sheet = await service.score_audit(ids[0], None, auditor(world.tenant))
        entry_ids = [
            r["id"] for r in await conn().fetch("SELECT id FROM audit_entry WHERE audit = $1 ORDER BY id", ids[0])
        ]
    a1 = next(s for s in sheet.indicators if s.indicator == "A1")
    # 2 projects + 4 units of 10,000 yuan = 2 + 2 = 4; 250 people = 2, 3 results = 1.5; bonus 1 + 1.2 + 2
    assert (a1.base, a1.benefit, a1.bonus, a1.total) == (4, 3.5, 4.2, 11.7)
    assert a1.entry_ids == entry_ids[:2]
    a2 = next(s for s in sheet.indicators if s.indicator == "A2")
    assert (a2.base, a2.benefit, a2.bonus) == (2, 0, 0) and a2.entry_ids == entry_ids[2:]
    assert sheet.total == 13.7 and sheet.grade == "poor"
    area = next(x for x in sheet.areas if x.area == service.AREAS[0])
    assert (area.total, area.maximum) == (11.7, 50)


async def test_editing_a_used_standard_makes_a_new_version_and_old_scores_stay(world):
    ids = await audited(world, [entry("A1", 3_000_000, participants=300)])
    t = world.tenant
    async with tenant_scope(t):
        before = await service.score_audit(ids[0], None, auditor(t))
        edited = small_standard()
        edited.indicators[0].base.per_fund_unit = 2  # 3 units now worth 6 points
        v2 = await service.save_standard(edited, admin(t))
        assert v2.id != world.standard and v2.version == 2
        v1 = await service.get_standard(world.standard)
        assert v1.version == 1 and v1.indicators[0].base.per_fund_unit == 0.5 and v1.used
        again = await service.score_audit(ids[0], None, auditor(t))  # rescored: still under version 1
    assert again.total == before.total and again.standard_version == 1
    # an unused version is edited in place
    async with tenant_scope(t):
        edited.title = "测试评价标准（修订）"
        v2b = await service.save_standard(edited, admin(t))
    assert (v2b.id, v2b.version, v2b.title) == (v2.id, 2, "测试评价标准（修订）")


async def test_standards_round_trip_through_toml_and_name_the_line_of_a_bad_indicator(world):
    async with tenant_scope(world.tenant):
        s = await service.get_standard(world.standard)
    text = service.to_toml(s)
    back, rows = service.parse_toml(text)
    assert back.indicators == s.indicators and len(rows) == 6
    bad = text.replace('form = "finance"', 'form = "nonsense"', 1)
    with pytest.raises(InvalidInput) as refused:
        async with tenant_scope(world.tenant):
            await service.load_standard(bad, admin(world.tenant))
    [err] = refused.value.errors
    line = bad.splitlines().index('form = "nonsense"') + 1
    header = max(r for r in rows if r < line)  # the line of that indicator's [[indicators]]
    assert err.field == "indicators.form" and err.row == header
