from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T11:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "when a queued Bot API call was last tried"

# Issue 13: health shows each tenant's last send error and when it happened.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bot", description=DESCRIPTION)

    async def only_where_missing() -> None:
        # The column below stays in Piccolo's snapshot; a table that has it already is left alone.
        from piccolo.engine import engine_finder

        rows = await engine_finder().run_ddl(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'bot_message' AND column_name = 'attempted_at'"
        )
        if rows:
            manager.add_columns.add_columns = [
                c for c in manager.add_columns.add_columns if c.column._meta.db_column_name != "attempted_at"
            ]

    manager.add_raw(only_where_missing)

    manager.add_column(
        table_class_name="BotMessage",
        tablename="bot_message",
        column_name="attempted_at",
        db_column_name="attempted_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
