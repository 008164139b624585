from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Varchar

from server.infra.migrate import run_sql

ID = "2026-11-24T19:13:35:268149"
VERSION = "1.38.0"
DESCRIPTION = "orgs: drop indexes that bulk imports pay for and no query uses"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="orgs", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Member",
        tablename="member",
        column_name="name",
        db_column_name="name",
        params={"index": False},
        old_params={"index": True},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Placement",
        tablename="placement",
        column_name="org_id",
        db_column_name="org_id",
        params={"index": False},
        old_params={"index": True},
        column_class=Integer,
        old_column_class=Integer,
        schema=None,
    )

    manager.add_raw(run_sql(["DROP INDEX IF EXISTS member_open"]))

    return manager
