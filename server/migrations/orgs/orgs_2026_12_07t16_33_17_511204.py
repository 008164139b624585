"""A member's import hash (branch fast): a keyed hash of the file row that last imported the member
together with the values it left, so re-importing an unchanged file skips the row checks."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Bytea
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T16:33:17:511204"
VERSION = "1.38.0"
DESCRIPTION = "orgs: member.import_hash, so an unchanged re-import skips the row checks"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orgs", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Member",
        tablename="member",
        column_name="import_hash",
        db_column_name="import_hash",
        column_class_name="Bytea",
        column_class=Bytea,
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
