"""Scores: each indicator's base, benefit and bonus from the audit's report-form entries under the
standard version the audit was planned with, per area and in total, and the grade.

An auditor may set a part by hand (an adjustment), never above that part's maximum. Scoring costs
the same few statements whatever the number of indicators: one read of the entries summed per
indicator, one write of all the scores (`unnest`), one update of the audit. The deadlines (a
reminder before a rectification is due, an escalation once it is overdue) are sent once each: the
notice's unique key decides, not the clock of whoever runs the job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.errors import FieldError, InvalidInput
from server.infra.tenancy import conn
from server.modules.audit import messages as msg
from server.modules.audit.service.audits import AuditOut, _audit_row, _stage, get_audit
from server.modules.audit.service.shared import GRADES, REMIND_DAYS, grade_of, require_auditor, today
from server.modules.audit.service.standards import StandardOut, Tally, cp, get_standard, parts, rule_of
from server.modules.core import service as activity
from server.platform.roles import SYSTEM, Actor

PARTS = ("base", "benefit", "bonus")
PART_ZH = {"base": "基本", "benefit": "效益", "bonus": "奖励"}


class AdjustmentIn(msgspec.Struct, forbid_unknown_fields=True):
    indicator: str
    part: str  # base | benefit | bonus
    points: float


class ScoreIn(msgspec.Struct, forbid_unknown_fields=True):
    adjustments: list[AdjustmentIn] = []


class IndicatorScore(msgspec.Struct):
    indicator: str
    area: str
    name: str
    base: float
    benefit: float
    bonus: float
    total: float
    maximum: float
    entry_ids: list[int]
    adjusted: list[str]


class AreaScore(msgspec.Struct):
    area: str
    total: float
    maximum: float


class ScoreSheet(msgspec.Struct):
    audit: AuditOut
    standard_code: str
    standard_version: int
    standard_title: str
    indicators: list[IndicatorScore]
    areas: list[AreaScore]
    total: float | None
    grade: str | None
    grade_zh: str | None


GRADE_ZH = {g: zh for g, _, zh in GRADES}

TALLY_SQL = """
SELECT indicator, count(*)::int AS projects, sum(spending_fen)::bigint AS spending_fen,
       sum(participants)::bigint AS participants, sum(results)::bigint AS results,
       sum(commendations)::bigint AS commendations, sum(certificates)::bigint AS certificates,
       sum(chief_titles)::bigint AS chief_titles, array_agg(id ORDER BY id) AS entry_ids
  FROM audit_entry WHERE audit = $1 GROUP BY indicator
"""


def compute(
    standard: StandardOut, tallies: dict[str, Tally], adjustments: dict[tuple[str, str], int]
) -> list[tuple[str, str, int, int, int]]:
    """(indicator, area, base, benefit, bonus) in hundredths, for every indicator of the standard."""
    out = []
    for i in standard.indicators:
        rule = rule_of(i)
        got = list(parts(rule, tallies.get(i.code, Tally())))
        for n, part in enumerate(PARTS):
            if (i.code, part) in adjustments:
                got[n] = adjustments[(i.code, part)]
        out.append((i.code, i.area, got[0], got[1], got[2]))
    return out


def check_adjustments(
    standard: StandardOut, items: list[AdjustmentIn]
) -> tuple[dict[tuple[str, str], int], list[FieldError]]:
    errors: list[FieldError] = []
    found: dict[tuple[str, str], int] = {}
    for n, a in enumerate(items, start=1):
        row = n if len(items) > 1 else None
        indicator = standard.indicator(a.indicator)
        if indicator is None:
            errors.append(
                FieldError(
                    "indicator",
                    msg.INDICATOR_UNKNOWN,
                    row=row,
                    standard=f"{standard.code} v{standard.version}",
                    code=a.indicator,
                )
            )
            continue
        if a.part not in PARTS:
            errors.append(FieldError("part", msg.PART_UNKNOWN, row=row))
            continue
        maximum = cp(getattr(indicator, a.part).max)
        try:
            value = cp(a.points)
        except (ValueError, ArithmeticError):
            value = -1
        if value < 0 or isinstance(a.points, bool):
            errors.append(FieldError("points", msg.POINTS, row=row))
        elif value > maximum:
            errors.append(
                FieldError(
                    "points",
                    msg.ABOVE_MAXIMUM,
                    row=row,
                    code=a.indicator,
                    part=PART_ZH[a.part],
                    maximum=f"{maximum / 100:g}",
                )
            )
        else:
            found[(a.indicator, a.part)] = value
    return found, errors


async def score_audit(audit_id: int, data: ScoreIn | None = None, actor: Actor = SYSTEM) -> ScoreSheet:
    """Score the audit from its entries (and the auditor's adjustments): every indicator, the total, the grade."""
    require_auditor(actor)
    r = await _audit_row(audit_id, actor, lock=True)
    _stage(r, ("fieldwork", "scored"), "计分")
    standard = await get_standard(r["standard"])
    adjustments, errors = check_adjustments(standard, (data or ScoreIn()).adjustments)
    if errors:
        raise InvalidInput(errors)
    c = conn()
    tallies: dict[str, Tally] = {}
    traced: dict[str, list[int]] = {}
    for t in await c.fetch(TALLY_SQL, audit_id):
        d = dict(t)
        code = d.pop("indicator")
        traced[code] = list(d.pop("entry_ids"))
        tallies[code] = Tally(**{k: int(v) for k, v in d.items()})
    scores = compute(standard, tallies, adjustments)
    total = sum(b + e + o for _, _, b, e, o in scores)
    adjusted: dict[str, list[str]] = {}
    for code, part in adjustments:
        adjusted.setdefault(code, []).append(part)
    await c.execute(
        "INSERT INTO audit_score (audit, indicator, area, base_cp, benefit_cp, bonus_cp, total_cp, entry_ids, adjusted) "
        "SELECT $1, i, a, b, e, o, b + e + o, t::int[], nullif(j, '') FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[]) "
        "AS x(i, a, b, e, o, t, j) "
        "ON CONFLICT (audit, indicator) DO UPDATE SET area = EXCLUDED.area, base_cp = EXCLUDED.base_cp, "
        "benefit_cp = EXCLUDED.benefit_cp, bonus_cp = EXCLUDED.bonus_cp, total_cp = EXCLUDED.total_cp, "
        "entry_ids = EXCLUDED.entry_ids, adjusted = EXCLUDED.adjusted",
        audit_id,
        [s[0] for s in scores],
        [s[1] for s in scores],
        [s[2] for s in scores],
        [s[3] for s in scores],
        [s[4] for s in scores],
        ["{" + ",".join(map(str, traced.get(s[0], []))) + "}" for s in scores],
        [",".join(adjusted.get(s[0], [])) for s in scores],
    )
    await c.execute(
        "UPDATE audit_case SET stage = 'scored', total_cp = $2, grade = $3, scored_at = now() WHERE id = $1",
        audit_id,
        total,
        grade_of(total),
    )
    await activity.record("audit.scored", f"audit:{audit_id}", {"total": total / 100, "grade": grade_of(total)}, actor)
    return await score_sheet(audit_id, actor)


async def score_sheet(audit_id: int, actor: Actor = SYSTEM) -> ScoreSheet:
    """The scoring sheet: every indicator's parts with the entries they came from, per area, the total."""
    audit = await get_audit(audit_id, actor)
    standard = await get_standard(audit.standard_id)
    rows = {r["indicator"]: r for r in await conn().fetch("SELECT * FROM audit_score WHERE audit = $1", audit_id)}
    indicators: list[IndicatorScore] = []
    areas: dict[str, list[int]] = {a: [0, 0] for a in standard.areas}
    for i in standard.indicators:
        s: Any = rows.get(i.code)
        maximum = cp(i.base.max) + cp(i.benefit.max) + cp(i.bonus.max)
        got = (0, 0, 0, 0) if s is None else (s["base_cp"], s["benefit_cp"], s["bonus_cp"], s["total_cp"])
        indicators.append(
            IndicatorScore(
                i.code,
                i.area,
                i.name,
                got[0] / 100,
                got[1] / 100,
                got[2] / 100,
                got[3] / 100,
                maximum / 100,
                [] if s is None else list(s["entry_ids"]),
                [] if s is None or not s["adjusted"] else s["adjusted"].split(","),
            )
        )
        areas[i.area][0] += got[3]
        areas[i.area][1] += maximum
    return ScoreSheet(
        audit,
        standard.code,
        standard.version,
        standard.title,
        indicators,
        [AreaScore(a, t / 100, m / 100) for a, (t, m) in areas.items()],
        audit.total,
        audit.grade,
        GRADE_ZH.get(audit.grade) if audit.grade else None,
    )


# --- deadlines -------------------------------------------------------------------------------


class DeadlinesOut(msgspec.Struct):
    reminders: list[int]
    escalations: list[int]


async def check_deadlines(day: dt.date | None = None) -> DeadlinesOut:
    """Reminders for rectifications due within `REMIND_DAYS`, escalations for those overdue: each
    audit's reminder and escalation are sent once (a unique key), however often this runs."""
    day = day or today()
    c = conn()
    sent = await c.fetch(
        """INSERT INTO audit_deadline_notice (audit, kind, due, sent_at)
           SELECT a.id, CASE WHEN a.rectification_due < $1 THEN 'escalation' ELSE 'reminder' END,
                  a.rectification_due, now()
             FROM audit_case a
            WHERE a.stage = 'opinions' AND a.rectification_due - $2::int <= $1
           ON CONFLICT (audit, kind, due) DO NOTHING
           RETURNING audit, kind""",
        day,
        REMIND_DAYS,
    )
    out = DeadlinesOut(
        sorted(r["audit"] for r in sent if r["kind"] == "reminder"),
        sorted(r["audit"] for r in sent if r["kind"] == "escalation"),
    )
    if sent:
        await activity.record_many(
            [(f"audit.rectification.{r['kind']}", f"audit:{r['audit']}", {"day": day.isoformat()}) for r in sent]
        )
    return out
