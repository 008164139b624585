"""Every module the product knows, in dependency order.

A module whose folder has no `module.py` yet is known by name (tenants may
list it) but has no routes, so it answers 404 like a module switched off.
"""

from __future__ import annotations

import importlib
from functools import cache

from server import messages
from server.messages import Msg
from server.modules.contract import Module

CATALOG: list[Module] = [
    Module("core", "基础", "Core", always_on=True, commands=("calendar",)),
    Module(
        "orgs", "组织与会员", "Organisations & members", shared=True, pioneer="shizuishan", commands=("orgs", "import")
    ),
    Module(
        "pairing", "名师带高徒", "Master-apprentice pairing", shared=True, pioneer="shizuishan", commands=("pairing",)
    ),
    Module("welfare", "送温暖与救助", "Welfare & relief", shared=True, pioneer="shizuishan", commands=("welfare",)),
    Module("skills", "五位一体技能提升", "Five-in-one skills pipeline", pioneer="yinchuan", commands=("skills",)),
    Module("audit", "经费绩效审计", "Union-fund performance audit", pioneer="wuzhong", commands=("audit",)),
    Module("rotation", "基层工会主席轮值", "Rotating grassroots chair", pioneer="xixia", commands=("rotation",)),
    Module("voice", "三单：职工维权服务", "Workers' voice (three forms)", pioneer="qingtongxia", commands=("voice",)),
    Module(
        "reps", "四制：职工代表", "Worker representatives (four systems)", pioneer="qingtongxia", commands=("reps",)
    ),
]

# The cities where a module was first run (a module's `pioneer`), by their names (zh-CN, English):
# what the adoption says of a pioneer that is no tenant on this platform.
PIONEER_CITIES: dict[str, tuple[str, str]] = {
    "shizuishan": ("石嘴山", "Shizuishan"),
    "yinchuan": ("银川", "Yinchuan"),
    "wuzhong": ("吴忠", "Wuzhong"),
    "xixia": ("银川市西夏区", "Xixia District, Yinchuan"),
    "qingtongxia": ("青铜峡", "Qingtongxia"),
}

NAMES = [m.name for m in CATALOG]
SHARED = [m.name for m in CATALOG if m.shared]
SWITCHABLE = [m.name for m in CATALOG if not m.always_on]
# Switched on in every tenant and never off: every other module's records name its orgs and members.
KEPT_ON = ["orgs"]


@cache
def _load(name: str) -> Module:
    stub = next(m for m in CATALOG if m.name == name)
    try:
        mod = importlib.import_module(f"server.modules.{name}.module")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"server.modules.{name}", f"server.modules.{name}.module"):
            raise
        return stub
    return mod.MODULE


@cache
def modules() -> dict[str, Module]:
    """The catalogue, with each implemented module's full `MODULE` loaded."""
    return {stub.name: _load(stub.name) for stub in CATALOG}


def get(name: str) -> Module | None:
    """One module, loading only it (`saishang report orgs` need not load OR-Tools for pairing)."""
    return _load(name) if name in NAMES else None


# The workers' bot (`server/bot/`) is the platform's channel, not a module: its tables are in every
# tenant's schema whichever modules are on, migrated after the modules' (its first migration took
# over voice's bot tables, which voice's own first migration creates).
CHANNEL_APPS = {"bot": "server.bot.piccolo_app"}


def piccolo_apps() -> list[str]:
    return [m.piccolo_app for m in modules().values() if m.piccolo_app] + list(CHANNEL_APPS.values())


def tenant_app_names() -> list[str]:
    """The Piccolo apps every tenant schema is migrated with, in order."""
    return [m.name for m in modules().values() if m.piccolo_app] + list(CHANNEL_APPS)


@cache
def catalogue() -> dict[str, Msg]:
    """The one message catalogue: the shared entries, the platform's, and every module's."""
    from server.platform import messages as platform_messages

    # The bot channel sits above orgs: loaded by name, like the modules, so nothing below it imports it.
    bot_messages = importlib.import_module("server.bot.messages")
    groups = [messages.entries(messages, platform_messages, bot_messages)]
    groups += [messages.entries(m.messages) for m in modules().values() if m.messages is not None]
    return messages.catalogue(groups)
