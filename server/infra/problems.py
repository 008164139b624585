"""One exception handler family: everything becomes RFC 9457 problem+json."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import msgspec
import structlog
from cryptography.exceptions import InvalidTag
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap
from litestar.utils.scope.state import ScopeState

from server import messages
from server.errors import PROBLEM_BASE, DomainError
from server.infra import edge

log = structlog.get_logger("saishang.errors")
PROBLEM_JSON = "application/problem+json"


class FieldProblem(msgspec.Struct):
    field: str
    message: str
    row: int | None = None  # the 1-based line of an imported file


class Problem(msgspec.Struct):
    """Every error's body (RFC 9457): `code` is stable for clients, `detail` is in the language of
    `Accept-Language`, `errors` names each field of a 422."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[FieldProblem] | None = None


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def problem(status: int, code: str, title: str, detail: str, instance: str, **extra: Any) -> Response:
    body = {
        "type": PROBLEM_BASE + code.replace("_", "-"),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": instance,
        **extra,
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def language(request: Request) -> str:
    """The language the client asked for (`Accept-Language`); zh-CN when none we have."""
    return messages.negotiate(request.headers.get("accept-language"))


def _domain(request: Request, exc: DomainError) -> Response:
    return Response(exc.problem(request.url.path, language(request)), status_code=exc.status, media_type=PROBLEM_JSON)


_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
_MISSING_PARAMETER = re.compile(r"Missing required (?:query|path|header|cookie) parameter '([^']+)'")


def _validation(request: Request, exc: ValidationException) -> Response:
    errors = []
    lang = language(request)
    for item in exc.extra or []:
        if isinstance(item, dict):
            message = str(item.get("message", ""))
            missing = _MISSING_FIELD.search(message)  # msgspec names the body ("data"); say which field
            field = missing.group(1) if missing else item.get("key") or item.get("source") or "body"
            if said := edge.bound(message):  # a parameter past its bound, in the client's language
                message = said[0].render(lang, said[1])
            errors.append({"field": str(field), "message": message})
    if not errors and (missing := _MISSING_PARAMETER.search(str(exc.detail))):
        errors.append({"field": missing.group(1), "message": messages.REQUIRED.render(lang)})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or str(exc.detail)
    return problem(422, "invalid_input", "Invalid input", detail, request.url.path, errors=errors)


def _http(request: Request, exc: HTTPException) -> Response:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return problem(exc.status_code, code, code.replace("_", " ").capitalize(), str(exc.detail), request.url.path)


_BIG_NUMBER = re.compile(r"(-?\d{10,})(\.\.\.)?")  # asyncpg shortens a long one: `99999…999...`


def _carriers(request: Request, exc: Exception) -> list[str]:
    """The input fields (path, query, JSON body, nested too) that carry a number PostgreSQL named
    in its refusal (asyncpg: `… $2: 1099511627776 (value out of int32 range)`)."""
    named = _BIG_NUMBER.findall(str(exc))

    def carries(value: object) -> bool:
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        return bool(text) and any(text == n or (cut and text.startswith(n)) for n, cut in named)

    if not named:
        return []
    found = [k for k, v in request.path_params.items() if carries(v)]
    found += [name for name, value in request.query_params.multi_items() if carries(value)]
    body = ScopeState.from_scope(request.scope).body  # read already by the edge (infra.edge)
    if isinstance(body, bytes) and body.strip():
        try:
            data = msgspec.json.decode(body)
        except msgspec.DecodeError:
            data = None

        def walk(node: Any, path: str) -> None:
            if isinstance(node, dict):
                for key, sub in node.items():
                    walk(sub, f"{path}.{key}" if path else str(key))
            elif isinstance(node, list):
                for i, sub in enumerate(node):
                    walk(sub, f"{path}[{i}]")
            elif isinstance(node, int) and carries(node):
                found.append(path or "body")

        walk(data, "")
    return found


def _out_of_range(request: Request, exc: Exception) -> Response:
    """The last line of defence: a value the schema let through but PostgreSQL (or Python's
    number and date types) cannot hold is the client's input, not the server's failure. Where
    the refusal names the number, the fields that carried it are named too."""
    log.warning("input out of range", path=request.url.path, error=f"{type(exc).__name__}: {exc}")
    text = messages.OUT_OF_RANGE.render(language(request))
    try:
        fields = _carriers(request, exc)
    except Exception:  # naming the field is a courtesy: never let it turn a 422 into a 500
        fields = []
    errors = [{"field": f, "message": text} for f in fields]
    detail = "; ".join(f"{f}: {text}" for f in fields) or text
    return problem(422, "invalid_input", "Invalid input", detail, request.url.path, errors=errors)


def _key_not_opening(request: Request, exc: Exception) -> Response:
    """A sealed value this process's key does not open: the installation is misconfigured (two
    keys), which the operator must mend; the client is told so, not "internal error"."""
    log.error("sealed value does not open under this process's key", path=request.url.path)
    detail = messages.KEY_NOT_OPENING.render(language(request))
    return problem(503, "key_not_opening", "Installation key", detail, request.url.path)


def _member_gone(request: Request, exc: Exception) -> Response:
    """A record naming a member who is not there: the services check the member first, but a
    delete committed between that check and the insert (or a service that leaves the check to the
    database) is caught by the `member_ref_<module>_...` foreign key (the modules' member-reference
    migrations). A 422 naming the field (the key's column), not "internal error"; any other
    foreign key is a bug."""
    if not str(getattr(exc, "constraint_name", "") or "").startswith("member_ref_"):
        return _internal(request, exc)
    log.warning("a write named a member who is not there", path=request.url.path)
    text = messages.MEMBER_GONE.render(language(request))
    key = re.match(r"Key \((\w+)\)=", str(getattr(exc, "detail", "") or ""))
    field = key.group(1) if key else "member_id"
    return problem(
        422,
        "member_gone",
        "Invalid input",
        f"{field}: {text}",
        request.url.path,
        errors=[{"field": field, "message": text}],
    )


def _internal(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", path=request.url.path)
    detail = messages.INTERNAL_ERROR.render(language(request))
    return problem(500, "internal_error", "Internal error", detail, request.url.path)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain,
    ValidationException: _validation,
    HTTPException: _http,
    # asyncpg's DataError covers class 22 (numeric out of range, invalid datetime, string too
    # long, NUL and untranslatable characters) and arguments it cannot encode (int32 overflow).
    asyncpg.exceptions.DataError: _out_of_range,
    OverflowError: _out_of_range,  # dates and timedeltas past year 9999, ints past C's range
    RecursionError: _out_of_range,  # JSON nested past Python's limit, where the edge did not look
    InvalidTag: _key_not_opening,
    asyncpg.exceptions.ForeignKeyViolationError: _member_gone,
    Exception: _internal,
}
