"""五位一体技能提升 Yinchuan's five-in-one skills pipeline: training, drills, competitions, promotion, rewards."""

from server.modules.contract import BotPart, Module
from server.modules.skills import bot, messages
from server.modules.skills.api import CONTROLLERS
from server.modules.skills.cli import cli
from server.modules.skills.columns import CODES, COLUMNS
from server.modules.skills.demo import load as demo
from server.modules.skills.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "skills",
    "五位一体技能提升",
    "Five-in-one skills pipeline",
    columns=COLUMNS,
    codes=CODES,
    pioneer="yinchuan",
    piccolo_app="server.modules.skills.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    cli=cli,
    demo=demo,
    messages=messages,
    bot=BotPart(notices=bot.notices, linked=bot.linked),
)
