"""What a screen package declares: its module's screens and palette commands.

Each package `tui/screens/<module>/module.py` holds one `MODULE = TuiModule(...)`, named
after the server's module (its screens show when that module is on for the tenant).
`tui/modules.py` finds the packages by name and reads their `MODULE`; no package imports
`tui.modules` (one direction, as the server's `registry.CATALOG` reads each `MODULE`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.i18n import L

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import SaishangApp


@dataclass(frozen=True)
class ScreenEntry:
    id: str  # unique, "<module>.<screen>": the sidebar marks it, `app.open_area(id)` opens it
    title: L
    factory: Callable[[SaishangApp], Screen]  # builds the screen when it is opened
    roles: frozenset[str] | None = None  # None: every role that can enter the tenant


@dataclass(frozen=True)
class PaletteCommand:
    title: L
    help: L
    run: Callable[[SaishangApp], Any]
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class TuiModule:
    name: str  # the server module's name
    screens: Sequence[ScreenEntry] = ()
    commands: Sequence[PaletteCommand] = ()
    # The palette's search (`/search`) opens a found record of a kind (`members`) by its id here.
    finds: Mapping[str, Callable[[SaishangApp, int], Awaitable[Screen]]] = field(default_factory=dict)
