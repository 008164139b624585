"""Pieces every screen and widget of the TUI shares: translated bindings and the
one route from a failed API worker to an error notice."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode
from textual.worker import WorkerState

from tui.i18n import LABELS, t


def localize_bindings(node: DOMNode) -> None:
    """Bindings are declared with label keys as descriptions; show them in the chosen language.

    Starts again from the class's bindings, so switching language twice works."""
    if node._merged_bindings is not None:
        node._bindings = node._merged_bindings.copy()
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [replace(b, description=t(b.description)) if b.description in LABELS else b for b in items]


class Localized:
    """Mixin: translate this node's binding descriptions when it is created."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)  # type: ignore[arg-type]


class ReportsFailures:
    """Mixin: a worker of this node that fails becomes a notice (the app decides which)."""

    def on_worker_state_changed(self, event) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_failure(event.worker.error)  # type: ignore[attr-defined]
