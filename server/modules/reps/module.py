"""四制 Qingtongxia's four systems for worker representatives: elections, tenure, evaluation and recall, rewards."""

from server.modules.contract import BotPart, Module
from server.modules.reps import messages
from server.modules.reps.api import CONTROLLERS
from server.modules.reps.bot import notices
from server.modules.reps.cli import cli
from server.modules.reps.columns import CODES, COLUMNS
from server.modules.reps.demo import load as demo
from server.modules.reps.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "reps",
    "四制：职工代表",
    "Worker representatives (four systems)",
    columns=COLUMNS,
    codes=CODES,
    pioneer="qingtongxia",
    piccolo_app="server.modules.reps.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    cli=cli,
    demo=demo,
    messages=messages,
    bot=BotPart(router="server.modules.reps.bot:router", notices=notices),
)
