"""What the OpenAPI document says beyond the handlers' signatures (issue 20, "the API teaches").

`finish(app)` runs once in the app factory, before the document is first built:

- every operation has a description: the handler's docstring, else its summary, followed by who
  may call it (read from its guards), which module must be on, and how its pages are read;
- operations that authenticate declare the bearer scheme (`components.securitySchemes.bearer`),
  so the docs page's Authorize button sends the token;
- the errors are documented as what they are: `application/problem+json` bodies (RFC 9457)
  with the project's `code` and field `errors`;
- every request body and every JSON answer carries an example, built from its own schema
  (`example_of`): the bounds of the schema hold, and ids, dates and money look like the real ones;
- a bounded type of `server.infra.types` says its bounds wherever it sits (`MetaSchemaPlugin`):
  Litestar reads msgspec's `Meta` only on a Struct's own field, so the items of `list[Id]` and
  the values of `dict[str, Fen]` came out as bare integers although msgspec enforced them.

Litestar's own `create_examples` was tried first: polyfactory fills lists up to their `max_length`
(a restructuring plan may hold 20,000 moves) and texts up to 4,000 characters, so the document
took minutes to build and its examples ran to megabytes.
"""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Components, Example, OpenAPIMediaType, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from server.infra.problems import PROBLEM_JSON, Problem
from server.infra.sheets import CSV, XLSX
from server.platform import auth

BEARER = "bearer"
EXAMPLE_TENANT = "yinchuan"
PAGE_NOTE = (
    "Paged: at most `limit` items (1–500, default 50) in `items`; while `next_cursor` is not null, "
    "send it back as `cursor` for the next page."
)

_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "Bad request", "The request could not be read (malformed JSON, a wrong content type)."),
    401: ("unauthorized", "Unauthorized", "No token, or the token is unknown, expired or revoked."),
    403: ("role_forbidden", "Forbidden", "The token's role may not do this, or the record is outside its org subtree."),
    404: ("not_found", "Not found", "No such record, tenant, or the tenant has this module off."),
    409: ("conflict", "Conflict", "The record's state forbids this now (already applied, a duplicate, a lock)."),
    422: ("invalid_input", "Invalid input", "A field is missing or wrong; `errors` names each field."),
}


def config(**kwargs: Any) -> OpenAPIConfig:
    """The OpenAPI configuration with the bearer scheme declared."""
    return OpenAPIConfig(
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="An API token (`saishang token create`, or the TUI's tokens screen).",
                )
            }
        ),
        use_handler_docstrings=True,
        **kwargs,
    )


_KINDS = {int: OpenAPIType.INTEGER, float: OpenAPIType.NUMBER, str: OpenAPIType.STRING, Decimal: OpenAPIType.STRING}


class MetaSchemaPlugin(OpenAPISchemaPlugin):
    """An `int`, `float` or `str` annotated with msgspec's `Meta`, wherever it sits (a list's
    items, a dict's values, an arm of a union): its schema carries the `Meta`'s bounds, as
    msgspec enforces them when it decodes. A `Decimal` (`types.Yuan`) carries what its
    `extra_json_schema` says (msgspec takes no bound on a Decimal: its service checks the range)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation in _KINDS and any(
            isinstance(m, msgspec.Meta) for m in field_definition.metadata
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = Schema(type=_KINDS[field_definition.annotation])
        for meta in field_definition.metadata:
            if isinstance(meta, msgspec.Meta):
                schema.minimum = meta.ge if meta.ge is not None else schema.minimum
                schema.maximum = meta.le if meta.le is not None else schema.maximum
                schema.exclusive_minimum = meta.gt if meta.gt is not None else schema.exclusive_minimum
                schema.exclusive_maximum = meta.lt if meta.lt is not None else schema.exclusive_maximum
                schema.min_length = meta.min_length if meta.min_length is not None else schema.min_length
                schema.max_length = meta.max_length if meta.max_length is not None else schema.max_length
                schema.pattern = meta.pattern or schema.pattern
                schema.description = meta.description or schema.description
                extra = meta.extra_json_schema or {}
                schema.max_length = extra.get("maxLength", schema.max_length)
        return schema


class TimeOfDaySchemaPlugin(OpenAPISchemaPlugin):
    """A time of day (`datetime.time`, a shift's start) is `format: time` ("08:30:00"), as msgspec
    reads and writes it; Litestar's own table calls it a duration."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation is dt.time

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.TIME)


def _problem_example(status: int, code: str, title: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "https://saishang.example/problems/" + code.replace("_", "-"),
        "title": title,
        "status": status,
        "detail": {
            400: "请求无法解析",
            401: "需要登录令牌",
            403: "无权执行此操作",
            404: "未找到该记录",
            409: "当前状态不允许此操作",
            422: "name: 不能为空",
        }[status],
        "code": code,
        "instance": f"/api/v1/t/{EXAMPLE_TENANT}/members/1",
    }
    if status == 422:
        body["errors"] = [{"field": "name", "message": "不能为空"}]
    return body


def problem_responses(method: str) -> dict[int, ResponseSpec]:
    """The problem+json answers an authenticated operation may give (409 only when it writes)."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            generate_examples=False,
            description=text,
            media_type=PROBLEM_JSON,
            examples=[Example(summary=title, value=_problem_example(status, code, title))],
        )
        for status, (code, title, text) in _PROBLEMS.items()
        if status != 409 or method != "GET"
    }


def _guards(handler: HTTPRouteHandler) -> list[Any]:
    return list(handler.resolve_guards())


def _authenticates(guards: list[Any]) -> bool:
    plain = {auth.authenticated, auth.platform_admin_only, auth.tenant_access}
    return any(g in plain or hasattr(g, "roles") for g in guards)


def describe(handler: HTTPRouteHandler, guards: list[Any]) -> str:
    """The operation's description: what it does, who may call it, what it needs."""
    text = inspect.cleandoc(handler.fn.__doc__ or "") or handler.summary or handler.fn.__name__.replace("_", " ")
    parts = [text.strip().rstrip(".") + "."]
    roles = next((g.roles for g in reversed(guards) if hasattr(g, "roles")), None)
    if auth.platform_admin_only in guards:
        parts.append("Who may call: a platform admin.")
    elif roles is not None:
        parts.append(f"Who may call: {', '.join(roles)}.")
    elif auth.tenant_access in guards:
        parts.append("Who may call: any token of this tenant (and a platform admin).")
    elif auth.authenticated in guards:
        parts.append("Who may call: any valid token.")
    else:
        parts.append("No token needed.")
    module = handler.opt.get(auth.MODULE)
    if module:
        parts.append(f"Needs the `{module}` module on for the tenant (else 404 `module_not_enabled`).")
    if "cursor" in handler.parsed_fn_signature.parameters:
        parts.append(PAGE_NOTE)
    return "\n\n".join(parts)


def _handlers(app: Litestar) -> list[HTTPRouteHandler]:
    out = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                out.append(handler)
    return out


def finish(app: Litestar) -> None:
    """Descriptions, security, problem answers and examples for every operation (see above)."""
    for handler in _handlers(app):
        guards = _guards(handler)
        if not handler.description:
            handler.description = describe(handler, guards)
        if _authenticates(guards):
            handler.security = [{BEARER: []}]
            method = next(iter(handler.http_methods))
            handler.responses = {**problem_responses(method), **(handler.responses or {})}
    document = app.openapi_schema
    schemas = {name: s.to_schema() for name, s in (document.components.schemas or {}).items()}
    for item in (document.paths or {}).values():
        for verb in ("get", "put", "post", "delete", "patch"):
            op = getattr(item, verb, None)
            if op is None:
                continue
            bodies: list[Any] = []
            if op.request_body is not None and not isinstance(op.request_body, dict):
                bodies.extend((getattr(op.request_body, "content", None) or {}).values())
            for response in (op.responses or {}).values():
                if getattr(response, "description", None) == "Stream Response":
                    # A streamed download (infra.sheets.download): a spreadsheet, not JSON; CSV too
                    # where the operation takes `format` (orgs, members), else XLSX (every `…/export`).
                    binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                    if any(getattr(p, "name", None) == "format" for p in op.parameters or []):
                        response.description = "A file download: XLSX, or CSV where `format=csv` is asked"
                        response.content = {XLSX: OpenAPIMediaType(schema=binary), CSV: OpenAPIMediaType(schema=binary)}
                    else:
                        response.description = "A file download: an XLSX workbook"
                        response.content = {XLSX: OpenAPIMediaType(schema=binary)}
                    continue
                bodies.extend((getattr(response, "content", None) or {}).values())
            for media in bodies:
                if media.example is None and not media.examples and media.schema is not None:
                    media.example = example_of(media.schema.to_schema(), schemas)


# --- examples from a schema ------------------------------------------------------------------

_NAMED: dict[str, Any] = {
    "tenant": EXAMPLE_TENANT,
    "slug": EXAMPLE_TENANT,
    "name": "马建国",
    "name_zh": "银川市总工会",
    "name_en": "Yinchuan Federation of Trade Unions",
    "title": "两节送温暖",
    "phone": "13995123456",
    "id_number": "640102198001011234",
    "bank_account": "6222021234567890123",
    "locale": "zh-CN",
    "timezone": "Asia/Shanghai",
    "year": 2017,
    "next_cursor": None,
    "cursor": None,
}


def example_of(schema: dict[str, Any], schemas: dict[str, Any], name: str = "", depth: int = 0) -> Any:
    """A small value that fits `schema` (OpenAPI 3.1 JSON Schema, `$ref`s into `schemas`)."""
    if depth > 6:
        return None
    if "$ref" in schema:
        return example_of(schemas.get(schema["$ref"].rsplit("/", 1)[-1], {}), schemas, name, depth + 1)
    for key in ("example", "const", "default"):
        if schema.get(key) is not None and not (key == "default" and schema[key] in ([], {}, "")):
            return schema[key]
    if schema.get("examples"):
        examples = schema["examples"]
        return examples[0] if isinstance(examples, list) else next(iter(examples.values()), None)
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return example_of(options[0], schemas, name, depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example_of(part, schemas, name, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {
            field: example_of(sub, schemas, field, depth + 1) for field, sub in (schema.get("properties") or {}).items()
        }
    if kind == "array":
        item = example_of(schema.get("items") or {}, schemas, name, depth + 1)
        return [] if item is None else [item]
    if name in _NAMED:
        return _NAMED[name]
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1)
        value = 50_000 if name.endswith("_fen") else 1
        return min(max(value, low), schema.get("maximum", value))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date":
            return "2017-03-01"
        if fmt == "date-time":
            return "2017-03-01T09:00:00+08:00"
        if fmt == "binary":
            return None
        text = "示例" if not name else name.replace("_", " ")
        return text[: schema.get("maxLength", len(text))]
    return None
