"""三单 screens (workers' voice): the federation's queue of acceptance forms by deadline,
demand orders with their complaints, the complaint box with paper complaints
entered through a form, resolving a form behind a confirmation.
`tui.modules` calls `register()` once."""

from __future__ import annotations


def register() -> None:
    from tui.modules import PaletteCommand, ScreenEntry
    from tui.modules import register as register_module
    from tui.screens.voice.common import STAFF, UNION
    from tui.screens.voice.complaints import ComplaintBoxScreen
    from tui.screens.voice.link_code import LinkCodeModal
    from tui.screens.voice.orders import OrdersScreen
    from tui.screens.voice.paper import enter_paper_complaint
    from tui.screens.voice.queue import FormQueueScreen
    from tui.screens.voice.statistics import StatisticsScreen

    register_module(
        "voice",
        screens=[
            ScreenEntry("voice.queue", ("受理单待办", "Form queue"), lambda app: FormQueueScreen(), roles=STAFF),
            ScreenEntry("voice.orders", ("需求订单", "Demand orders"), lambda app: OrdersScreen(), roles=STAFF),
            ScreenEntry(
                "voice.complaint_box", ("职工诉求", "Complaint box"), lambda app: ComplaintBoxScreen(), roles=STAFF
            ),
            ScreenEntry("voice.statistics", ("三单统计", "Voice stats"), lambda app: StatisticsScreen(), roles=STAFF),
        ],
        commands=[
            PaletteCommand(
                ("登记纸质诉求", "Enter a paper complaint"),
                ("把意见箱里的抱怨单录入系统（渠道：终端）", "File a complaint from the complaint box (channel: TUI)"),
                enter_paper_complaint,
                roles=UNION,
            ),
            PaletteCommand(
                ("签发 Telegram 绑定码", "Issue a Telegram link code"),
                ("职工把一次性绑定码发给机器人，绑定其会员身份", "A one-time code a worker sends the bot to link"),
                lambda app: app.push_screen(LinkCodeModal()),
                roles=UNION,
            ),
        ],
    )
