from piccolo.conf.apps import AppConfig

from server.modules.audit.tables import Audit, DeadlineNotice, Entry, FollowUp, Plan, Score, Standard
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=str(MIGRATIONS_DIR / "audit"),
    table_classes=[Standard, Plan, Audit, Entry, Score, DeadlineNotice, FollowUp],
)
