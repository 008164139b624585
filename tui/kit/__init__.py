"""The TUI kit every module's screens are built on (tui/README.md is its floor plan):

- `tui.kit.api`: `ModuleApi` (the one `_get/_send/_page`), `Record` (a server record,
  named after its OpenAPI component), `Page[T]`;
- `tui.kit.listing`: `ListScreen` and `Column` (paged table, open, mark rows for bulk work);
- `tui.kit.form`: `FormModal` and `Field` (the API's field errors shown next to the field);
- `tui.kit.contract`: `TuiModule`, `ScreenEntry`, `PaletteCommand` (what a package declares);
- labels: `tui.i18n.L(zh, en)` next to the screen; keys: `tui.widgets.base.bind`.
"""
