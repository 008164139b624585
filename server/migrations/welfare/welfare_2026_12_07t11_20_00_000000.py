"""Reconciliation runs again: every run is kept with what triggered it (`trigger`:
settlement, recheck after the bank's settlement window, statement, manual), and a batch
carries when its next check is due (`recheck_at`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T11:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "welfare_reconciliation_runs"


def _params(**kw):
    return {
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **kw,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)
    manager.add_column(
        table_class_name="PayoutBatch",
        tablename="payout_batch",
        column_name="recheck_at",
        db_column_name="recheck_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params=_params(default=None, null=True),
        schema=None,
    )
    manager.add_column(
        table_class_name="Reconciliation",
        tablename="payout_reconciliation",
        column_name="trigger",
        db_column_name="trigger",
        column_class_name="Varchar",
        column_class=Varchar,
        params=_params(default="settlement", null=False, length=12),
        schema=None,
    )

    return manager
