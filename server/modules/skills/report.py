"""The skills report: the year's five-in-one figures, computed from the records at request time.

For the whole tenant or one org's subtree (`?org=`, as of `as_of`): training spend and
person-times (a roster where kept, a head count where not), course categories, projects; drill
sessions, enterprises and workers; competitions, enterprises, participants and the participation
rate; certified workers and senior certificates gained through competitions (both as of the year's
end); and rewards owed and paid (what the disbursement engine has paid for the year's runs)."""

from __future__ import annotations

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs
from server.modules.welfare import disbursement

FIGURES = figure_catalogue(
    Figure("training_fen", "培训经费", "Training spend", Unit.fen),
    Figure("training_sessions", "培训场次", "Training sessions"),
    Figure("training_person_times", "培训人次", "Trained: person-times", Unit.person_time),
    Figure("course_categories", "课程类别", "Course categories", sums=False),
    Figure("projects", "培训项目", "Projects"),
    Figure("projects_approved", "已批准的项目", "Projects approved"),
    Figure("drill_sessions", "岗位练兵场次", "Drill sessions"),
    Figure("drill_enterprises", "开展岗位练兵的企业", "Enterprises that drilled"),
    Figure("drill_workers", "岗位练兵人次", "Drill participants", Unit.person_time),
    Figure("competitions", "技能竞赛", "Competitions"),
    Figure("competition_enterprises", "参赛企业", "Enterprises in competitions"),
    Figure("competition_participants", "参赛人次", "Competition participants", Unit.person_time),
    Figure("certified_workers", "持证职工", "Certified workers", Unit.person),
    Figure("certificates_issued", "年内发证", "Certificates issued"),
    Figure("senior_via_competition", "经竞赛取得高级资格", "Senior certificates through competitions", Unit.person),
    Figure("competition_participation_rate", "竞赛参与率", "Competition participation rate", Unit.ratio),
    Figure("rewarded_certificates", "获奖励的证书", "Certificates rewarded"),
    Figure("rewarded_honours", "获奖励的荣誉", "Honours rewarded"),
    Figure("rewards_owed_fen", "应发奖励", "Rewards owed", Unit.fen),
    Figure("rewards_paid_fen", "已发奖励", "Rewards paid", Unit.fen),
)

YEARS_SQL = """
SELECT extract(year FROM starts_at AT TIME ZONE 'Asia/Shanghai')::int AS year FROM skill_session
UNION SELECT extract(year FROM held_on)::int FROM skill_drill
UNION SELECT extract(year FROM starts_on)::int FROM skill_competition
UNION SELECT extract(year FROM starts_on)::int FROM skill_project
UNION SELECT extract(year FROM issued_on)::int FROM skill_certificate
UNION SELECT year::int FROM skill_reward_run
"""

# One statement, one pass over each table: each FROM item aggregates its own table's rows of
# the year (date ranges, so the date indexes serve them) and, when asked, of the org subtree. The
# year is written into the SQL (an int) and the org filter only when there is one: a prepared
# statement with `$1 IS NULL OR ...` gets a generic plan after five runs, and that plan reads
# every row. Distinct counts group first (a hash) instead of count(DISTINCT) (a sort).
FIGURES_SQL = """
SELECT s.training_fen, s.training_sessions, s.heads + a.roster AS training_person_times, k.course_categories,
       p.projects, p.projects_approved, d.drill_sessions, d.drill_enterprises, d.drill_workers,
       m.competitions, e.competition_enterprises, e.competition_participants, e.competition_eligible,
       c.certified_workers, c.certificates_issued, c.senior_via_competition
FROM (SELECT coalesce(sum(cost_fen), 0)::bigint AS training_fen, count(*)::int AS training_sessions,
             coalesce(sum(head_count), 0)::int AS heads
        FROM skill_session s WHERE {sessions}) s,
     (SELECT count(*)::int AS roster FROM skill_attendance a JOIN skill_session s ON s.id = a.session_id
       WHERE {sessions} AND s.head_count IS NULL) a,
     (SELECT count(DISTINCT k.category)::int AS course_categories FROM skill_session s
        JOIN skill_course k ON k.id = s.course_id WHERE {sessions}) k,
     (SELECT count(*)::int AS projects,
             count(*) FILTER (WHERE p.state IN ('approved', 'running', 'completed'))::int AS projects_approved
        FROM skill_project p WHERE p.starts_on >= {first} AND p.starts_on < {next} {orgs_p}) p,
     (SELECT count(*)::int AS drill_enterprises, coalesce(sum(n), 0)::int AS drill_sessions,
             coalesce(sum(w), 0)::int AS drill_workers
        FROM (SELECT d.enterprise, count(*) AS n, sum(d.participants) AS w FROM skill_drill d
               WHERE d.held_on >= {first} AND d.held_on < {next} {orgs_d} GROUP BY 1) x) d,
     (SELECT count(*)::int AS competitions FROM skill_competition c
       WHERE c.starts_on >= {first} AND c.starts_on < {next} {orgs_k}) m,
     (SELECT count(*)::int AS competition_enterprises, coalesce(sum(took), 0)::int AS competition_participants,
             coalesce(sum(could), 0)::int AS competition_eligible
        FROM (SELECT e.enterprise, sum(e.participants) AS took, sum(e.eligible) AS could
                FROM skill_competition_entry e JOIN skill_competition c ON c.id = e.competition_id
               WHERE c.starts_on >= {first} AND c.starts_on < {next} {orgs_e} GROUP BY 1) x) e,
     (SELECT count(*)::int AS certified_workers, coalesce(sum(issued), 0)::int AS certificates_issued,
             count(*) FILTER (WHERE senior)::int AS senior_via_competition
        FROM (SELECT c.member_id, count(*) FILTER (WHERE c.issued_on >= {first}) AS issued,
                     bool_or(c.level <= 3 AND c.route = 'competition') AS senior
                FROM skill_certificate c WHERE c.issued_on < {next} {orgs_c} GROUP BY 1) x) c
"""

REWARDS_SQL = """
SELECT r.batch_id, coalesce(sum(l.amount_fen), 0)::bigint AS owed,
       count(l.certificate_id)::int AS certificates, count(l.honour_id)::int AS honours
  FROM skill_reward_run r JOIN skill_reward_line l ON l.run_id = r.id
 WHERE r.year = {year} AND r.state = 'approved' {orgs_l}
 GROUP BY r.id, r.batch_id
"""


async def report(query: ReportQuery) -> Figures:
    return await figures(query.year, await orgs.subtree_ids(query.org, query.as_of) if query.org else None)


async def figures(year: int, org_ids: list[int] | None = None) -> Figures:
    """The skills figures of a year, from the records (for an org subtree when given)."""
    c = conn()
    year = int(year)
    args = [] if org_ids is None else [list(org_ids)]
    where = {
        f"orgs_{a}": "" if org_ids is None else f"AND {a}.org_id = ANY($1::int[])"
        for a in ("s", "e", "d", "c", "p", "l")
    }
    where["orgs_k"] = (
        ""
        if org_ids is None
        else "AND EXISTS (SELECT 1 FROM skill_competition_entry x WHERE x.competition_id = c.id AND x.org_id = ANY($1))"
    )
    first, next_ = f"DATE '{year:04d}-01-01'", f"DATE '{year + 1:04d}-01-01'"
    sessions = (
        f"s.starts_at >= TIMESTAMPTZ '{year:04d}-01-01 00:00+08' AND s.starts_at < TIMESTAMPTZ "
        f"'{year + 1:04d}-01-01 00:00+08' AND s.state <> 'cancelled' {where['orgs_s']}"
    )
    row = dict(await c.fetchrow(FIGURES_SQL.format(first=first, next=next_, sessions=sessions, **where), *args))
    eligible = row.pop("competition_eligible")
    rate = round(row["competition_participants"] / eligible, 4) if eligible else 0.0
    runs = await c.fetch(REWARDS_SQL.format(year=year, **where), *args)
    paid = 0
    for r in runs:
        if r["batch_id"] is not None:
            if org_ids is None:
                paid += (await disbursement.progress(r["batch_id"])).paid_fen
            else:  # a subtree's share: the paid payouts of its orgs
                paid += sum(p.amount_fen for p in await _paid(r["batch_id"], org_ids))
    return {
        **{k: int(v) for k, v in row.items()},
        "competition_participation_rate": rate,
        "rewarded_certificates": sum(r["certificates"] for r in runs),
        "rewarded_honours": sum(r["honours"] for r in runs),
        "rewards_owed_fen": sum(int(r["owed"]) for r in runs),
        "rewards_paid_fen": int(paid),
    }


async def _paid(batch_id: int, org_ids: list[int]) -> list[disbursement.PayoutOut]:
    out: list[disbursement.PayoutOut] = []
    cursor = None
    while True:
        page, cursor = await disbursement.list_payouts(
            batch_id, state="paid", org_ids=org_ids, limit=500, cursor=cursor
        )
        out += page
        if cursor is None:
            return out
