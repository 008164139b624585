"""A person is rewarded once per certificate level (凤城工匠助推奖励: 每人分别奖励): at most one reward
line per (member, level), a unique index, so two runs computed at once cannot both pay a second
certificate of the same member and level (a re-issue, a re-entry).

Lines written before this rule may break it; they are settled first:
- in a run still in `preview` (nothing handed to the engine yet), a second line of a member at a
  level is deleted (the one kept: a line of an approved run, else the earliest line), and the
  preview's count and total are computed again: the certificate shows as skipped;
- in approved runs (handed to the disbursement engine, perhaps paid) the lines stay as they are,
  history; all but the earliest of a member at a level are marked `legacy_repeat`, which the
  index leaves out. No new line is ever marked.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T02:15:00:skillsonce-reward-once"
VERSION = "1.38.0"
DESCRIPTION = "skills_reward_once_per_level"

STATEMENTS = [
    "ALTER TABLE skill_reward_line ADD COLUMN legacy_repeat boolean NOT NULL DEFAULT false",
    """DELETE FROM skill_reward_line d USING skill_reward_run r
        WHERE d.run_id = r.id AND r.state = 'preview' AND d.certificate_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM skill_reward_line o JOIN skill_reward_run orun ON orun.id = o.run_id
                       WHERE o.member_id = d.member_id AND o.level = d.level AND o.certificate_id IS NOT NULL
                         AND o.id <> d.id AND (orun.state = 'approved' OR o.id < d.id))""",
    """UPDATE skill_reward_run r SET line_count = s.n, total_fen = s.fen
         FROM (SELECT r2.id, count(l.id)::int AS n, coalesce(sum(l.amount_fen), 0)::bigint AS fen
                 FROM skill_reward_run r2 LEFT JOIN skill_reward_line l ON l.run_id = r2.id
                WHERE r2.state = 'preview' GROUP BY r2.id) s
        WHERE r.id = s.id""",
    """UPDATE skill_reward_line d SET legacy_repeat = true
        WHERE d.certificate_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM skill_reward_line o WHERE o.member_id = d.member_id AND o.level = d.level
                         AND o.certificate_id IS NOT NULL AND o.id < d.id)""",
    "CREATE UNIQUE INDEX skill_reward_line_member_level_once ON skill_reward_line (member_id, level) "
    "WHERE certificate_id IS NOT NULL AND NOT legacy_repeat",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="skills", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
