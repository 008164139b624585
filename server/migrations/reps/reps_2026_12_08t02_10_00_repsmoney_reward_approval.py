"""A reward waits for a tenant admin's approval before money moves (the columns; the rules follow in
`repsmoney-reward-approval-rules`): its state, the account it is to be paid to (sealed), who
proposed it and who approved it, when."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-08T02:10:00:repsmoney-reward-approval"
VERSION = "1.38.0"
DESCRIPTION = "reps reward approval columns"


def _params(default: object, *, null: bool = False, **extra: object) -> dict:
    return {
        "default": default,
        "null": null,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **extra,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)
    for name, cls, params in (
        ("state", Varchar, _params("proposed", length=10)),
        ("account", Text, _params("")),
        ("proposed_by", Varchar, _params("", length=200)),
        ("approved_by", Varchar, _params(None, null=True, length=200)),
        ("approved_at", Timestamptz, _params(None, null=True)),
    ):
        manager.add_column(
            table_class_name="Reward",
            tablename="rep_reward",
            column_name=name,
            db_column_name=name,
            column_class_name=cls.__name__,
            column_class=cls,
            params=params,
            schema=None,
        )
    return manager
