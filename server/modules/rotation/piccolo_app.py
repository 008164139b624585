from piccolo.conf.apps import AppConfig

from server.modules.rotation.tables import (
    Activity,
    Area,
    Booking,
    Chair,
    MajorIssue,
    Meeting,
    Participant,
    Platform,
    Roster,
    Series,
    Slot,
    SlotNotice,
    Swap,
    Theme,
    Visit,
    WorkPlan,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="rotation",
    migrations_folder_path=str(MIGRATIONS_DIR / "rotation"),
    table_classes=[
        Area,
        Platform,
        Booking,
        Chair,
        Roster,
        Slot,
        Swap,
        WorkPlan,
        Meeting,
        MajorIssue,
        Theme,
        Series,
        Activity,
        Participant,
        Visit,
        SlotNotice,
    ],
)
