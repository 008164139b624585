"""reps's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-reps"
VERSION = "1.38.0"
DESCRIPTION = "reps_member_refs"

MEMBER_COLUMNS = [
    ("rep_candidate", "member_id"),
    ("rep_election_voter", "member_id"),
    ("rep_representative", "member_id"),
    ("rep_evaluation_voter", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "reps", MEMBER_COLUMNS))
    return manager
