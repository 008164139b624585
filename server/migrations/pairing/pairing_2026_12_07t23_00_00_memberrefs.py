"""Every pairing column naming an orgs member references `member (id)` ON DELETE RESTRICT, so the
database refuses to delete a member this module holds records of (orgs' `delete_member` answers
409 `member_has_records`, naming the module by the `member_ref_<module>_` prefix of the constraint).

NOT VALID: a tenant may already hold ids of members deleted before; those rows stay (the readers
show 会员记录已删除), while every new row and every delete is checked from now on. orgs' migrations
run before every module's (registry order), so `member` exists. A constraint already there is
left alone: running it again changes nothing.
"""

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
