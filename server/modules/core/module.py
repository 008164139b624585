"""Core: on for every tenant. The activity log and the working-day calendar."""

from server.modules.contract import Module
from server.modules.core import api, cli, messages
from server.modules.core.columns import COLUMNS

MODULE = Module(
    "core",
    "基础",
    "Core",
    columns=COLUMNS,
    always_on=True,
    piccolo_app="server.modules.core.piccolo_app",
    controllers=api.CONTROLLERS,
    cli_groups={"calendar": cli.calendar},
    messages=messages,
)
