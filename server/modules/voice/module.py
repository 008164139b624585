from server.modules.contract import BotPart, Module
from server.modules.voice import bot, demo, messages
from server.modules.voice.api import CONTROLLERS
from server.modules.voice.cli import cli
from server.modules.voice.columns import CODES, COLUMNS
from server.modules.voice.jobs import CRON_JOBS, JOBS
from server.modules.voice.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "voice",
    "三单：职工维权服务",
    "Workers' voice (three forms)",
    columns=COLUMNS,
    codes=CODES,
    pioneer="qingtongxia",
    piccolo_app="server.modules.voice.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    demo=demo.load,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    messages=messages,
    # Complaints in the workers' bot; its notices tell them how their complaints move on.
    bot=BotPart(
        router="server.modules.voice.bot:router",
        commands=bot.COMMANDS,
        notices=bot.notices,
        linked=bot.linked,
    ),
)
