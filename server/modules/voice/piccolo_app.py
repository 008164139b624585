from piccolo.conf.apps import AppConfig

from server.modules.voice.tables import (
    AcceptanceForm,
    Complaint,
    ComplaintStep,
    DemandOrder,
    FormAlert,
    Notice,
)
from server.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="voice",
    migrations_folder_path=str(PROJECT_ROOT / "migrations" / "voice"),
    table_classes=[
        DemandOrder,
        AcceptanceForm,
        Complaint,
        ComplaintStep,
        Notice,
        FormAlert,
    ],
)
