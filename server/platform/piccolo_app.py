from piccolo.conf.apps import AppConfig

from server.platform.tables import Account, ApiToken, KeyCheck, KeyRotation, Tenant, WorkerBeat
from server.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="platform",
    migrations_folder_path=str(PROJECT_ROOT / "migrations" / "platform"),
    table_classes=[Tenant, Account, ApiToken, WorkerBeat, KeyCheck, KeyRotation],
)
