from piccolo.conf.apps import AppConfig

from server.modules.pairing.tables import (
    Agreement,
    Candidate,
    CompatibleTrade,
    PairRule,
    Programme,
    ProgressNote,
    Proposal,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="pairing",
    migrations_folder_path=str(MIGRATIONS_DIR / "pairing"),
    table_classes=[CompatibleTrade, Programme, Candidate, PairRule, Proposal, Agreement, ProgressNote],
)
