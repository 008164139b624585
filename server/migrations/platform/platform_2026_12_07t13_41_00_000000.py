"""The platform's activity log (`platform.event`): tenants created, enabled and disabled, modules
switched, tokens issued and revoked."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSONB, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T13:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "platform_event"


def _params(**kw):
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **kw,
    }


COLUMNS = [
    ("id", "Serial", Serial, _params(primary_key=True)),
    ("at", "Timestamptz", Timestamptz, _params(default=TimestamptzNow(), index=True)),
    ("actor_account_id", "Integer", Integer, _params(default=None, null=True)),
    ("actor", "Varchar", Varchar, _params(length=200, default="system")),
    ("action", "Varchar", Varchar, _params(length=100, default="", index=True)),
    ("tenant_slug", "Varchar", Varchar, _params(length=32, default=None, null=True, index=True)),
    ("subject", "Varchar", Varchar, _params(length=200, default="")),
    ("detail", "JSONB", JSONB, _params(default="{}")),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="platform", description=DESCRIPTION)
    manager.add_table(class_name="PlatformEvent", tablename="event", schema="platform", columns=None)
    for name, class_name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="PlatformEvent",
            tablename="event",
            column_name=name,
            db_column_name=name,
            column_class_name=class_name,
            column_class=column_class,
            params=params,
            schema="platform",
        )
    return manager
