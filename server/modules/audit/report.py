"""The audit report: a year's audits, computed from the records at request time.

For the whole tenant or one org's subtree (`?org=`): the areas and standards the tenant keeps (the
areas of its standards' latest versions, the distinct standard codes), the report-form kinds the
year's entries used, the unions audited (scored) that year, the count per grade, the mean score
per area (`area_<n>_avg`, in the order of `service.AREAS`), rectifications reported on time, and
overdue cases (reported after the due date, or not reported and past it as of `as_of`, today by
default)."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn
from server.modules.audit.service import AREAS, today
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs

_AREAS_EN = (
    "education and publicity",
    "culture and sports",
    "help in hardship",
    "labour competitions",
    "union business",
    "funds management",
)

FIGURES = figure_catalogue(
    Figure("areas", "审计领域", "Audit areas", sums=False),
    Figure("standards", "审计标准", "Audit standards", sums=False),
    Figure("report_form_kinds", "使用的报告单种类", "Kinds of report form used", sums=False),
    Figure("planned", "计划审计", "Audits planned"),
    Figure("audited_unions", "已审计的工会", "Unions audited"),
    Figure("grade_good", "评为好", "Graded good"),
    Figure("grade_fairly_good", "评为较好", "Graded fairly good"),
    Figure("grade_average", "评为一般", "Graded average"),
    Figure("grade_poor", "评为差", "Graded poor"),
    Figure("rectified_on_time", "按期整改", "Rectified on time"),
    Figure("overdue", "逾期整改", "Rectification overdue"),
    Figure("closed", "已结案", "Audits closed"),
    Figure("average_score", "平均得分", "Average score", Unit.score),
    *(
        Figure(f"area_{n}_avg", f"{zh}平均得分", f"Average score: {en}", Unit.score)
        for n, (zh, en) in enumerate(zip(AREAS, _AREAS_EN, strict=True), start=1)
    ),
)

YEARS_SQL = "SELECT DISTINCT year::int AS year FROM audit_plan"

FIGURES_SQL = """
WITH y AS (
  SELECT a.* FROM audit_case a JOIN audit_plan p ON p.id = a.plan
   WHERE p.year = $1 AND ($2::int[] IS NULL OR a.org_id = ANY($2))
)
SELECT
  (SELECT count(DISTINCT area)::int FROM audit_standard s
     CROSS JOIN LATERAL jsonb_array_elements_text(s.body -> 'areas') AS area
    WHERE s.version = (SELECT max(version) FROM audit_standard x WHERE x.code = s.code)) AS areas,
  (SELECT count(DISTINCT code)::int FROM audit_standard) AS standards,
  (SELECT count(DISTINCT e.form)::int FROM audit_entry e JOIN y ON y.id = e.audit) AS report_form_kinds,
  (SELECT count(*)::int FROM y) AS planned,
  (SELECT count(DISTINCT org_id)::int FROM y WHERE total_cp IS NOT NULL) AS audited_unions,
  (SELECT count(*)::int FROM y WHERE grade = 'good') AS grade_good,
  (SELECT count(*)::int FROM y WHERE grade = 'fairly_good') AS grade_fairly_good,
  (SELECT count(*)::int FROM y WHERE grade = 'average') AS grade_average,
  (SELECT count(*)::int FROM y WHERE grade = 'poor') AS grade_poor,
  (SELECT count(*)::int FROM y WHERE rectified_on <= rectification_due) AS rectified_on_time,
  (SELECT count(*)::int FROM y WHERE rectified_on > rectification_due
      OR (rectified_on IS NULL AND rectification_due < $3)) AS overdue,
  (SELECT count(*)::int FROM y WHERE stage = 'closed') AS closed,
  (SELECT coalesce(round(avg(total_cp) / 100.0, 2), 0)::float FROM y WHERE total_cp IS NOT NULL) AS average_score
"""

AREAS_SQL = """
SELECT s.area, round(avg(s.t) / 100.0, 2)::float AS avg
  FROM (SELECT sc.audit, sc.area, sum(sc.total_cp) AS t FROM audit_score sc
          JOIN audit_case a ON a.id = sc.audit JOIN audit_plan p ON p.id = a.plan
         WHERE p.year = $1 AND ($2::int[] IS NULL OR a.org_id = ANY($2)) AND a.total_cp IS NOT NULL
         GROUP BY sc.audit, sc.area) s
 GROUP BY s.area
"""


async def report(query: ReportQuery) -> Figures:
    org_ids = await orgs.subtree_ids(query.org, query.as_of) if query.org else None
    return await figures(query.year, org_ids, query.as_of)


async def figures(year: int, org_ids: list[int] | None = None, as_of: dt.date | None = None) -> Figures:
    c = conn()
    row = dict(await c.fetchrow(FIGURES_SQL, int(year), org_ids, as_of or today()))
    averages = {r["area"]: r["avg"] for r in await c.fetch(AREAS_SQL, int(year), org_ids)}
    out: Figures = {k: v for k, v in row.items()}
    for n, area in enumerate(AREAS, start=1):
        out[f"area_{n}_avg"] = float(averages.get(area, 0.0))
    return out
