"""Table helpers: refresh a DataTable by diffing rows, so the cursor stays put."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.widgets import DataTable


def sync_rows(table: DataTable, rows: Mapping[str, Sequence[object]]) -> None:
    """Make `table` show exactly `rows` (key -> cells, in order), touching only what changed.

    Call inside `app.batch_update()` so the screen repaints once.
    """
    columns = list(table.columns)
    present = {row_key.value for row_key in table.rows if row_key.value is not None}
    for key in present - set(rows):
        table.remove_row(key)
    for key, cells in rows.items():
        if key in present:
            for column, old, new in zip(columns, table.get_row(key), cells):
                if old != new:
                    table.update_cell(key, column, new)
        else:
            table.add_row(*cells, key=key)
    if [r.key.value for r in table.ordered_rows] != list(rows):
        # A row was added in the middle: rebuild in the server's order, keeping the cursor's row.
        current = selected_key(table)
        table.clear()
        for key, cells in rows.items():
            table.add_row(*cells, key=key)
        if current is not None and current in rows:
            table.move_cursor(row=table.get_row_index(current))


def selected_key(table: DataTable) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    try:
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    except Exception:  # the cursor is outside the rows
        return None
    return row_key.value
