"""rotation's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-rotation"
VERSION = "1.38.0"
DESCRIPTION = "rotation_member_refs"

MEMBER_COLUMNS = [
    ("rot_chair", "member_id"),
    ("rot_participant", "member_id"),
    ("rot_visit", "member_id"),
    ("rot_slot_notice", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="rotation", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "rotation", MEMBER_COLUMNS))
    return manager
