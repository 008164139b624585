from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import Bytea
from piccolo.columns.column_types import JSONB
from piccolo.columns.column_types import Serial
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T13:02:42:202966"
VERSION = "1.38.0"
DESCRIPTION = "installation key check and rotation"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="platform", description=DESCRIPTION
    )

    manager.add_table(
        class_name="KeyCheck",
        tablename="key_check",
        schema="platform",
        columns=None,
    )

    manager.add_table(
        class_name="KeyRotation",
        tablename="key_rotation",
        schema="platform",
        columns=None,
    )

    manager.add_column(
        table_class_name="KeyCheck",
        tablename="key_check",
        column_name="id",
        db_column_name="id",
        column_class_name="Serial",
        column_class=Serial,
        params={
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyCheck",
        tablename="key_check",
        column_name="singleton",
        db_column_name="singleton",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyCheck",
        tablename="key_check",
        column_name="sealed",
        db_column_name="sealed",
        column_class_name="Bytea",
        column_class=Bytea,
        params={
            "default": b"",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyCheck",
        tablename="key_check",
        column_name="created_at",
        db_column_name="created_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyRotation",
        tablename="key_rotation",
        column_name="id",
        db_column_name="id",
        column_class_name="Serial",
        column_class=Serial,
        params={
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyRotation",
        tablename="key_rotation",
        column_name="singleton",
        db_column_name="singleton",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyRotation",
        tablename="key_rotation",
        column_name="new_sealed",
        db_column_name="new_sealed",
        column_class_name="Bytea",
        column_class=Bytea,
        params={
            "default": b"",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyRotation",
        tablename="key_rotation",
        column_name="progress",
        db_column_name="progress",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    manager.add_column(
        table_class_name="KeyRotation",
        tablename="key_rotation",
        column_name="started_at",
        db_column_name="started_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema="platform",
    )

    return manager
