"""A reward's rules: the rewards paid before approval existed are approved (they have their batch),
a reward is proposed or approved, and an approved one names its batch."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T02:10:01:repsmoney-reward-approval-rules"
VERSION = "1.38.0"
DESCRIPTION = "reps reward approval rules"

STATEMENTS = [
    "UPDATE rep_reward SET state = 'approved' WHERE batch_id IS NOT NULL",
    "ALTER TABLE rep_reward ADD CONSTRAINT rep_reward_state CHECK (state IN ('proposed', 'approved'))",
    "ALTER TABLE rep_reward ADD CONSTRAINT rep_reward_approved_batch "
    "CHECK (state <> 'approved' OR batch_id IS NOT NULL) NOT VALID",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
