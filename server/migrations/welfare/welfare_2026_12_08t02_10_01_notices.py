"""Payouts paid more than 30 days ago are marked told (welfare.bot.TOLD_ON_LINK: older news is not
sent); the recent ones are claimed by the next delivery, and those told already under the old
one-hour window are kept from a second message by the outbox's notice key (the same key).
The paid payouts not told yet are found by a partial index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T02:10:01:notices-welfare"
VERSION = "1.38.0"
DESCRIPTION = "welfare_told_before"

STATEMENTS = ["UPDATE payout SET told_at = now() WHERE state = 'paid' AND coalesce(settled_at, created_at) < now() - interval '30 days'", "CREATE INDEX payout_untold ON payout (member_id) WHERE state = 'paid' AND told_at IS NULL"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)
    manager.add_raw(run_sql(STATEMENTS))
    return manager
