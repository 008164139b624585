"""送温暖与救助 Welfare & relief: the hardship registry, campaigns, and the disbursement engine."""

from server.modules.contract import BotPart, Module, ReportQuery
from server.modules.welfare import bot
from server.modules.welfare.api import ApplicationController, CampaignController, HouseholdController
from server.modules.welfare.cli import cli
from server.modules.welfare.demo import demo
from server.modules.welfare.jobs import CRON_JOBS, JOBS


async def report(query: ReportQuery) -> dict[str, int]:
    from server.modules.welfare import service

    return await service.figures(query.year, query.org, query.as_of)


MODULE = Module(
    "welfare",
    "送温暖与救助",
    "Welfare & relief",
    shared=True,
    pioneer="shizuishan",
    piccolo_app="server.modules.welfare.piccolo_app",
    controllers=[HouseholdController, CampaignController, ApplicationController],
    report=report,
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    bot=BotPart(notices=bot.notices),
)
