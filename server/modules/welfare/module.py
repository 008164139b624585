"""送温暖与救助 Welfare & relief: the hardship registry, campaigns, and the disbursement engine."""

from server.modules.contract import BotPart, Module
from server.modules.welfare import bot, messages
from server.modules.welfare.api import CONTROLLERS
from server.modules.welfare.cli import cli
from server.modules.welfare.columns import CODES, COLUMNS
from server.modules.welfare.demo import load as demo
from server.modules.welfare.jobs import CRON_JOBS, JOBS
from server.modules.welfare.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "welfare",
    "送温暖与救助",
    "Welfare & relief",
    columns=COLUMNS,
    codes=CODES,
    shared=True,
    pioneer="shizuishan",
    piccolo_app="server.modules.welfare.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    messages=messages,
    # Relief payment notices to linked workers.
    bot=BotPart(notices=bot.notices, linked=bot.linked),
)
