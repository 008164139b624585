"""A figure's value as a reader reads it, from its raw number and unit (money in fen, shares
between 0 and 1): the region's answer carries no text, only the values and their labels."""

from __future__ import annotations

from tui.client import FigureLabel
from tui.screens.region import labels as lbl


def shown(value: int | float | None, label: FigureLabel | None) -> str:
    if value is None:
        return "—"
    unit = label.unit if label is not None else "count"
    if unit == "fen":
        return f"¥{value / 100:,.2f}"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if unit == "flag":
        return str(lbl.YES if value else lbl.NO)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"
