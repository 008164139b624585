"""Benchmark: the 2017 skills report over the full Yinchuan demo (7,000 sessions, 250,000+
attendance rows, 39,000+ certificates, 3,000+ drills and competition entries), against the
same figures computed by one hand-written SQL query over the same tables, in the same run.

    .venv/bin/python -m bench.skills_report [--rounds 15]

Prints the median time of each and the ratio; the goal is a report within 1.5x of the query.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from bench._orgs_env import bench_tenant
from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.orgs.module import MODULE as ORGS
from server.modules.skills import report
from server.modules.skills.module import MODULE as SKILLS

# The same figures, written by hand as one statement (it may read the ledger's tables directly).
HAND_WRITTEN = """
SELECT
  (SELECT sum(cost_fen) FROM skill_session WHERE state <> 'cancelled'
      AND starts_at >= '2017-01-01 00:00+08' AND starts_at < '2018-01-01 00:00+08')::bigint AS training_fen,
  (SELECT sum(coalesce(s.head_count, a.n)) FROM skill_session s
      LEFT JOIN (SELECT session_id, count(*) AS n FROM skill_attendance GROUP BY session_id) a ON a.session_id = s.id
    WHERE s.state <> 'cancelled' AND s.starts_at >= '2017-01-01 00:00+08' AND s.starts_at < '2018-01-01 00:00+08')::int
    AS training_person_times,
  (SELECT count(DISTINCT k.category) FROM skill_session s JOIN skill_course k ON k.id = s.course_id
    WHERE s.state <> 'cancelled' AND s.starts_at >= '2017-01-01 00:00+08' AND s.starts_at < '2018-01-01 00:00+08')::int
    AS course_categories,
  d.drill_sessions, d.drill_enterprises, d.drill_workers,
  (SELECT count(*) FROM skill_competition WHERE starts_on BETWEEN '2017-01-01' AND '2017-12-31')::int AS competitions,
  e.competition_enterprises, e.competition_participants, e.rate AS competition_participation_rate,
  (SELECT count(DISTINCT member_id) FROM skill_certificate WHERE issued_on <= '2017-12-31')::int AS certified_workers,
  (SELECT count(DISTINCT member_id) FROM skill_certificate
    WHERE issued_on <= '2017-12-31' AND level <= 3 AND route = 'competition')::int AS senior_via_competition,
  (SELECT coalesce(sum(p.amount_fen), 0) FROM payout p JOIN skill_reward_run r ON r.batch_id = p.batch
    WHERE r.year = 2017 AND p.state = 'paid')::bigint AS rewards_paid_fen
FROM (SELECT count(*)::int AS drill_sessions, count(DISTINCT enterprise)::int AS drill_enterprises,
             sum(participants)::int AS drill_workers
        FROM skill_drill WHERE held_on BETWEEN '2017-01-01' AND '2017-12-31') d,
     (SELECT count(DISTINCT e.enterprise)::int AS competition_enterprises,
             sum(e.participants)::int AS competition_participants,
             round(sum(e.participants)::numeric / sum(e.eligible), 4)::float AS rate
        FROM skill_competition_entry e JOIN skill_competition c ON c.id = e.competition_id
       WHERE c.starts_on BETWEEN '2017-01-01' AND '2017-12-31') e
"""


async def main(rounds: int) -> None:
    async with bench_tenant() as slug:
        start = time.monotonic()
        extras = {"dataset": "yinchuan"}
        await ORGS.demo(DemoContext(tenant=slug, extras=extras))
        await SKILLS.demo(DemoContext(tenant=slug, extras=extras, progress=print))
        print(f"demo loaded in {time.monotonic() - start:.1f}s")
        async with tenant_scope(slug):
            rows = await conn().fetchval("SELECT count(*) FROM skill_attendance")
            print(f"{rows:,} attendance rows")
            ours, theirs = [], []
            for _ in range(rounds):  # interleaved, so both see the same cache and load
                t = time.perf_counter()
                figures = await report.figures(2017)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                hand = dict(await conn().fetchrow(HAND_WRITTEN))
                theirs.append(time.perf_counter() - t)
        for key, value in hand.items():
            assert figures[key] == value, (key, figures[key], value)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"skills report 2017: {a * 1000:.1f} ms (median of {rounds}); one hand-written query: {b * 1000:.1f} ms")
        print(f"ratio report / query = {a / b:.2f} (goal: at most 1.5)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    asyncio.run(main(parser.parse_args().rounds))
