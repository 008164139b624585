from piccolo.conf.apps import AppConfig

from server.modules.voice.tables import (
    AcceptanceForm,
    BotChatState,
    BotConfig,
    BotMessage,
    BotUpdate,
    Complaint,
    ComplaintStep,
    DemandOrder,
    FormAlert,
    LinkCode,
    Notice,
    TelegramLink,
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
        LinkCode,
        TelegramLink,
        BotConfig,
        BotUpdate,
        BotChatState,
        BotMessage,
    ],
)
