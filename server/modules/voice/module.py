from arq import cron

from server.bot import cli as bot_cli
from server.bot.jobs import telegram_send, voice_deliver
from server.modules.contract import Module
from server.modules.voice import cli, demo, service
from server.modules.voice.api import (
    AcceptanceFormController,
    ComplaintController,
    DemandOrderController,
    VoiceController,
)
from server.modules.voice.jobs import voice_deadlines, voice_sweep

MODULE = Module(
    "voice",
    "三单：职工维权服务",
    "Workers' voice (three forms)",
    pioneer="qingtongxia",
    piccolo_app="server.modules.voice.piccolo_app",
    controllers=[ComplaintController, DemandOrderController, AcceptanceFormController, VoiceController],
    report=service.report,
    demo=demo.load,
    jobs=[voice_deliver, telegram_send, voice_deadlines, voice_sweep],
    cron_jobs=[
        # Reminders and escalation: twice an hour is plenty for day-granular deadlines.
        cron(voice_deadlines, minute={5, 35}, run_at_startup=True),
        # Deliver notices and re-queue lost sends.
        cron(voice_sweep, second={0, 15, 30, 45}, unique=True),
    ],
    cli=cli.app,
    cli_groups={"bot": bot_cli.app},
)
