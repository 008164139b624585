"""The pairing report: a year's programmes, their candidates, agreements and outcomes, computed
from the records at request time (`GET /reports/pairing?year=Y[&org=ID&as_of=DATE]`)."""

from __future__ import annotations

from typing import Any

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs

FIGURES = figure_catalogue(
    Figure("programmes", "师带徒项目", "Programmes"),
    Figure("masters", "师傅", "Masters", Unit.person),
    Figure("apprentices", "徒弟", "Apprentices", Unit.person),
    Figure("target_pairs", "目标结对数", "Pairs aimed at"),
    Figure("pairs", "结对", "Pairs"),
    Figure("active", "在带结对", "Pairs active"),
    Figure("completed", "期满出师", "Pairs completed"),
    Figure("ended_early", "提前解除", "Pairs ended early"),
    Figure("levels_raised", "徒弟等级提升", "Apprentices whose level rose"),
    Figure("competition_results", "竞赛获奖", "Competition results"),
    Figure("innovations", "创新成果", "Innovations"),
    Figure("blocking_pairs", "不稳定结对", "Blocking pairs"),
    Figure("target_reached", "完成结对目标", "Target reached", Unit.flag),
)

YEARS_SQL = "SELECT DISTINCT year AS year FROM pairing_programme"


async def report(query: ReportQuery) -> Figures:
    """The year's programmes (optionally those scoped inside an org's subtree), from the records."""
    c = conn()
    args: list[Any] = [query.year]
    where = "p.year = $1"
    if query.org is not None:
        args.append(await orgs.subtree_ids(query.org, query.as_of))
        where += " AND p.scope_org_id = ANY($2::int[])"
    row = await c.fetchrow(
        f"""WITH p AS (SELECT * FROM pairing_programme p WHERE {where}),
                 a AS (SELECT a.* FROM pairing_agreement a JOIN p ON p.id = a.programme)
            SELECT (SELECT count(*) FROM p)::int AS programmes,
                   (SELECT count(DISTINCT member_id) FROM pairing_candidate c JOIN p ON p.id = c.programme
                      WHERE c.role = 'master')::int AS masters,
                   (SELECT count(DISTINCT member_id) FROM pairing_candidate c JOIN p ON p.id = c.programme
                      WHERE c.role = 'apprentice')::int AS apprentices,
                   (SELECT coalesce(sum(target_pairs), 0) FROM p)::int AS target_pairs,
                   (SELECT count(*) FROM a)::int AS pairs,
                   (SELECT count(*) FROM a WHERE status = 'active')::int AS active,
                   (SELECT count(*) FROM a WHERE status = 'completed')::int AS completed,
                   (SELECT count(*) FROM a WHERE status = 'ended_early')::int AS ended_early,
                   (SELECT count(*) FROM a WHERE level_after IS NOT NULL
                      AND (level_before IS NULL OR level_after < level_before))::int AS levels_raised,
                   (SELECT count(*) FROM a WHERE competition_result <> '')::int AS competition_results,
                   (SELECT count(*) FROM a WHERE innovation <> '')::int AS innovations,
                   -- each programme's latest accepted proposal: how far from stable the optimum was
                   (SELECT coalesce(sum(blocking_pairs), 0) FROM (
                      SELECT DISTINCT ON (pp.programme) pp.blocking_pairs FROM pairing_proposal pp
                      JOIN p ON p.id = pp.programme WHERE pp.status = 'accepted'
                      ORDER BY pp.programme, pp.id DESC) latest)::int AS blocking_pairs""",
        *args,
    )
    figures: Figures = dict(row)
    figures["target_reached"] = 1 if figures["target_pairs"] and figures["pairs"] >= figures["target_pairs"] else 0
    return figures
