from piccolo.conf.apps import AppConfig

from server.modules.core.tables import Event, HolidaySchedule
from server.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(PROJECT_ROOT / "migrations" / "core"),
    table_classes=[Event, HolidaySchedule],
)
