"""skills's columns naming an orgs member reference `member (id)`: server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-07T23:00:00:memberrefs-skills"
VERSION = "1.38.0"
DESCRIPTION = "skills_member_refs"

MEMBER_COLUMNS = [
    ("skill_attendance", "member_id"),
    ("skill_competition_result", "member_id"),
    ("skill_recommendation", "member_id"),
    ("skill_certificate", "member_id"),
    ("skill_honour", "member_id"),
    ("skill_reward_line", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="skills", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "skills", MEMBER_COLUMNS))
    return manager
