"""The modules' parts of the bot (`Module.bot`), as the channel sees them: which modules a
tenant has on, their commands for `/help` and the menu, their notices and link hooks."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from server.modules import registry
from server.modules.contract import BotCommand, BotPart
from server.platform import service as platform


def all_parts() -> dict[str, BotPart]:
    """Every module with a part in the bot, in the catalogue's order."""
    return {name: m.bot for name, m in registry.modules().items() if m.bot is not None}


async def modules_on(tenant: str) -> frozenset[str]:
    """The modules the tenant has on (unknown or disabled tenants answer 404)."""
    found = await platform.active_tenant(tenant)
    return frozenset(name for name in registry.modules() if platform.module_enabled(found, name))


def enabled(modules: Iterable[str]) -> dict[str, BotPart]:
    on = set(modules)
    return {name: part for name, part in all_parts().items() if name in on}


def commands(modules: Iterable[str]) -> list[BotCommand]:
    """The commands of the modules that are on, in the catalogue's order."""
    return [c for part in enabled(modules).values() for c in part.commands]


def load(path: str) -> Any:
    """`package.module:name` -> the object (a router, or a function building one)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
