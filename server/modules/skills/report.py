"""The skills report: the year's five-in-one figures, computed from the records at request time.

For the whole tenant or one org's subtree (`?org=`, as of `as_of`): training spend and
person-times (a roster where kept, a head count where not), course categories, projects; drill
sessions, enterprises and workers; competitions, enterprises, participants and the participation
rate; certified workers and senior certificates gained through competitions (both as of the year's
end); and rewards owed and paid (what the disbursement engine has paid for the year's runs)."""

from __future__ import annotations

from server.infra.tenancy import conn
from server.modules.contract import Figures, ReportQuery
from server.modules.orgs import service as orgs
from server.modules.welfare import disbursement

# One statement: each figure a scalar subquery over its own table, filtered by the year's dates
# (ranges, so the date indexes serve them) and, when asked, the org subtree. The year is written
# into the SQL (an int, checked) and the org filter only when there is one: a prepared statement
# with `$1 IS NULL OR ...` gets a generic plan after five runs, and that plan reads every row.
FIGURES_SQL = """
WITH y AS (SELECT make_date({year}, 1, 1) AS first, make_date({year} + 1, 1, 1) AS next,
                  (make_date({year} + 1, 1, 1) AT TIME ZONE 'Asia/Shanghai') AS next_at,
                  (make_date({year}, 1, 1) AT TIME ZONE 'Asia/Shanghai') AS first_at),
s AS (SELECT s.id, s.cost_fen, s.head_count, s.course_id FROM skill_session s, y
       WHERE s.starts_at >= y.first_at AND s.starts_at < y.next_at AND s.state <> 'cancelled'
         {orgs_s}),
e AS (SELECT e.enterprise, e.eligible, e.participants FROM skill_competition_entry e
        JOIN skill_competition c ON c.id = e.competition_id, y
       WHERE c.starts_on >= y.first AND c.starts_on < y.next {orgs_e}),
d AS (SELECT d.enterprise, d.participants FROM skill_drill d, y
       WHERE d.held_on >= y.first AND d.held_on < y.next {orgs_d}),
c AS (SELECT c.member_id, c.level, c.route, c.issued_on FROM skill_certificate c, y
       WHERE c.issued_on < y.next {orgs_c})
SELECT
  (SELECT coalesce(sum(cost_fen), 0) FROM s)::bigint AS training_fen,
  (SELECT count(*) FROM s)::int AS training_sessions,
  ((SELECT coalesce(sum(head_count), 0) FROM s)
   + (SELECT count(*) FROM skill_attendance a JOIN s ON s.id = a.session_id WHERE s.head_count IS NULL))::int
    AS training_person_times,
  (SELECT count(DISTINCT k.category) FROM s JOIN skill_course k ON k.id = s.course_id)::int AS course_categories,
  (SELECT count(*) FROM skill_project p, y WHERE p.starts_on >= y.first AND p.starts_on < y.next
     {orgs_p})::int AS projects,
  (SELECT count(*) FROM skill_project p, y WHERE p.starts_on >= y.first AND p.starts_on < y.next
     AND p.state IN ('approved', 'running', 'completed') {orgs_p})::int
    AS projects_approved,
  (SELECT count(*) FROM d)::int AS drill_sessions,
  (SELECT count(DISTINCT enterprise) FROM d)::int AS drill_enterprises,
  (SELECT coalesce(sum(participants), 0) FROM d)::int AS drill_workers,
  (SELECT count(*) FROM skill_competition c, y WHERE c.starts_on >= y.first AND c.starts_on < y.next
     {orgs_k})::int AS competitions,
  (SELECT count(DISTINCT enterprise) FROM e)::int AS competition_enterprises,
  (SELECT coalesce(sum(participants), 0) FROM e)::int AS competition_participants,
  (SELECT coalesce(sum(eligible), 0) FROM e)::int AS competition_eligible,
  (SELECT count(DISTINCT member_id) FROM c)::int AS certified_workers,
  (SELECT count(*) FROM c, y WHERE c.issued_on >= y.first)::int AS certificates_issued,
  (SELECT count(DISTINCT member_id) FROM c WHERE level <= 3 AND route = 'competition')::int
    AS senior_via_competition
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
    row = dict(await c.fetchrow(FIGURES_SQL.format(year=year, **where), *args))
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
