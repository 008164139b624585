from piccolo.conf.apps import AppConfig

from server.modules.voice.tables import (
    AcceptanceForm,
    Complaint,
    ComplaintStep,
    DemandOrder,
    FormAlert,
    Notice,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="voice",
    migrations_folder_path=str(MIGRATIONS_DIR / "voice"),
    table_classes=[
        DemandOrder,
        AcceptanceForm,
        Complaint,
        ComplaintStep,
        Notice,
        FormAlert,
    ],
)
