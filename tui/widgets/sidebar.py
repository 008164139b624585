"""The sidebar: one entry per area the signed-in user may open, grouped by section."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.i18n import fit
from tui.widgets.base import SaishangNode


class Sidebar(SaishangNode, OptionList):
    """Lists `app.areas()`; choosing one opens it. Section titles are disabled options."""

    MIN_WIDTH, MAX_WIDTH = 20, 34  # cells: as wide as the longest label, within these

    def __init__(self, current: str | None) -> None:
        super().__init__(id="sidebar")
        self.current = current

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.clear_options()
        areas = self.app.areas()
        # Fit the labels: entries are indented one cell, and the border, padding and scrollbar take 4.
        needed = max([cell_len(a.title) + 5 for a in areas] + [cell_len(a.section) + 4 for a in areas], default=0)
        width = max(self.MIN_WIDTH, min(needed, self.MAX_WIDTH))
        self.styles.width = width
        section = None
        for area in areas:
            if area.section != section:
                section = area.section
                self.add_option(Option(fit(section, width - 4), id=f"section:{section}", disabled=True))
            self.add_option(Option(" " + fit(area.title, width - 5), id=area.id))
        if self.current is not None:
            try:
                self.highlighted = self.get_option_index(self.current)
            except Exception:
                pass

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != self.current:
            self.app.navigate(self.app.open_area(event.option.id))
