"""voice's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-voice"
VERSION = "1.38.0"
DESCRIPTION = "voice_member_refs"

MEMBER_COLUMNS = [
    ("complaint", "member_id"),
    ("voice_notice", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voice", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "voice", MEMBER_COLUMNS))
    return manager
