"""One family of domain errors. Services raise them with a catalogue entry (`server.messages.Msg`)
and its parameters; one handler maps them to RFC 9457 problem+json with a stable `type` and
`code`, and a `detail` in the language the client asked for."""

from __future__ import annotations

from typing import Any

from server import messages
from server.messages import DEFAULT_LANGUAGE, Msg

PROBLEM_BASE = "https://saishang.example/problems/"

Text = Msg | str  # str only while modules move to the catalogue; tests/test_messages.py lists who still does


def _render(text: Text, lang: str, params: dict[str, Any]) -> str:
    if isinstance(text, Msg):
        return text.render(lang, params)
    return text


class FieldError:
    """One field's problem. `row` is the 1-based line of an imported file, header included."""

    def __init__(self, field: str, message: Text, row: int | None = None, **params: Any):
        self.field = field
        self.text = message
        self.row = row
        self.params = params

    @property
    def code(self) -> str | None:
        return self.text.code if isinstance(self.text, Msg) else None

    @property
    def message(self) -> str:
        return self.message_in(DEFAULT_LANGUAGE)

    def message_in(self, lang: str) -> str:
        return _render(self.text, lang, self.params)

    def as_dict(self, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "message": self.message_in(lang)}
        if self.row is not None:
            data["row"] = self.row
        return data

    def __repr__(self) -> str:
        return f"FieldError({self.field!r}, {self.message_in('en')!r}, row={self.row!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and self.as_dict("en") == other.as_dict("en")


class DomainError(Exception):
    status = 400
    default = messages.BAD_REQUEST
    title = "Bad request"

    def __init__(
        self,
        message: Text | None = None,
        /,
        *,
        code: str | None = None,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ):
        self.text: Text = message if message is not None else self.default
        if isinstance(self.text, str) and extra is None:
            extra, params = params, {}  # the old call shape: keywords went into the body
        self.params = params
        self.code = code or (self.text.code if isinstance(self.text, Msg) else self.default.code)
        self.errors = errors or []
        self.extra = extra or {}
        super().__init__(self.detail_in("en"))

    @property
    def detail(self) -> str:
        return self.detail_in(DEFAULT_LANGUAGE)

    def detail_in(self, lang: str) -> str:
        return _render(self.text, lang, self.params)

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.code.replace("_", "-").replace(".", "-")

    def problem(self, instance: str | None = None, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail_in(lang),
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.as_dict(lang) for e in self.errors]
        body.update(self.extra)
        return body


class _FieldSummary:
    """InvalidInput's detail: the first field errors, in the language asked for."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors

    def render(self, lang: str) -> str:
        text = "; ".join(f"{e.field}: {e.message_in(lang)}" for e in self.errors[:5])
        if len(self.errors) > 5:
            more = len(self.errors) - 5
            text += f" (and {more} more)" if lang == "en" else f"（另有 {more} 项）"
        return text


class InvalidInput(DomainError):
    status = 422
    default = messages.INVALID_INPUT
    title = "Invalid input"

    def __init__(self, errors: list[FieldError] | FieldError, detail: Text | None = None, **kw: Any):
        errs = [errors] if isinstance(errors, FieldError) else list(errors)
        self._summary = _FieldSummary(errs) if detail is None else None
        super().__init__(detail if detail is not None else self.default, errors=errs, **kw)

    def detail_in(self, lang: str) -> str:
        if self._summary is not None:
            return self._summary.render(lang)
        return super().detail_in(lang)


def invalid(field: str, message: Text, **params: Any) -> InvalidInput:
    return InvalidInput(FieldError(field, message, **params))


class NotFound(DomainError):
    status = 404
    default = messages.NOT_FOUND
    title = "Not found"

    def __init__(
        self, what: Text, key: Any = None, *, code: str | None = None, detail: str | None = None, **params: Any
    ):
        if isinstance(what, Msg):  # NotFound(ORG_NOT_FOUND, id=3)
            if key is not None:
                params.setdefault("key", key)
            super().__init__(what, code=code, **params)
            return
        # The old call shape, NotFound("org", 3): a generic entry under the thing's own code.
        text = detail or (f"{what} {key!s} not found" if key is not None else f"{what} not found")
        super().__init__(text, code=code or f"{what.replace(' ', '_')}_not_found")


class Conflict(DomainError):
    status = 409
    default = messages.CONFLICT
    title = "Conflict"


class RuleViolation(DomainError):
    status = 422
    default = messages.RULE_VIOLATION
    title = "Rule violated"


class Unauthorized(DomainError):
    status = 401
    default = messages.UNAUTHORIZED
    title = "Unauthorized"


class Forbidden(DomainError):
    status = 403
    default = messages.FORBIDDEN
    title = "Forbidden"
