"""Member import (会员导入): pick a CSV or XLSX file, send it in a worker with a
progress bar (bytes sent, then the server checking every row), and show either
the counts written or, when the API refuses the file, every bad row it lists —
a refused file writes nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, DirectoryTree, Input, ProgressBar, Static

from tui import labels as ui
from tui.client import ApiError
from tui.screens.base import AreaScreen, Modal
from tui.screens.orgs import labels as lbl
from tui.screens.orgs.api import ImportResult, OrgsApi
from tui.widgets.search import SearchInput
from tui.widgets.toggles import Tick

SUFFIXES = (".csv", ".xlsx")


class ImportScreen(AreaScreen):
    AREA = "orgs.import"
    HEADING = lbl.IMPORT_TITLE
    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    AUTO_FOCUS = "#import-path"
    BINDINGS = [
        Binding("ctrl+s", "start", lbl.IMPORT_START.id, id="orgs.import.start", priority=True),
        Binding("ctrl+b", "browse", lbl.IMPORT_BROWSE.id, id="orgs.import.browse", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: ImportResult | None = None
        self.refused: ApiError | None = None
        self.running = False

    def body(self) -> ComposeResult:
        yield Static(lbl.IMPORT_HINT(), id="import-hint", markup=False)
        with Horizontal(id="import-row"):
            yield SearchInput(placeholder=lbl.IMPORT_PATH(), id="import-path")
            yield Button(lbl.IMPORT_BROWSE(), id="browse", compact=True)
            yield Tick(lbl.IMPORT_DRY_RUN(), id="dry-run", compact=True)
            yield Button(lbl.IMPORT_START(), id="start", variant="primary", compact=True)
        yield ProgressBar(id="import-progress", show_eta=False)
        yield Static("", id="import-status", markup=False)
        yield DataTable(id="import-errors", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#import-errors", DataTable)
        for key in ("row", "field", "message"):
            table.add_column(lbl.of(lbl.IMPORT_COL_OF, key), key=key)
        table.display = False
        self.query_one("#import-progress", ProgressBar).display = False

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        def picked(path: Path | None) -> None:
            if path is not None:
                field = self.query_one("#import-path", Input)
                field.value = str(path)
                field.focus()

        raw = self.query_one("#import-path", Input).value.strip()
        start = Path(raw).expanduser() if raw else Path.cwd()
        if start.is_file():
            start = start.parent
        if not start.is_dir():
            start = Path.cwd()
        self.app.push_screen(FilePickerModal(start), picked)

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#import-path", Input).value.strip()
        path = Path(raw).expanduser() if raw else None
        if path is None or not path.is_file():
            self.status(lbl.IMPORT_NO_FILE(path=raw or "—"), error=True)
            return
        if path.suffix.lower() not in SUFFIXES:
            self.status(lbl.IMPORT_BAD_SUFFIX(), error=True)
            return
        self.run_import(path, self.query_one("#dry-run", Checkbox).value)

    def status(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#import-status", Static)
        line.update(text)
        line.set_class(error, "error")

    def show_errors(self, rows: Iterable[tuple[str, str, str]]) -> None:
        table = self.query_one("#import-errors", DataTable)
        with self.app.batch_update():
            table.clear()
            for i, cells in enumerate(rows):
                table.add_row(*cells, key=str(i))
            table.display = table.row_count > 0

    @work(exclusive=True, group="import", exit_on_error=False)
    async def run_import(self, path: Path, dry_run: bool) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        self.running = True
        self.result, self.refused = None, None
        self.show_errors([])
        try:
            data = await asyncio.to_thread(path.read_bytes)
            bar.display = True
            bar.update(total=max(len(data), 1), progress=0)
            self.status(lbl.IMPORT_SENDING(name=path.name, size=f"{len(data):,}"))

            def sent(done: int, total: int) -> None:
                bar.update(progress=done)
                if done >= total:  # every byte is out: the server reads and checks the rows now
                    bar.update(total=None)
                    self.status(lbl.IMPORT_CHECKING(name=path.name))

            try:
                result = await OrgsApi.of(self.app).import_members(data, path.name, dry_run=dry_run, sent=sent)
            except ApiError as error:
                bar.display = False
                if error.status != 422:
                    self.status(lbl.IMPORT_FAILED(status=error.status, detail=error.detail), error=True)
                    raise
                self.refused = error
                rows = {e.row for e in error.errors if e.row is not None}
                if error.errors and rows:
                    self.status(lbl.IMPORT_REFUSED(rows=len(rows), problems=len(error.errors)), error=True)
                else:
                    self.status(lbl.IMPORT_REFUSED_FILE(detail=error.detail), error=True)
                self.show_errors(
                    (str(e.row) if e.row is not None else ui.APP_NONE(), e.field, e.message)
                    for e in sorted(error.errors, key=lambda e: (e.row or 0, e.field))
                )
                focus = self.query_one("#import-errors", DataTable)
                if focus.display:
                    focus.focus()
                return
            bar.update(total=1, progress=1)
            self.result = result
            said = lbl.IMPORT_CHECKED if result.dry_run else lbl.IMPORT_DONE
            self.status(
                said(
                    name=path.name,
                    rows=f"{result.rows:,}",
                    created=f"{result.created:,}",
                    updated=f"{result.updated:,}",
                    unchanged=f"{result.unchanged:,}",
                )
            )
        except OSError as error:
            bar.display = False
            self.status(lbl.IMPORT_UNREADABLE(path=str(path), error=str(error)), error=True)
        finally:
            self.running = False


class FilePickerModal(Modal):
    """Browse for a CSV or XLSX file; dismisses with its path (or None)."""

    CSS_PATH = ["../forms.tcss", "orgs.tcss"]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="file-picker", classes="dialog"):
            yield Static(lbl.IMPORT_PICK(), classes="form-title", markup=False)
            yield ImportFiles(self.start, id="files")
            yield Static(lbl.IMPORT_PICK_HINT(), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#files", DirectoryTree).focus()

    @on(DirectoryTree.FileSelected)
    def chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)


class ImportFiles(DirectoryTree):
    """Folders and the files the import reads; hidden entries left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in SUFFIXES)]
