"""The one place where modules plug their screens and palette commands into the TUI.

A module registers, once, the screens it brings (each becomes an entry of the
sidebar and of the command palette when the module is on for the tenant being
worked in) and extra palette commands:

    from tui.modules import ScreenEntry, PaletteCommand, register

    register("voice",
             screens=[ScreenEntry("voice.complaints", ("职工诉求", "Complaints"),
                                  lambda app: ComplaintsScreen())],
             commands=[PaletteCommand(("新建诉求", "New complaint"), ("登记一条诉求", "File a complaint"),
                                      lambda app: app.push_screen(NewComplaintModal()))])

A module's screen subclasses `tui.screens.base.AreaScreen` (header, sidebar,
connection banner, footer; `AREA` = the entry id so the sidebar marks it;
`body()` composes the content; `action_refresh()` loads it in a
`@work(exclusive=True, group=..., exit_on_error=False)` worker whose failures
become notices by themselves). It reads the tenant being worked in from
`app.tenant` and calls the API through `app.client` (add methods to
`tui/client.py`). Labels are `(zh-CN, English)` pairs, or keys of `tui/i18n.py`.

A module switched off for the tenant shows nothing: `for_tenant` only returns
the modules the API lists as enabled (and `core`, which is always on). Every
enabled module also gets its figures screen (`/reports/{module}`) for free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import SaishangApp
    from tui.client import ModuleState

Bilingual = tuple[str, str]  # (zh-CN, English)

ALWAYS_ON = "core"


@dataclass(frozen=True)
class ScreenEntry:
    id: str  # unique, "<module>.<screen>"
    title: Bilingual
    factory: Callable[[SaishangApp], Screen]  # builds the screen when it is opened
    roles: frozenset[str] | None = None  # None: every role that can enter the tenant


@dataclass(frozen=True)
class PaletteCommand:
    title: Bilingual
    help: Bilingual
    run: Callable[[SaishangApp], Any]
    roles: frozenset[str] | None = None


@dataclass
class TuiModule:
    name: str
    screens: list[ScreenEntry] = field(default_factory=list)
    commands: list[PaletteCommand] = field(default_factory=list)


_REGISTRY: dict[str, TuiModule] = {}


def register(name: str, *, screens: Iterable[ScreenEntry] = (), commands: Iterable[PaletteCommand] = ()) -> TuiModule:
    """Add a module's screens and commands (calling it again for the same module adds more)."""
    module = _REGISTRY.setdefault(name, TuiModule(name))
    known = {s.id for m in _REGISTRY.values() for s in m.screens}
    for entry in screens:
        if entry.id in known:
            raise ValueError(f"screen id {entry.id!r} is registered twice")
        module.screens.append(entry)
    module.commands.extend(commands)
    return module


def registered() -> dict[str, TuiModule]:
    return dict(_REGISTRY)


def _allowed(roles: frozenset[str] | None, role: str) -> bool:
    return roles is None or role in roles or role == "platform_admin"


def for_tenant(states: Iterable[ModuleState], role: str) -> tuple[list[ScreenEntry], list[PaletteCommand]]:
    """The screens and commands to offer in a tenant whose modules are `states`."""
    states = list(states)
    enabled = [s for s in states if s.enabled]
    names = [ALWAYS_ON] + [s.name for s in enabled]
    screens: list[ScreenEntry] = []
    commands: list[PaletteCommand] = []
    for name in names:
        module = _REGISTRY.get(name)
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
        (f"{state.title_zh} · 统计", f"{state.title_en} · figures"),
        lambda app: ReportScreen(state.name, (state.title_zh, state.title_en)),
    )


def _register_builtin() -> None:
    from tui.screens.activity import ActivityScreen
    from tui.screens.orgs import register_screens as register_orgs
    from tui.screens.welfare import register_screens as register_welfare

    register(
        ALWAYS_ON,
        screens=[
            ScreenEntry(
                "core.activity",
                ("操作日志", "Activity log"),
                lambda app: ActivityScreen(),
                roles=frozenset({"tenant_admin", "auditor"}),
            ),
        ],
    )
    register_orgs()
    register_welfare()

    # Module screens (each package registers its own entries).
    from tui.screens import pairing, voice

    pairing.register()
    voice.register()


_register_builtin()
