"""Pieces every screen and widget of the TUI shares: translated bindings and the
one route from a failed API worker to an error notice."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from tui.i18n import L, label

if TYPE_CHECKING:
    from textual import getters
    from textual.widget import Widget as _Mixin

    from tui.app import SaishangApp
else:
    _Mixin = object  # at run time a plain mixin: it must not change what Textual sees in the MRO


def localize_bindings(node: DOMNode) -> None:
    """Bindings are declared with label keys as descriptions; show them in the chosen language.

    Starts again from the class's bindings, so switching language twice works."""
    if node._merged_bindings is not None:
        node._bindings = node._merged_bindings.copy()
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [replace(b, description=label(b.description), tooltip=label(b.tooltip)) for b in items]


def bind(
    key: str, action: str, text: L, *, show: bool = True, key_display: str | None = None, priority: bool = False
) -> Binding:
    """A key with its label: the footer and the palette show `text` in the app's language."""
    return Binding(key, action, text.id, show=show, key_display=key_display, priority=priority, id=action)


class SaishangNode(_Mixin):
    """Mixin for the TUI's screens and widgets: `self.app` is the `SaishangApp`, with its client,
    identity and tenant. Only the type checker sees this (a Widget with Textual's own typed
    accessor); at run time it is an empty mixin and `app` is Textual's, so no import cycle, no
    cost, and nothing changes in the widget classes Textual builds."""

    if TYPE_CHECKING:
        app = getters.app(SaishangApp)


class Localized(SaishangNode):
    """Mixin: translate this node's binding descriptions when it is created."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)


class ReportsFailures(SaishangNode):
    """Mixin: a worker of this node that fails becomes a notice (the app decides which)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_failure(event.worker.error)
