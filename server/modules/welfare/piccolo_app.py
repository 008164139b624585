from piccolo.conf.apps import AppConfig

from server.modules.welfare.tables import (
    BankExport,
    BankFile,
    BankResult,
    Campaign,
    HardshipHousehold,
    Payout,
    PayoutBatch,
    PayoutOutbox,
    Reconciliation,
    ReliefApplication,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="welfare",
    migrations_folder_path=str(MIGRATIONS_DIR / "welfare"),
    table_classes=[
        HardshipHousehold,
        Campaign,
        ReliefApplication,
        PayoutBatch,
        Payout,
        PayoutOutbox,
        Reconciliation,
        BankFile,
        BankExport,
        BankResult,
    ],
)
