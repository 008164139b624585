"""pairing's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-pairing"
VERSION = "1.38.0"
DESCRIPTION = "pairing_member_refs"

MEMBER_COLUMNS = [
    ("pairing_candidate", "member_id"),
    ("pairing_pair_rule", "master_member_id"),
    ("pairing_pair_rule", "apprentice_member_id"),
    ("pairing_agreement", "master_member_id"),
    ("pairing_agreement", "apprentice_member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="pairing", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "pairing", MEMBER_COLUMNS))
    return manager
