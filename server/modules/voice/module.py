from server.bot import cli as bot_cli
from server.modules.contract import Module
from server.modules.voice import demo, messages
from server.modules.voice.api import CONTROLLERS
from server.modules.voice.cli import cli
from server.modules.voice.jobs import CRON_JOBS, JOBS
from server.modules.voice.report import report

MODULE = Module(
    "voice",
    "三单：职工维权服务",
    "Workers' voice (three forms)",
    pioneer="qingtongxia",
    piccolo_app="server.modules.voice.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    demo=demo.load,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    cli_groups={"bot": bot_cli.app},
    messages=messages,
)
