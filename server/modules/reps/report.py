"""The reps report: the year's figures of the four systems, computed from the records at request
time (the units rooted inside `?org=`'s subtree when given).

- `units_elected`: units (a congress's org) with an election published, held in the year;
  `representatives`: the seats those elections filled; `trained`: of them, those with pre-duty
  training; `training_rate`: trained / representatives, to two places.
- `units_term_in_rules`, `units_rewarding`: units whose congress, in office during the year, wrote
  the representatives' term into its rules, or undertook to reward them.
- `units_evaluated`: units with an evaluation opened in the year and closed.
- `proposals` filed in the year, and their outcomes summed."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs

FIGURES = figure_catalogue(
    Figure("units_elected", "完成代表选举的单位", "Units that elected representatives"),
    Figure("representatives", "职工代表", "Representatives", Unit.person),
    Figure("trained", "参加岗前培训的代表", "Representatives trained before duty", Unit.person),
    Figure("training_rate", "代表培训率", "Share of representatives trained", Unit.ratio),
    Figure("units_term_in_rules", "代表任期写入制度的单位", "Units with the term in their rules"),
    Figure("units_evaluated", "开展代表评议的单位", "Units that evaluated representatives"),
    Figure("units_rewarding", "承诺奖励代表的单位", "Units rewarding representatives"),
    Figure("proposals", "代表提案", "Proposals"),
    Figure("rules_revised", "修订制度", "Rules revised"),
    Figure("problems_found", "发现问题", "Problems found"),
    Figure("loss_avoided_fen", "避免损失", "Loss avoided", Unit.fen),
    Figure("facilities_m2", "新增设施面积", "Facilities added", Unit.m2),
    Figure("reading_rooms", "职工书屋", "Reading rooms"),
    Figure("overtime_cancelled", "取消加班", "Overtime shifts cancelled"),
)

YEARS_SQL = """
SELECT extract(year FROM held_on)::int AS year FROM rep_election
UNION SELECT extract(year FROM opened_on)::int FROM rep_evaluation
UNION SELECT extract(year FROM filed_on)::int FROM rep_proposal
"""

SQL = """
WITH units AS (SELECT * FROM rep_congress WHERE $1::int[] IS NULL OR org_id = ANY($1)),
elections AS (
    SELECT e.id, c.org_id FROM rep_election e JOIN rep_constituency s ON s.id = e.constituency_id
      JOIN units c ON c.id = s.congress_id
     WHERE e.state = 'published' AND e.held_on >= $2 AND e.held_on < $3),
seated AS (SELECT r.* FROM rep_representative r JOIN elections e ON e.id = r.election_id)
SELECT (SELECT count(DISTINCT org_id) FROM elections)::int AS units_elected,
       (SELECT count(*) FROM seated)::int AS representatives,
       (SELECT count(*) FROM seated WHERE trained_on IS NOT NULL)::int AS trained,
       (SELECT count(DISTINCT org_id) FROM units WHERE term_in_rules AND starts_on < $3 AND ends_on >= $2)::int
           AS units_term_in_rules,
       (SELECT count(DISTINCT c.org_id) FROM rep_evaluation v JOIN rep_constituency s ON s.id = v.constituency_id
          JOIN units c ON c.id = s.congress_id
         WHERE v.state = 'closed' AND v.opened_on >= $2 AND v.opened_on < $3)::int AS units_evaluated,
       (SELECT count(DISTINCT org_id) FROM units WHERE rewards_promised AND starts_on < $3 AND ends_on >= $2)::int
           AS units_rewarding
"""

PROPOSALS_SQL = """
SELECT count(*)::int AS proposals,
       coalesce(sum(rules_revised), 0)::int AS rules_revised,
       coalesce(sum(problems_found), 0)::int AS problems_found,
       coalesce(sum(loss_avoided_fen), 0)::bigint AS loss_avoided_fen,
       coalesce(sum(facilities_m2), 0)::int AS facilities_m2,
       coalesce(sum(reading_rooms), 0)::int AS reading_rooms,
       coalesce(sum(overtime_cancelled), 0)::int AS overtime_cancelled
  FROM rep_proposal
 WHERE ($1::int[] IS NULL OR org_id = ANY($1)) AND filed_on >= $2 AND filed_on < $3
"""


async def report(query: ReportQuery) -> Figures:
    return await figures(query.year, query.org)


async def figures(year: int, org_id: int | None = None) -> Figures:
    """The reps figures of a year, from the records."""
    c = conn()
    first, following = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    within = await orgs.subtree_ids(org_id) if org_id is not None else None
    f = dict(await c.fetchrow(SQL, within, first, following))
    p = dict(await c.fetchrow(PROPOSALS_SQL, within, first, following))
    reps, trained = f["representatives"], f["trained"]
    return {
        "units_elected": f["units_elected"],
        "representatives": reps,
        "trained": trained,
        "training_rate": round(trained / reps, 2) if reps else 0.0,
        "units_term_in_rules": f["units_term_in_rules"],
        "units_evaluated": f["units_evaluated"],
        "units_rewarding": f["units_rewarding"],
        **{k: int(v) for k, v in p.items()},
    }
