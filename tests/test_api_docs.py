"""The API teaches (issue 20): every operation is described and has examples, the bearer scheme
is declared on the operations that need a token, errors are documented as problem+json, and
the docs page is served whole by the app (no CDN: it works on an intranet)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from server.infra.problems import PROBLEM_JSON

METHODS = ("get", "put", "post", "delete", "patch")


def operations(spec: dict[str, Any]):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


async def test_every_operation_has_a_description_and_examples(client):
    spec = (await client.get("/schema/openapi.json")).json()
    missing: list[str] = []
    count = 0
    for path, method, op in operations(spec):
        count += 1
        if not (op.get("description") or "").strip():
            missing.append(f"{method.upper()} {path}: no description")
        body = (op.get("requestBody") or {}).get("content") or {}
        for media_type, media in body.items():
            if "json" in media_type and media.get("example") is None and not media.get("examples"):
                missing.append(f"{method.upper()} {path}: request body without an example")
        for status, response in (op.get("responses") or {}).items():
            for media_type, media in (response.get("content") or {}).items():
                if "json" in media_type and media.get("example") is None and not media.get("examples"):
                    missing.append(f"{method.upper()} {path} {status}: answer without an example")
    assert count > 200
    assert not missing, "\n".join(missing[:30])


async def test_the_bearer_scheme_is_declared_where_a_token_is_needed(client):
    spec = (await client.get("/schema/openapi.json")).json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearer"]["description"],
    }
    for path, method, op in operations(spec):
        if path.startswith("/api/v1/"):
            assert op.get("security") == [{"bearer": []}], f"{method.upper()} {path}"
    assert "security" not in spec["paths"]["/healthz"]["get"]  # health needs no token


async def test_errors_are_documented_as_problem_json(client, tenant, make_token):
    spec = (await client.get("/schema/openapi.json")).json()
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])
    op = spec["paths"]["/api/v1/t/{tenant}/members/{member_id}"]["get"]
    for status in ("400", "401", "403", "404", "422"):
        content = op["responses"][status]["content"]
        assert list(content) == [PROBLEM_JSON]
        assert content[PROBLEM_JSON]["schema"] == {"$ref": "#/components/schemas/Problem"}
    # ...and that is what the API answers.
    r = await client.get(f"/api/v1/t/{tenant.slug}/members/1")
    assert r.status_code == 401 and r.headers["content-type"].startswith(PROBLEM_JSON)
    assert {"type", "title", "status", "detail", "code"} <= set(r.json())


async def test_an_operation_says_who_may_call_it_and_how_its_pages_are_read(client):
    spec = (await client.get("/schema/openapi.json")).json()
    listing = spec["paths"]["/api/v1/t/{tenant}/zones"]["get"]["description"]
    assert "Who may call: auditor, org_officer, platform_admin, tenant_admin." in listing
    assert "next_cursor" in listing
    tenants = spec["paths"]["/api/v1/platform/tenants"]["get"]["description"]
    assert "platform admin" in tenants


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


async def test_the_docs_page_loads_with_no_request_leaving_the_machine(client):
    for page in ("/schema", "/schema/swagger"):
        r = await client.get(page)
        assert r.status_code == 200 and "SwaggerUIBundle" in r.text
        links = _Links()
        links.feed(r.text)
        assert len(links.urls) >= 3, links.urls  # the script, the preset, the styles
        for url in links.urls:
            assert url.startswith("/") and not url.startswith("//"), f"{page} loads {url} from elsewhere"
            asset = await client.get(url)
            assert asset.status_code == 200 and len(asset.content) > 0, url
        assert not re.search(r"https?://(?!saishang\.example/problems/)", r.text.split("<body>")[0]), page


# A plain array is a document, not a list: a tree, a path, one record's history, a fixed catalogue,
# the compatible-trades table (written whole by PUT). Everything else pages (`items`, `next_cursor`).
DOCUMENTS = {
    "/api/v1/platform/tenants/{slug}/modules",
    "/api/v1/t/{tenant}/orgs/tree",
    "/api/v1/t/{tenant}/orgs/{org_id}/subtree",
    "/api/v1/t/{tenant}/orgs/{org_id}/ancestors",
    "/api/v1/t/{tenant}/orgs/{org_id}/history",
    "/api/v1/t/{tenant}/members/{member_id}/history",
    "/api/v1/t/{tenant}/orgs/types",
    "/api/v1/t/{tenant}/pairing/compatible-trades",
    "/api/v1/platform/adoption",  # one entry per module of the catalogue
    "/api/v1/platform/reviews/{year}/standings",  # one year's ranking, read whole to rank
    "/api/v1/t/{tenant}/events/kinds",  # the catalogue of activity kinds
}


async def test_every_list_is_paged_like_the_rest(client):
    spec = (await client.get("/schema/openapi.json")).json()
    arrays = []
    for path, method, op in operations(spec):
        if method != "get":
            continue
        for status, response in op["responses"].items():
            schema = ((response.get("content") or {}).get("application/json") or {}).get("schema") or {}
            if status.startswith("2") and schema.get("type") == "array":
                arrays.append(path)
    assert sorted(arrays) == sorted(DOCUMENTS)


def _unbounded_integers(schema: Any, schemas: dict[str, Any], where: str, seen: frozenset[str] = frozenset()):
    """Where an integer under `schema` lacks a minimum or a maximum. A bound written beside a
    `oneOf` holds for its arms (Litestar writes `int | None` so: the bounds beside, each arm's type)."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _unbounded_integers(schemas[name], schemas, f"{where} ({name})", seen | {name})
        return
    kinds = schema.get("type")
    low = "minimum" in schema or "exclusiveMinimum" in schema
    high = "maximum" in schema or "exclusiveMaximum" in schema
    if "integer" in (kinds if isinstance(kinds, list) else [kinds]) and not (low and high):
        yield where
    for key in ("oneOf", "anyOf", "allOf"):
        for arm in schema.get(key) or []:
            bounds = {k: v for k, v in schema.items() if "imum" in k}
            yield from _unbounded_integers({**bounds, **arm}, schemas, where, seen)
    for name, sub in (schema.get("properties") or {}).items():
        yield from _unbounded_integers(sub, schemas, f"{where}.{name}", seen)
    if "items" in schema:
        yield from _unbounded_integers(schema["items"], schemas, f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _unbounded_integers(schema["additionalProperties"], schemas, f"{where}{{}}", seen)


def request_schemas(spec: dict[str, Any]):
    """(where, schema) of everything a request carries: each path and query parameter, each body."""
    for path, method, op in operations(spec):
        for parameter in op.get("parameters") or []:
            yield f"{method.upper()} {path} {parameter['in']} {parameter['name']}", parameter.get("schema") or {}
        for media in ((op.get("requestBody") or {}).get("content") or {}).values():
            yield f"{method.upper()} {path} body", media.get("schema") or {}


async def test_every_integer_a_client_sends_is_bounded(client):
    """Every integer of a request (a body's property at any depth, a path or query parameter) has
    a minimum and a maximum in the document: the bounded types of `server.infra.types` and
    `server.infra.params`, so a client reads what is valid and no out-of-range number reaches
    PostgreSQL. Answers are not walked: what the API sends out is not checked on the way in."""
    spec = (await client.get("/schema/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    unbounded = [u for where, schema in request_schemas(spec) for u in _unbounded_integers(schema, schemas, where)]
    assert not unbounded, f"{len(unbounded)} request integers without bounds:\n" + "\n".join(unbounded)


async def test_a_time_of_day_is_documented_as_a_time_not_a_duration(client):
    spec = (await client.get("/schema/openapi.json")).json()
    shift = spec["components"]["schemas"]["ShiftIn"]["properties"]
    assert shift["starts"] == {"type": "string", "format": "time"} == shift["ends"]


# Formats msgspec parses whole (a date, a time, a moment, a duration, a UUID): the parse bounds them.
BOUNDED_FORMATS = {"date", "date-time", "time", "duration", "uuid", "binary"}


def _unbounded_strings(schema: Any, schemas: dict[str, Any], where: str, seen: frozenset[str] = frozenset()):
    """Where a string under `schema` has no maxLength (an enum, a constant or a parsed format is
    bounded). A maxLength written beside a `oneOf` holds for its arms, as for the integers above."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _unbounded_strings(schemas[name], schemas, f"{where} ({name})", seen | {name})
        return
    kinds = schema.get("type")
    closed = "maxLength" in schema or "enum" in schema or "const" in schema or schema.get("format") in BOUNDED_FORMATS
    if "string" in (kinds if isinstance(kinds, list) else [kinds]) and not closed:
        yield where
    for key in ("oneOf", "anyOf", "allOf"):
        for arm in schema.get(key) or []:
            bounds = {k: v for k, v in schema.items() if k == "maxLength"}
            yield from _unbounded_strings({**bounds, **arm}, schemas, where, seen)
    for name, sub in (schema.get("properties") or {}).items():
        yield from _unbounded_strings(sub, schemas, f"{where}.{name}", seen)
    for key, mark in (("items", "[]"), ("additionalProperties", "{}"), ("propertyNames", "{key}")):
        if isinstance(schema.get(key), dict):
            yield from _unbounded_strings(schema[key], schemas, f"{where}{mark}", seen)
    for i, sub in enumerate(schema.get("prefixItems") or []):
        yield from _unbounded_strings(sub, schemas, f"{where}[{i}]", seen)


async def test_every_string_a_client_sends_is_bounded(client):
    """Every string of a request (a body's property at any depth, a path or query parameter) has a
    maxLength in the document (the str types of `server.infra.types` and `server.infra.params`),
    or is an enum or a parsed format: a client reads how long a text may be, and no megabyte of
    text reaches a handler. Answers are not walked."""
    spec = (await client.get("/schema/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    unbounded = [u for where, schema in request_schemas(spec) for u in _unbounded_strings(schema, schemas, where)]
    assert not unbounded, f"{len(unbounded)} request strings without a maxLength:\n" + "\n".join(unbounded)
