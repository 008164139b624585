"""welfare's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-welfare"
VERSION = "1.38.0"
DESCRIPTION = "welfare_member_refs"

MEMBER_COLUMNS = [
    ("hardship_household", "member_id"),
    ("relief_application", "member_id"),
    ("payout", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "welfare", MEMBER_COLUMNS))
    return manager
