from piccolo.conf.apps import AppConfig

from server.modules.reps.tables import (
    Allowance,
    Ballot,
    Candidate,
    Congress,
    Constituency,
    Duty,
    Election,
    ElectionBallot,
    ElectionVoter,
    Evaluation,
    EvaluationVoter,
    Proposal,
    Representative,
    Reward,
)
from server.settings import MIGRATIONS_DIR

APP_CONFIG = AppConfig(
    app_name="reps",
    migrations_folder_path=str(MIGRATIONS_DIR / "reps"),
    table_classes=[
        Congress,
        Constituency,
        Election,
        Candidate,
        ElectionVoter,
        ElectionBallot,
        Representative,
        Duty,
        Allowance,
        Evaluation,
        EvaluationVoter,
        Ballot,
        Reward,
        Proposal,
    ],
)
