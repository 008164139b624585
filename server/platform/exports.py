"""Every list and every report exports to XLSX (issue 20, "take it away"), one way for all.

`siblings(controllers)` makes, for each paged list route `GET …/things` (a handler answering
`Page[T]`), a route `GET …/things/export` with the same filters, guards and tenant scope: it
reads every page through the list handler itself (so the officer's subtree, the filters and the
order are the list's own) and writes them with the one writer, `server.infra.sheets` (text is
never a formula). A report route (a handler answering a struct with `figures`) gets the same
sibling, its figures one per row. A module adds nothing; the app factory mounts the siblings
beside the controllers. A route that already has its own `/export` (orgs and members: CSV and
importable columns) keeps it.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import sys
import typing
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, get
from litestar.handlers import HTTPRouteHandler
from litestar.response import Stream

from server.infra import sheets
from server.infra.pagination import Page, drain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SKIP = ("self", "limit", "cursor")
LOCAL = ZoneInfo("Asia/Shanghai")


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers, dates and texts as they are, the rest as JSON text."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(LOCAL).replace(tzinfo=None)  # XLSX has no time zones: China's clock
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    return msgspec.json.encode(value).decode()


def table(items: Iterable[Any], kind: type) -> tuple[list[str], list[list[Any]]]:
    """A header of the struct's fields and a row per item."""
    names = [f.name for f in msgspec.structs.fields(kind)]
    return names, [[cell(getattr(item, n, None)) for n in names] for item in items]


def flatten(value: Any, prefix: str = "") -> list[list[Any]]:
    """(name, value) rows of a nested record: `figures.by_kind.holiday_relief  120`."""
    data = msgspec.to_builtins(value)
    rows: list[list[Any]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.items():
                walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list) and any(isinstance(x, (dict, list)) for x in node):
            for i, sub in enumerate(node, start=1):
                walk(sub, f"{path}[{i}]")
        else:
            rows.append([path, cell(node) if not isinstance(node, list) else ", ".join(map(str, node))])

    walk(data, prefix)
    return rows


def _hints(fn: Any) -> dict[str, Any] | None:
    try:
        return typing.get_type_hints(fn, globalns=vars(sys.modules[fn.__module__]), include_extras=True)
    except NameError:  # a name imported for type checking only: such a route is not mirrored
        return None


def _paged_item(hints: dict[str, Any]) -> type | None:
    ret = hints.get("return")
    if typing.get_origin(ret) is Page or (isinstance(ret, type) and issubclass(ret, Page)):
        args = typing.get_args(ret)
        return args[0] if args else None
    return None


def _is_report(hints: dict[str, Any]) -> bool:
    ret = hints.get("return")
    return isinstance(ret, type) and issubclass(ret, msgspec.Struct) and "figures" in ret.__struct_fields__


def _listed(controller: type[Controller], name: str) -> list[Any]:
    """A controller's class-level list (`guards`, `tags`); unset, it is a slot, not a list."""
    value = getattr(controller, name, None)
    return list(value) if isinstance(value, (list, tuple)) else []


def _join(*parts: str) -> str:
    return "/" + "/".join(p.strip("/") for p in parts if p.strip("/"))


def _sibling(controller: type[Controller], handler: HTTPRouteHandler, path: str) -> HTTPRouteHandler | None:
    fn = handler.fn
    hints = _hints(fn)
    if hints is None:
        return None
    item = _paged_item(hints)
    report = item is None and _is_report(hints)
    if item is None and not report:
        return None
    signature = inspect.signature(fn)
    kept = [p for name, p in signature.parameters.items() if name not in SKIP]
    title = path.strip("/").replace("/", "-").replace("{", "").replace("}", "").split(":")[0] or "export"

    async def export(**kwargs: Any) -> Stream:
        # The pages are read by the list handler, each in its own scope; the workbook is written
        # off the event loop (sheets.download), so a long list never holds up other requests.
        if report:
            out = await fn(None, **kwargs)
            sheet = sheets.Sheet(title, ["figure", "value"], flatten(out))
        else:
            items = await drain(lambda cursor: fn(None, **kwargs, limit=500, cursor=cursor))
            headers, rows = table(items, item)  # type: ignore[arg-type]
            sheet = sheets.Sheet(title, headers, rows)
        return await sheets.download("xlsx", title, sheet)

    export.__name__ = export.__qualname__ = f"{fn.__name__}_export"
    export.__module__ = fn.__module__
    export.__doc__ = (
        f"{handler.summary or fn.__name__}, every page, as an XLSX workbook (text cells are never formulas)."
        if not report
        else f"{handler.summary or fn.__name__}: the figures as an XLSX workbook, one figure per row."
    )
    export.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=kept, return_annotation=Stream
    )
    export.__annotations__ = {p.name: hints[p.name] for p in kept if p.name in hints} | {"return": Stream}
    return get(
        path,
        guards=[*_listed(controller, "guards"), *(handler.guards or [])],
        tags=_listed(controller, "tags"),
        summary=f"{handler.summary or fn.__name__} (XLSX)",
        media_type=XLSX,
    )(export)


def siblings(controllers: Iterable[type[Controller]]) -> list[HTTPRouteHandler]:
    """The `/export` route of every paged list and every report among these controllers."""
    out: list[HTTPRouteHandler] = []
    for controller in controllers:
        handlers = [v for v in vars(controller).values() if isinstance(v, HTTPRouteHandler)]
        path_value = getattr(controller, "path", "/")
        base = path_value if isinstance(path_value, str) else "/"
        taken = {_join(base, p) for h in handlers for p in h.paths}
        for handler in handlers:
            if "GET" not in handler.http_methods:
                continue
            for path in handler.paths:
                target = _join(base, path, "export")
                if target in taken:
                    continue
                made = _sibling(controller, handler, target)
                if made is not None:
                    out.append(made)
                    taken.add(target)
    return out
