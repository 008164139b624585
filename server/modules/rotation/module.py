"""基层工会主席轮值 Xixia's rotating grassroots union chair: areas, the fair roster, a slot's work, activities."""

from server.modules.contract import BotPart, Module
from server.modules.rotation import messages
from server.modules.rotation.api import CONTROLLERS
from server.modules.rotation.bot import notices
from server.modules.rotation.cli import cli
from server.modules.rotation.columns import CODES, COLUMNS
from server.modules.rotation.demo import load as demo
from server.modules.rotation.jobs import CRON_JOBS, JOBS
from server.modules.rotation.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "rotation",
    "基层工会主席轮值",
    "Rotating grassroots chair",
    columns=COLUMNS,
    codes=CODES,
    pioneer="xixia",
    piccolo_app="server.modules.rotation.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    cli=cli,
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    messages=messages,
    bot=BotPart(notices=notices),
)
