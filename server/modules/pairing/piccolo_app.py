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
from server.settings import PROJECT_ROOT

APP_CONFIG = AppConfig(
    app_name="pairing",
    migrations_folder_path=str(PROJECT_ROOT / "migrations" / "pairing"),
    table_classes=[CompatibleTrade, Programme, Candidate, PairRule, Proposal, Agreement, ProgressNote],
)
