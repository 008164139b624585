"""Form rows: a label beside a compact field, its problem (from the API's errors[]) below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label, Static


def field_row(label: str, widget: Widget, name: str | None = None) -> ComposeResult:
    """Yields into a two-column grid (`.form-grid`): label, field, then a full-width error line."""
    yield Label(label, classes="field-label")
    yield widget
    if name:
        error = Static("", id=f"{name}-error", classes="field-error", markup=False)
        error.display = False
        yield error


def show_error(owner: Widget, name: str, message: str) -> None:
    error = owner.query_one(f"#{name}-error", Static)
    error.update(message)
    error.display = bool(message)
