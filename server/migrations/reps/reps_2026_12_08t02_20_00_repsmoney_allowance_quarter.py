"""The allowance has one period scheme, the quarter (2017-Q1): with months as well, March was paid
twice to one person (2017-03 and 2017-Q1). New rows must name a quarter; rows from before keep
their month (NOT VALID), and the service refuses a quarter one of whose months was paid."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T02:20:00:repsmoney-allowance-quarter"
VERSION = "1.38.0"
DESCRIPTION = "reps allowance by quarter"

STATEMENTS = [
    "ALTER TABLE rep_allowance ADD CONSTRAINT rep_allowance_quarter "
    "CHECK (period ~ '^(19|20)[0-9]{2}-Q[1-4]$') NOT VALID",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
