"""三单: what the voice package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import PaletteCommand, ScreenEntry, TuiModule
from tui.screens.voice.common import STAFF, UNION


def _queue(app):
    from tui.screens.voice.queue import FormQueueScreen

    return FormQueueScreen()


def _orders(app):
    from tui.screens.voice.orders import OrdersScreen

    return OrdersScreen()


def _complaints(app):
    from tui.screens.voice.complaints import ComplaintBoxScreen

    return ComplaintBoxScreen()


def _statistics(app):
    from tui.screens.voice.statistics import StatisticsScreen

    return StatisticsScreen()


def _paper(app):
    from tui.screens.voice.paper import enter_paper_complaint

    return enter_paper_complaint(app)


def _link_code(app):
    from tui.screens.voice.link_code import issue_link_code

    return issue_link_code(app)


async def _found_complaint(app, complaint_id: int):
    from tui.screens.voice.api import VoiceApi
    from tui.screens.voice.complaints import ComplaintBoxScreen

    return ComplaintBoxScreen(q=(await VoiceApi.of(app).complaint(complaint_id)).ref)


MODULE = TuiModule(
    "voice",
    screens=[
        ScreenEntry("voice.queue", L("受理单待办", "Form queue"), _queue, roles=STAFF),
        ScreenEntry("voice.orders", L("需求订单", "Demand orders"), _orders, roles=STAFF),
        ScreenEntry("voice.complaint_box", L("职工诉求", "Complaint box"), _complaints, roles=STAFF),
        ScreenEntry("voice.statistics", L("三单统计", "Voice stats"), _statistics, roles=STAFF),
    ],
    commands=[
        PaletteCommand(
            L("登记纸质诉求", "Enter a paper complaint"),
            L("把意见箱里的抱怨单录入系统（渠道：终端）", "File a complaint from the complaint box (channel: TUI)"),
            _paper,
            roles=UNION,
        ),
        PaletteCommand(
            L("签发 Telegram 绑定码", "Issue a Telegram link code"),
            L("职工把一次性绑定码发给机器人，绑定其会员身份", "A one-time code a worker sends the bot to link"),
            _link_code,
            roles=UNION,
        ),
    ],
    finds={"complaints": _found_complaint},
)
