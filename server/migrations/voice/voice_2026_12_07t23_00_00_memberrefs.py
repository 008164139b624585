"""Every voice column naming an orgs member references `member (id)` ON DELETE RESTRICT, so the
database refuses to delete a member this module holds records of (orgs' `delete_member` answers
409 `member_has_records`, naming the module by the `member_ref_<module>_` prefix of the constraint).

NOT VALID: a tenant may already hold ids of members deleted before; those rows stay (the readers
show 会员记录已删除), while every new row and every delete is checked from now on. orgs' migrations
run before every module's (registry order), so `member` exists. A constraint already there is
left alone: running it again changes nothing.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T23:00:00:memberrefs-voice"
VERSION = "1.38.0"
DESCRIPTION = "voice_member_refs"

MEMBER_COLUMNS = [
    ("complaint", "member_id"),
    ("voice_notice", "member_id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voice", description=DESCRIPTION)

    async def run():
        from server.infra.db import DB

        c = DB.current_transaction.get().connection  # inside the tenant's schema (search_path)
        for table, column in MEMBER_COLUMNS:
            name = f"member_ref_voice_{table}_{column}"
            exists = await c.fetchval(
                "SELECT 1 FROM pg_constraint WHERE conname = $1 AND connamespace = current_schema()::regnamespace",
                name,
            )
            if exists is None:
                await c.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column}) "
                    "REFERENCES member (id) ON DELETE RESTRICT NOT VALID"
                )

    manager.add_raw(run)
    return manager
