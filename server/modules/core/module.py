from server.modules.contract import Module
from server.modules.core import calendar_cli, messages
from server.modules.core.api import EventController
from server.modules.core.calendar_api import CalendarController

MODULE = Module(
    "core",
    "基础",
    "Core",
    always_on=True,
    piccolo_app="server.modules.core.piccolo_app",
    controllers=[EventController, CalendarController],
    cli_groups={"calendar": calendar_cli.app},
    messages=messages,
)
