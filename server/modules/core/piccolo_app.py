from piccolo.conf.apps import AppConfig

from server.modules.core.tables import Event, HolidaySchedule
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(MIGRATIONS_DIR / "core"),
    table_classes=[Event, HolidaySchedule],
)
