"""A list screen to build on: declare the columns and how to fetch a page; the kit pages
through the API as the cursor moves (`PagedTable`), counts the rows, keeps the records
behind the rows, opens the highlighted one on Enter, and — with `MARKS = True` — lets the
officer mark rows with the space bar for a bulk action (`self.marked()`).

    class CampaignsScreen(ListScreen[Campaign]):
        AREA = "welfare.campaigns"
        HEADING = L("救助活动", "Relief campaigns")
        COLUMNS = (
            Column("name", L("名称", "Name"), lambda c: c.name, width=30),
            Column("budget", L("预算（元）", "Budget (¥)"), lambda c: yuan(c.budget_fen)),
        )
        BINDINGS = [bind("n", "new", L("新建", "New"))]

        async def page(self, cursor: str | None) -> Page[Campaign]:
            return await WelfareApi.of(self.app).campaigns(cursor=cursor)

        def open(self, campaign: Campaign) -> None:
            self.app.push_screen(CampaignScreen(campaign), self.refreshed)

Ctrl+S saves the list as XLSX (`export_list`): the API's `…/export` sibling of the list the
first page came from, with the same filters (the page's `source`, recorded by
`ModuleApi._page`), into the export folder; a notice names the file. A list whose pages do
not come from `ModuleApi._page` has no source and does not offer it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, cast

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from tui.i18n import L, fit
from tui.kit.api import Listing, Page, save_export
from tui.screens.base import AreaScreen
from tui.widgets.base import SaishangNode, bind
from tui.widgets.paged_table import PagedTable, Row
from tui.widgets.tables import selected_key

T = TypeVar("T")

COUNT = L("共 {count} 项", "{count} shown")
COUNT_MARKED = L("共 {count} 项，已选 {marked} 项", "{count} shown, {marked} marked")
NONE_SELECTED = L("请先选中一行", "Select a row first")
MARK = L("选中/取消", "Mark")
MARKED = "✓"  # a mark, not a colour: it reads the same on a monochrome terminal
EXPORT = L("导出 Excel", "Export XLSX")
EXPORTING = L("正在导出…", "Exporting…")
EXPORTED = L("已导出到 {path}", "Exported to {path}")
EXPORT_NOT_SAVED = L("文件未能保存：{error}", "The file could not be saved: {error}")


async def export_with_notice(node: SaishangNode, path: str, *, name: str | None = None, **params: Any) -> None:
    """Save an export (`save_export`) and say where it went; a disk that refuses it is a
    notice too (the API's and the connection's failures are the worker's, as everywhere)."""
    node.app.notify(str(EXPORTING), markup=False, timeout=3)
    try:
        saved = await save_export(node.app, path, name=name, **params)
    except OSError as exc:
        node.app.notify(EXPORT_NOT_SAVED(error=str(exc)), severity="error", markup=False, timeout=10)
        return
    node.app.notify(EXPORTED(path=str(saved)), markup=False, timeout=10)


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str
    label: L
    cell: Callable[[T], object]
    width: int | None = None  # cut longer texts to this many cells (Chinese counts twice)
    fixed: bool = False  # exactly `width` wide (or its header's), so a filter or a page never moves it


class ListScreen(AreaScreen, Generic[T]):
    DEFAULT_CSS = """
    ListScreen .list-filters { height: auto; margin-bottom: 1; }
    ListScreen .list-filters Input { width: 26; margin-right: 1; }
    ListScreen .list-filters Select { width: 30; margin-right: 1; }
    """
    HEADING: ClassVar[L]
    COLUMNS: ClassVar[Sequence[Column[Any]]] = ()
    MARKS: ClassVar[bool] = False
    # Ctrl+S saves the list through its `…/export` sibling. False where the route at `…/export`
    # does not take the list's filters (none today: members' and orgs' own importable exports do).
    EXPORTS: ClassVar[bool] = True
    BINDINGS = [bind("space", "mark", MARK, key_display="␣"), bind("ctrl+s", "export", EXPORT)]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, T] = {}
        self.marks: set[str] = set()
        self.source: Listing | None = None  # the list shown, as the first page was asked for

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark" and not self.MARKS:
            return False  # a list without bulk actions does not offer marking
        if action == "export" and (self.source is None or not self.EXPORTS):
            return False  # not loaded yet, or not a list the API exports
        return super().check_action(action, parameters)

    # --- what a list declares ----------------------------------------------------------------

    async def page(self, cursor: str | None) -> Page[T]:
        raise NotImplementedError

    def key(self, record: T) -> str:
        return str(cast(Any, record).id)

    def open(self, record: T) -> None:
        """Enter on a row (override)."""

    def filters(self) -> ComposeResult:
        """Inputs above the table, in a row (override): each named by the API's filter it
        sets (`SearchInput(id="q")`, `Select(id="status")`). The list reloads when one is
        submitted or chosen; `self.filter_values()` reads them as the API's parameters."""
        yield from ()

    def filter_values(self) -> dict[str, Any]:
        """The filters as query parameters: the stripped text or the choice, None when empty."""
        out: dict[str, Any] = {}
        for widget in self.query(".list-filters Input, .list-filters Select"):
            if isinstance(widget, Select) and widget.id:
                out[widget.id] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input) and widget.id:
                out[widget.id] = widget.value.strip() or None
        return out

    @on(Input.Submitted, ".list-filters Input")
    @on(Select.Changed, ".list-filters Select")
    def filter_changed(self) -> None:
        self.action_refresh()

    # --- the frame ---------------------------------------------------------------------------

    def heading(self) -> str:
        return str(self.HEADING)

    def body(self) -> ComposeResult:
        with Horizontal(classes="list-filters"):
            yield from self.filters()
        yield PagedTable(self.fetch, id="list")
        yield Static("", id="count", markup=False)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#list", PagedTable)

    def on_mount(self) -> None:
        # Textual calls each class's own `on_mount` along the MRO (AreaScreen's loads the first
        # page after this): a subclass's `on_mount` must not call `super().on_mount()`.
        if self.MARKS:
            self.table.add_column(" ", key="_mark", width=1)
        for column in self.COLUMNS:
            label = str(column.label)
            width = max(column.width, cell_len(label)) if column.fixed and column.width else None
            self.table.add_column(label, key=column.key, width=width)

    def cells(self, record: T) -> list[object]:
        out: list[object] = [MARKED if self.key(record) in self.marks else " "] if self.MARKS else []
        for column in self.COLUMNS:
            value = column.cell(record)
            text = "—" if value is None else value if not isinstance(value, str) else value
            out.append(fit(text, column.width) if column.width and isinstance(text, str) else text)
        return out

    async def fetch(self, cursor: str | None) -> tuple[list[Row], str | None]:
        page = await self.page(cursor)
        if cursor is None:  # the first page: it replaces what was shown (a failed reload keeps that)
            self.records.clear()
            self.marks.clear()
            self.source = page.source
            self.refresh_bindings()
        rows: list[Row] = []
        for record in page.items:
            key = self.key(record)
            self.records[key] = record
            rows.append((key, self.cells(record)))
        return rows, page.next_cursor

    def action_refresh(self) -> None:
        self.table.reset()

    @work(exclusive=True, group="list-export", exit_on_error=False)
    async def action_export(self) -> None:
        """Save the list as shown (its filters, every page) as XLSX."""
        if self.source is not None and self.EXPORTS:
            await export_with_notice(self, self.source.path, **self.source.params)

    def refreshed(self, _result: object = None) -> None:
        """A callback for a modal: whatever it changed, show the list again."""
        self.action_refresh()

    @on(PagedTable.PageLoaded)
    def count(self, event: PagedTable.PageLoaded) -> None:
        self.show_count()

    def show_count(self) -> None:
        count = self.table.row_count
        text = COUNT_MARKED(count=count, marked=len(self.marks)) if self.marks else COUNT(count=count)
        self.query_one("#count", Static).update(text)

    # --- the highlighted row and the marked ones ---------------------------------------------

    def current(self) -> T | None:
        key = selected_key(self.table)
        return self.records.get(key) if key is not None else None

    def selected(self) -> T | None:
        """The highlighted record; a notice when there is none."""
        record = self.current()
        if record is None:
            self.notify(str(NONE_SELECTED), severity="warning", markup=False)
        return record

    def marked(self) -> list[T]:
        """The marked records, in the table's order; the highlighted one when none is marked."""
        if not self.marks:
            record = self.selected()
            return [record] if record is not None else []
        order = [row.key.value for row in self.table.ordered_rows]
        return [self.records[k] for k in order if k in self.marks and k in self.records]

    def action_mark(self) -> None:
        key = selected_key(self.table)
        if key is None or not self.MARKS:
            return
        self.marks.symmetric_difference_update({key})
        self.table.update_cell(key, "_mark", MARKED if key in self.marks else " ")
        self.table.move_cursor(row=self.table.cursor_row + 1)
        self.show_count()

    @on(PagedTable.RowSelected, "#list")
    def opened(self) -> None:
        record = self.current()
        if record is not None:
            self.open(record)
