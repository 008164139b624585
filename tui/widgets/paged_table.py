"""A DataTable that pages from the server: it holds only the pages seen so far and
fetches the next one when the cursor nears the end, so a log of 10,000+ rows opens
as fast as one of ten and scrolling never waits on more than one page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.i18n import L
from tui.widgets.base import Localized, ReportsFailures

# labels shown by this file (tui.i18n.L)
ACTIVITY_MORE_KEY = L("加载更多", "Load more")


Row = tuple[str, Sequence[object]]  # (row key, cells): DataTable's keys are strings
Fetch = Callable[[str | None], Awaitable[tuple[list[Row], str | None]]]


class PagedTable(Localized, ReportsFailures, DataTable):
    BINDINGS = [
        Binding("ctrl+n", "load_more", ACTIVITY_MORE_KEY.id, id="paged.more", show=False),
    ]
    PREFETCH = 20  # rows before the end at which the next page is asked for

    class PageLoaded(Message):
        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

    def __init__(self, fetch: Fetch, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.fetch = fetch
        self.next_cursor: str | None = None
        self.exhausted = False
        self.pages_loaded = 0
        self.loading = False

    def reset(self, fetch: Fetch | None = None) -> None:
        """Load the first page again; its rows replace those shown when it arrives (a reload
        that fails leaves the table as it was)."""
        if fetch is not None:
            self.fetch = fetch
        self.next_cursor, self.exhausted, self.pages_loaded = None, False, 0
        self.loading = True
        self.load_page(first=True)

    @work(exclusive=True, group="page", exit_on_error=False)
    async def load_page(self, first: bool = False) -> None:
        try:
            if self.exhausted and not first:
                return
            rows, next_cursor = await self.fetch(None if first else self.next_cursor)
        finally:
            self.loading = False
        with self.app.batch_update():
            if first:
                self.clear()
            for key, cells in rows:
                if key not in self.rows:
                    self.add_row(*cells, key=key)
        self.next_cursor = next_cursor
        self.exhausted = next_cursor is None
        self.pages_loaded += 1
        self.post_message(self.PageLoaded(self))

    def more(self) -> None:
        """Ask for the next page unless one is on its way or there is none."""
        if not self.exhausted and not self.loading and self.pages_loaded:
            self.loading = True
            self.load_page()

    def action_load_more(self) -> None:
        self.more()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.row_count - self.cursor_row <= self.PREFETCH:
            self.more()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if new >= self.max_scroll_y - self.PREFETCH:
            self.more()
