from piccolo.conf.apps import AppConfig

from server.platform.tables import (
    Account,
    ApiToken,
    KeyCheck,
    KeyRotation,
    ModuleSwitch,
    Nomination,
    NominationFigure,
    Review,
    ReviewCriterion,
    ReviewScore,
    ReviewSelection,
    Tenant,
    WorkerBeat,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="platform",
    migrations_folder_path=str(MIGRATIONS_DIR / "platform"),
    table_classes=[
        Tenant,
        Account,
        ApiToken,
        WorkerBeat,
        KeyCheck,
        KeyRotation,
        ModuleSwitch,
        Review,
        ReviewCriterion,
        Nomination,
        NominationFigure,
        ReviewScore,
        ReviewSelection,
    ],
)
