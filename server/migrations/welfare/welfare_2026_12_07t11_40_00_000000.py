"""Bank account columns wide enough for a sealed value (`sealed:<base64>`): the number itself
is no longer stored (see `server/modules/welfare/accounts.py`; the next migration seals)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-07T11:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "welfare_bank_account_width"

COLUMNS = (
    ("HardshipHousehold", "hardship_household", "bank_account"),
    ("ReliefApplication", "relief_application", "bank_account"),
    ("Payout", "payout", "account"),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)
    for class_name, table, column in COLUMNS:
        manager.alter_column(
            table_class_name=class_name,
            tablename=table,
            column_name=column,
            db_column_name=column,
            params={"length": 200},
            old_params={"length": 32},
            column_class=Varchar,
            old_column_class=Varchar,
            schema=None,
        )
    return manager
