"""Reward lines of runs approved more than 30 days ago are marked told (skills.bot.TOLD_ON_LINK:
older news is not sent); the recent ones are claimed by the next delivery, and those told already
under the old one-hour window are kept from a second message by the outbox's notice key (the same
key). The lines not told yet are found by a partial index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T02:11:01:notices-skills"
VERSION = "1.38.0"
DESCRIPTION = "skills_told_before"

STATEMENTS = [
    "UPDATE skill_reward_line l SET told_at = now() FROM skill_reward_run r "
    "WHERE r.id = l.run_id AND r.state = 'approved' AND r.approved_at < now() - interval '30 days'",
    "CREATE INDEX skill_reward_line_untold ON skill_reward_line (member_id) WHERE told_at IS NULL",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="skills", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
