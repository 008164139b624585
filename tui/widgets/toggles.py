"""On and off shown by a mark, not by colour alone: a checkbox and a selection list whose
button holds ✓ when on and stays empty when off (Textual's show the same X either way)."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

ON = "✓"
OFF = " "


class Tick(Checkbox):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = ON if self.value else OFF

    def watch_value(self) -> None:
        self.BUTTON_INNER = ON if self.value else OFF
        super().watch_value()
        self.refresh()


class TickList(SelectionList[Any]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset[1] + y
        if len(segments) < 2 or index >= self.option_count:
            return strip
        selected = self.get_option_at_index(index).value in self._selected
        inner = segments[1]
        segments[1] = Segment(ON if selected else OFF, inner.style, inner.control)
        return Strip(segments, strip.cell_length)
