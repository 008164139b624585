"""The edge: one check every API request passes before its handler sees it (issue 13).

- No text anywhere (path, query, JSON keys and values) holds a NUL or a lone UTF-16
  surrogate: PostgreSQL stores neither.
- JSON nests at most `MAX_DEPTH` levels (msgspec would recurse until Python gives up).
- A JSON body is decoded *strictly* against the handler's `data` type: Litestar converts
  leniently (`"100"` becomes 100), the API's rules say money and ids are numbers.
- Numbers are finite, dates lie in 1900..2100, a path's ids and texts keep their declared bounds
  (`server.infra.params`: an id from 1, a slug up to 32 characters).

Each refusal is a 422 naming the field, raised as Litestar's own `ValidationException` so
it has the same shape as every other validation error (see `server.infra.problems`).
It runs as a guard (`refuse_bad_input`): guards run before Litestar parses the parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import weakref
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import ParameterKwarg

from server import messages
from server.infra.types import DATE_MAX_YEAR, DATE_MIN_YEAR, ID_MAX

MAX_DEPTH = 32
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_AT = re.compile(r"- at `\$(.*)`$")
_JSON = re.compile(r"^application/([\w.+-]*\+)?json\b")


class _Refused(Exception):
    def __init__(self, field: str, message: messages.Msg, **params: Any):
        self.field, self.message, self.params = field, message, params


def _text(field: str, value: str) -> None:
    if (bad := _BAD_TEXT.search(value)) is not None:
        raise _Refused(field, messages.NUL_CHARACTER if bad.group() == "\x00" else messages.LONE_SURROGATE)


def _join(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _walk(field: str, value: Any, depth: int = 0) -> None:
    """Every string, number and date under `value`, raw JSON or a decoded Struct."""
    if depth > MAX_DEPTH:
        raise _Refused(field or "body", messages.TOO_DEEP, limit=MAX_DEPTH)
    if isinstance(value, str):
        _text(field or "body", value)
    elif isinstance(value, bool | int):
        return
    elif isinstance(value, float | Decimal):
        if not math.isfinite(value):
            raise _Refused(field or "body", messages.NOT_FINITE)
    elif isinstance(value, dt.date):  # datetimes too
        if not DATE_MIN_YEAR <= value.year <= DATE_MAX_YEAR:
            raise _Refused(field or "body", messages.YEAR_RANGE, low=DATE_MIN_YEAR, high=DATE_MAX_YEAR)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                _text(_join(field, k), k)
            _walk(_join(field, str(k)), v, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, v in enumerate(value):
            _walk(_join(field, i), v, depth + 1)
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            _walk(_join(field, name), getattr(value, name), depth + 1)


def _parse_json(body: bytes) -> Any:
    """The body as plain JSON values; None when it is not JSON (Litestar answers that 400)."""
    try:
        return msgspec.json.decode(body)
    except RecursionError:
        raise _Refused("body", messages.TOO_DEEP, limit=MAX_DEPTH) from None
    except msgspec.DecodeError:
        pass
    try:  # msgspec refuses lone surrogates (and NaN) as malformed; the standard parser lets us name the field
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _data_type(handler: BaseRouteHandler) -> Any:
    field = handler.parsed_fn_signature.parameters.get("data")
    return None if field is None else field.annotation


_MISSING = re.compile(r"missing required field `([^`]+)`")


# msgspec's words for a bound of `server.infra.types`: `Expected `int` <= 100`, `Expected `str` of length <= 200`.
_BOUND = re.compile(r"^Expected `(int|float|str|array|object)`(?: of length)? (>=|<=|>|<) (-?\d+)")


def bound(message: str) -> tuple[messages.Msg, dict[str, Any]] | None:
    """The bound msgspec refused, as a catalogue message and its parameters (the client reads it in
    their language); None for any other refusal."""
    found = _BOUND.match(message)
    if found is None:
        return None
    kind, op, number = found.group(1), found.group(2), int(found.group(3))
    if kind in ("int", "float"):
        step = 1 if kind == "int" and op in (">", "<") else 0  # an int above 0 is at least 1
        if op in (">=", ">"):
            return messages.AT_LEAST, {"low": number + step}
        return messages.AT_MOST, {"high": number - step}
    if op not in (">=", "<="):
        return None  # msgspec bounds a length with >= and <= only
    if kind == "str" and op == "<=":
        return messages.TOO_LONG, {"limit": number}
    if kind == "str":
        return (messages.EMPTY, {}) if number == 1 else (messages.TOO_SHORT, {"low": number})
    return (messages.TOO_MANY, {"limit": number}) if op == "<=" else (messages.TOO_FEW, {"low": number})


def _strict(value: Any, annotation: Any) -> Any:
    """Decode as the API's rules say (no strings for numbers). None when even Litestar's lenient
    conversion fails: then Litestar's own validation error answers, as it always did, except for
    a bound (a number past its range, a text or a list too long), refused here in the client's
    language and named by its place (Litestar names a list body's field `data`, nothing more)."""
    try:
        typed = msgspec.convert(value, type=annotation, strict=False)
    except msgspec.ValidationError as exc:
        at = _AT.search(str(exc))
        said = bound(_AT.sub("", str(exc)).strip())
        if at is None or said is None:
            return None
        raise _Refused(at.group(1).lstrip(".") or "body", said[0], **said[1]) from None
    except (TypeError, ValueError):
        return None
    try:
        return msgspec.convert(value, type=annotation, strict=True)
    except msgspec.ValidationError as exc:
        message = str(exc)
        at = _AT.search(message)
        path = at.group(1).lstrip(".") if at else ""
        if missing := _MISSING.search(message):
            path = _join(path, missing.group(1))
        raise _Refused(path or "body", messages.FIELD_INVALID, reason=_AT.sub("", message).strip()) from None
    except (TypeError, ValueError):
        return typed


def _is_date(annotation: Any) -> bool:
    if get_origin(annotation) is Union or type(annotation).__name__ == "UnionType":
        return any(_is_date(a) for a in get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, dt.date)


_declared: weakref.WeakKeyDictionary[BaseRouteHandler, dict[str, ParameterKwarg | None]] = weakref.WeakKeyDictionary()


def _declaration(handler: BaseRouteHandler, name: str) -> ParameterKwarg | None:
    """The `Parameter` a path parameter is declared with (`server.infra.params`): by the handler,
    else by a dependency it takes (the tenant's slug is `provide_scope`'s). Looked up once a route."""
    known = _declared.setdefault(handler, {})
    if name not in known:
        fields = [handler.parsed_fn_signature.parameters.get(name)]
        fields += [p.parsed_fn_signature.parameters.get(name) for p in handler.resolve_dependencies().values()]
        kwargs = [f.kwarg_definition for f in fields if f is not None]
        known[name] = next((k for k in kwargs if isinstance(k, ParameterKwarg)), None)
    return known[name]


def _path(handler: BaseRouteHandler, name: str, value: Any) -> None:
    """A path parameter within its declared bound, refused as the document states it (an id from 1,
    a slug up to 32 characters); an integer nobody bounded still fits a PostgreSQL integer."""
    declared = _declaration(handler, name)
    if isinstance(value, str):
        _text(name, value)
        if declared is not None and declared.max_length is not None and len(value) > declared.max_length:
            raise _Refused(name, messages.TOO_LONG, limit=declared.max_length)
    elif isinstance(value, int) and not isinstance(value, bool):
        low = declared.ge if declared is not None and declared.ge is not None else 0
        high = declared.le if declared is not None and declared.le is not None else ID_MAX
        if not low <= value <= high:
            raise _Refused(name, messages.BETWEEN, low=int(low), high=int(high))


async def _check(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    for name, value in connection.path_params.items():
        _path(handler, name, value)
    params = handler.parsed_fn_signature.parameters
    for name, value in connection.query_params.multi_items():
        _text(name, name)
        _text(name, value)
        field = params.get(name)
        if field is not None and _is_date(field.annotation):
            try:
                _walk(name, msgspec.convert(value, type=dt.date if len(value) <= 10 else dt.datetime))
            except msgspec.ValidationError:
                pass  # not a date: Litestar says so
    if not isinstance(connection, Request) or connection.method not in ("POST", "PUT", "PATCH"):
        return
    if not _JSON.match(connection.headers.get("content-type", "application/json")):
        return
    body = await connection.body()
    if not body.strip():
        return
    value = _parse_json(body)
    if value is None:
        return
    _walk("", value)
    annotation = _data_type(handler)
    if annotation is not None:
        typed = _strict(value, annotation)
        if typed is not None:
            _walk("", typed)


async def refuse_bad_input(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The guard: a 422 naming the field for any input the edge refuses."""
    try:
        await _check(connection, handler)
    except _Refused as refused:
        lang = messages.negotiate(connection.headers.get("accept-language"))
        text = refused.message.render(lang, refused.params)
        raise ValidationException(
            detail=f"{refused.field}: {text}",
            extra=[{"key": refused.field, "message": text, "source": "body"}],
        ) from None
