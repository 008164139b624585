"""One family of domain errors. Services raise them; one handler maps them to
RFC 9457 problem+json with a stable `type`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROBLEM_BASE = "https://saishang.example/problems/"


@dataclass
class FieldError:
    field: str
    message: str
    row: int | None = None  # 1-based line in an imported file, header included

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.row is not None:
            data["row"] = self.row
        return data


class DomainError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str, *, code: str | None = None, errors: list[FieldError] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.errors = errors or []
        self.extra = extra

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.code.replace("_", "-")

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = [e.as_dict() for e in self.errors]
        body.update(self.extra)
        return body


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"
    title = "Invalid input"

    def __init__(self, errors: list[FieldError] | FieldError, detail: str | None = None, **kw: Any):
        errs = [errors] if isinstance(errors, FieldError) else list(errors)
        if detail is None:
            detail = "; ".join(f"{e.field}: {e.message}" for e in errs[:5])
            if len(errs) > 5:
                detail += f" (and {len(errs) - 5} more)"
        super().__init__(detail, errors=errs, **kw)


def invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(FieldError(field, message))


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Not found"

    def __init__(self, what: str, key: Any = None, *, code: str | None = None, detail: str | None = None):
        super().__init__(
            detail or (f"{what} {key!s} not found" if key is not None else f"{what} not found"),
            code=code or f"{what.replace(' ', '_')}_not_found",
        )


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class RuleViolation(DomainError):
    status = 422
    code = "rule_violation"
    title = "Rule violated"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    title = "Unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"
