"""五位一体技能提升 Yinchuan's five-in-one skills pipeline: training, drills, competitions, promotion, rewards."""

from server.modules.contract import BotPart, Module
from server.modules.skills import bot, messages
from server.modules.skills.api import CONTROLLERS
from server.modules.skills.cli import cli
from server.modules.skills.demo import load as demo
from server.modules.skills.report import report

MODULE = Module(
    "skills",
    "五位一体技能提升",
    "Five-in-one skills pipeline",
    pioneer="yinchuan",
    piccolo_app="server.modules.skills.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    report_not_summed=frozenset({"course_categories"}),  # distinct categories: two tenants' three are not six
    cli=cli,
    demo=demo,
    messages=messages,
    bot=BotPart(notices=bot.notices),
)
