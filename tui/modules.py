"""The TUI's module catalogue: every screen package's `MODULE` (tui/kit/contract.py), found
by name under `tui/screens/<module>/module.py`, plus the frame's own `core` screens.

A module switched off for the tenant shows nothing: `for_tenant` only returns the modules
the API lists as enabled (and `core`, which is always on). Every enabled module also gets
its figures screen (`/reports/{module}`) for free. How to add a module's screens:
tui/README.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import tui.screens
from tui.i18n import L
from tui.kit.contract import PaletteCommand, ScreenEntry, TuiModule

if TYPE_CHECKING:
    from tui.client import ModuleState

ALWAYS_ON = "core"
AUDIT_ROLES = frozenset({"tenant_admin", "auditor"})


def _activity(app):
    from tui.screens.activity import ActivityScreen

    return ActivityScreen()


def _rollup(app):
    from tui.screens.region.dashboard import RegionScreen

    return RegionScreen(rollup=True)


def _nominations(app):
    from tui.screens.region.board import ReviewBoard

    return ReviewBoard(panel=False)


CORE = TuiModule(
    ALWAYS_ON,
    screens=[
        ScreenEntry("core.activity", L("操作日志", "Activity log"), _activity, AUDIT_ROLES),
        # the region's, inside a tenant: its rollup (itself and the tenants under it) and its nominations
        ScreenEntry(
            "core.rollup", L("本会及下级统计", "Figures with those below"), _rollup, frozenset({"tenant_admin"})
        ),
        ScreenEntry("core.review", L("创新项目申报", "Innovation nominations"), _nominations, AUDIT_ROLES),
    ],
)


@cache
def registered() -> dict[str, TuiModule]:
    """Every module's declaration, by name (each package's `module.py`, imported once)."""
    found = {ALWAYS_ON: CORE}
    for info in pkgutil.iter_modules(tui.screens.__path__):
        if not info.ispkg:
            continue
        try:
            declared = importlib.import_module(f"tui.screens.{info.name}.module")
        except ModuleNotFoundError as exc:
            if exc.name != f"tui.screens.{info.name}.module":
                raise
            continue
        module: TuiModule = declared.MODULE
        found[module.name] = module
    ids = [s.id for m in found.values() for s in m.screens]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"screen ids declared twice: {duplicates}")
    return found


def _allowed(roles: frozenset[str] | None, role: str) -> bool:
    return roles is None or role in roles or role == "platform_admin"


def for_tenant(states: Iterable[ModuleState], role: str) -> tuple[list[ScreenEntry], list[PaletteCommand]]:
    """The screens and commands to offer in a tenant whose modules are `states`."""
    states = list(states)
    enabled = [s for s in states if s.enabled]
    names = [ALWAYS_ON] + [s.name for s in enabled]
    catalogue = registered()
    screens: list[ScreenEntry] = []
    commands: list[PaletteCommand] = []
    for name in names:
        module = catalogue.get(name)
        if module is not None:
            screens += [s for s in module.screens if _allowed(s.roles, role)]
            commands += [c for c in module.commands if _allowed(c.roles, role)]
    if role != "worker":
        screens += [figures_entry(s) for s in enabled]
    return screens, commands


def figures_entry(state: ModuleState) -> ScreenEntry:
    from tui.screens.report import ReportScreen

    return ScreenEntry(
        f"{state.name}.figures",
        L(state.title_zh, state.title_en),  # listed under the sidebar's "Figures" section
        lambda app: ReportScreen(state.name, (state.title_zh, state.title_en)),
    )
