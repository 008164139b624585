from arq import cron

from server.modules.contract import BotPart, Module
from server.modules.voice import bot, cli, demo, service
from server.modules.voice.api import (
    AcceptanceFormController,
    ComplaintController,
    DemandOrderController,
    VoiceController,
)
from server.modules.voice.jobs import voice_deadlines

MODULE = Module(
    "voice",
    "三单：职工维权服务",
    "Workers' voice (three forms)",
    pioneer="qingtongxia",
    piccolo_app="server.modules.voice.piccolo_app",
    controllers=[ComplaintController, DemandOrderController, AcceptanceFormController, VoiceController],
    report=service.report,
    demo=demo.load,
    jobs=[voice_deadlines],
    cron_jobs=[
        # Reminders and escalation: twice an hour is plenty for day-granular deadlines.
        cron(voice_deadlines, minute={5, 35}, run_at_startup=True),
    ],
    cli=cli.app,
    # Complaints in the workers' bot; its notices tell them how their complaints move on.
    bot=BotPart(
        router="server.modules.voice.bot:router",
        commands=bot.COMMANDS,
        notices=bot.notices,
        linked=bot.linked,
    ),
)
