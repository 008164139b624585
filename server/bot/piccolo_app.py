"""The bot's Piccolo app: its tables in every tenant's schema, whichever modules are on
(`server.infra.migrate` runs it after the modules' apps)."""

from piccolo.conf.apps import AppConfig

from server.bot.tables import TABLES
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="bot",
    migrations_folder_path=str(MIGRATIONS_DIR / "bot"),
    table_classes=list(TABLES),
)
