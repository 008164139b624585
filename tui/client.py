"""The TUI's HTTP client: the only way the TUI reaches Saishang.

It speaks the public API with a bearer token, decodes answers into the small
typed records below (the TUI's own view of the API, not the server's classes),
and turns failures into two exceptions: `ApiError` (the server answered with a
problem+json) and `ConnectionLost` (it did not answer at all).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import httpx
import msgspec

from tui import i18n
from tui.kit.api import Page, Record

T = TypeVar("T")


# --- what the API answers -------------------------------------------------------


class Tenant(Record):
    SCHEMA = "TenantOut"
    slug: str
    name_zh: str
    name_en: str
    parent: str | None
    locale: str
    timezone: str
    modules: list[str]
    active: bool
    created_at: dt.datetime | None = None
    config: dict[str, Any] = {}


class ModuleState(Record):
    SCHEMA = "ModuleOut"
    name: str
    title_zh: str
    title_en: str
    shared: bool
    pioneer: str | None
    enabled: bool
    figures: dict[str, FigureLabel] = {}  # what its report counts, by figure code


class Token(Record):
    SCHEMA = "TokenOut"
    id: int
    prefix: str
    role: str
    tenant: str | None
    org_id: int | None
    account: str
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewToken(Record):
    SCHEMA = "NewToken"
    token: str
    info: Token


class Me(Record):
    SCHEMA = "MeOut"
    account: str
    role: str
    tenant: Tenant
    org_id: int | None
    member_id: int | None
    modules: list[ModuleState]


class Check(Record):
    SCHEMA = "Check"
    ok: bool
    detail: str = ""
    last_seen: dt.datetime | None = None


class Outbox(Record):
    """One tenant's bot outbox, as `/readyz` reports it."""

    SCHEMA = "OutboxHealth"
    tenant: str
    queued: int
    failed: int
    oldest_queued_at: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    failing: bool = False


class Readiness(Record):
    SCHEMA = "Readiness"
    ready: bool
    postgres: Check
    redis: Check
    worker: Check
    bot: Check = msgspec.field(default_factory=lambda: Check(True))  # an older API has none
    outboxes: list[Outbox] = msgspec.field(default_factory=list)


class FigureLabel(Record):
    SCHEMA = "FigureLabel"
    zh: str
    en: str
    unit: str  # fen, count, person, person_time, ratio, days, score, m2, flag
    additive: bool = True  # it adds up across tenants (the region shows totals only for these)


class Report(Record):
    SCHEMA = "ReportOut"
    module: str
    tenant: str
    year: int
    figures: dict[str, int | float]
    labels: dict[str, FigureLabel] = {}
    text: dict[str, str] = {}  # each value as a reader reads it, in the request's language


class ReportYears(Record):
    SCHEMA = "ReportYearsOut"
    years: list[int]  # the years with records, latest first
    latest: int | None = None


class WhoAmI(Record):
    SCHEMA = "WhoAmI"
    account: str
    role: str
    tenant: str | None = None


REGION_ROLES = ("platform_admin", "reviewer")  # their tokens name no tenant


class Identity(msgspec.Struct):
    """Who the token is: a platform admin (no tenant) or someone in one tenant."""

    role: str
    account: str
    tenant: Tenant | None = None
    modules: list[ModuleState] = []

    @property
    def is_platform(self) -> bool:
        return self.role == "platform_admin"


# --- failures -------------------------------------------------------------------


class FieldProblem(msgspec.Struct):
    field: str
    message: str
    row: int | None = None


class ApiError(Exception):
    """The API answered with an error (RFC 9457 problem+json when it is ours)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        code: str = "",
        type: str = "",
        errors: list[FieldProblem] | None = None,
        method: str = "",
        path: str = "",
    ):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.type = type
        self.errors = errors or []
        self.method = method
        self.path = path

    @classmethod
    def from_response(cls, response: httpx.Response) -> ApiError:
        request = response.request
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {"detail": response.text[:200] or response.reason_phrase}
        errors = []
        for item in body.get("errors") or []:
            if isinstance(item, dict):
                errors.append(FieldProblem(str(item.get("field", "")), str(item.get("message", "")), item.get("row")))
        return cls(
            response.status_code,
            str(body.get("title") or response.reason_phrase),
            str(body.get("detail") or ""),
            code=str(body.get("code") or ""),
            type=str(body.get("type") or ""),
            errors=errors,
            method=request.method,
            path=request.url.path,
        )


class ConnectionLost(Exception):
    """The server did not answer (refused, timed out, dropped the connection)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def _new_file(target: Path) -> tuple[Path, BinaryIO]:
    """`target`, or the first of `stem-2.ext`, `stem-3.ext`, … that does not exist yet,
    created and opened for writing (created exclusively: two saves never share a file)."""
    for n in itertools.count(1):
        path = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        try:
            return path, path.open("xb")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


# --- the client -------------------------------------------------------------------


class ApiClient:
    """Async client for `/api/v1/...`. Tests pass `transport=httpx.ASGITransport(app=app)`.

    Every request says `Accept-Language` in the TUI's current language (`language()`, by
    default the label language), so the server's error details read like the screen."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        language: Callable[[], str] = i18n.get_lang,
    ):
        self._http = httpx.AsyncClient(
            base_url=url, transport=transport, timeout=timeout, headers={"User-Agent": "saishang-tui"}
        )
        self.token = token
        self.language = language

    @property
    def url(self) -> str:
        return str(self._http.base_url).rstrip("/")

    def configure(self, *, url: str | None = None, token: str | None = None) -> None:
        if url:
            self._http.base_url = url
        if token is not None:
            self.token = token

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        accept: tuple[int, ...] = (),
    ) -> httpx.Response:
        if params:
            params = {k: v for k, v in params.items() if v is not None}
        try:
            response = await self._http.request(method, path, params=params, json=json, headers=self._headers())
        except (httpx.TransportError, OSError) as exc:
            raise ConnectionLost(self.url, str(exc) or type(exc).__name__) from None
        if response.is_error and response.status_code not in accept:
            raise ApiError.from_response(response)
        return response

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Language": self.language()}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def download(self, path: str, target: Path, *, params: dict[str, Any] | None = None) -> Path:
        """Save a file the API streams (an export) as `target`, chunk by chunk: the whole file
        is never held in memory. An existing file is never overwritten: `name-2.xlsx`,
        `name-3.xlsx`, … is taken instead. Returns the path saved to. A failed answer is an
        `ApiError` with the API's problem (nothing is saved); a download cut off half way
        leaves no file behind."""
        params = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            async with self._http.stream("GET", path, params=params, headers=self._headers()) as response:
                if response.is_error:
                    await response.aread()
                    raise ApiError.from_response(response)
                target.parent.mkdir(parents=True, exist_ok=True)
                saved, out = _new_file(target)
                try:
                    with out:
                        async for chunk in response.aiter_bytes(1 << 16):
                            out.write(chunk)
                except BaseException:
                    saved.unlink(missing_ok=True)
                    raise
        except (httpx.TransportError, ConnectionError) as exc:  # (the disk's OSError is the caller's)
            raise ConnectionLost(self.url, str(exc) or type(exc).__name__) from None
        return saved

    async def _get(self, path: str, type: type[T], **params: Any) -> T:
        response = await self.request("GET", path, params=params)
        return msgspec.json.decode(response.content, type=type)

    async def every(self, path: str, item: type[T], **params: Any) -> list[T]:
        """Every item of a paged list route, following `next_cursor` to the last page."""
        items: list[T] = []
        cursor: str | None = None
        while True:
            page = await self._get(path, Page[item], **params, limit=500, cursor=cursor)  # type: ignore[valid-type]
            items.extend(page.items)
            if page.next_cursor is None:
                return items
            cursor = page.next_cursor

    async def _send(self, method: str, path: str, body: Any, type: type[T]) -> T:
        response = await self.request(method, path, json=body)
        return msgspec.json.decode(response.content, type=type)

    # who am I
    async def identify(self, tenant: str | None = None) -> Identity:
        """Who the token is. A tenant given: the token's role there. None: the token's own
        tenant (`/api/v1/me`), or the region for a platform admin."""
        if not tenant:
            who = await self._get("/api/v1/me", WhoAmI)
            if who.role in REGION_ROLES:  # the region's: no tenant (a reviewer scores the review)
                return Identity(role=who.role, account=who.account)
            if who.tenant is None:
                raise ApiError(403, "Forbidden", "this token belongs to no tenant", code="tenant_forbidden")
            tenant = who.tenant
        me = await self.me(tenant)
        return Identity(role=me.role, account=me.account, tenant=me.tenant, modules=me.modules)

    async def me(self, tenant: str) -> Me:
        return await self._get(f"/api/v1/t/{tenant}/me", Me)

    # tenants (platform admin)
    async def tenants(self) -> list[Tenant]:
        return await self.every("/api/v1/platform/tenants", Tenant)

    async def tenant(self, slug: str) -> Tenant:
        return await self._get(f"/api/v1/platform/tenants/{slug}", Tenant)

    async def create_tenant(
        self,
        *,
        slug: str,
        name_zh: str,
        name_en: str,
        parent: str | None = None,
        locale: str = "zh-CN",
        modules: list[str] | None = None,
    ) -> Tenant:
        body = {
            "slug": slug,
            "name_zh": name_zh,
            "name_en": name_en,
            "parent": parent,
            "locale": locale,
            "modules": modules,
        }
        return await self._send("POST", "/api/v1/platform/tenants", body, Tenant)

    async def update_tenant(self, slug: str, **changes: Any) -> Tenant:
        return await self._send("PATCH", f"/api/v1/platform/tenants/{slug}", changes, Tenant)

    async def disable_tenant(self, slug: str) -> Tenant:
        response = await self.request("DELETE", f"/api/v1/platform/tenants/{slug}")
        return msgspec.json.decode(response.content, type=Tenant)

    async def tenant_modules(self, slug: str) -> list[ModuleState]:
        return await self._get(f"/api/v1/platform/tenants/{slug}/modules", list[ModuleState])

    async def set_modules(self, slug: str, modules: list[str]) -> list[ModuleState]:
        return await self._send(
            "PUT", f"/api/v1/platform/tenants/{slug}/modules", {"modules": modules}, list[ModuleState]
        )

    # tokens: the platform's (all tenants) or one tenant's
    async def tokens(self, tenant: str | None = None, *, platform: bool = True) -> list[Token]:
        if platform:
            return await self.every("/api/v1/platform/tokens", Token, tenant=tenant)
        return await self.every(f"/api/v1/t/{tenant}/tokens", Token)

    async def create_token(
        self,
        *,
        role: str,
        tenant: str | None,
        platform: bool = True,
        org_id: int | None = None,
        name: str | None = None,
        label: str = "",
        expires_in_days: int | None = None,
    ) -> NewToken:
        body = {
            "role": role,
            "tenant": tenant,
            "org_id": org_id,
            "name": name,
            "label": label,
            "expires_in_days": expires_in_days,
        }
        path = "/api/v1/platform/tokens" if platform else f"/api/v1/t/{tenant}/tokens"
        return await self._send("POST", path, body, NewToken)

    async def revoke_token(self, token_id: int, *, tenant: str | None = None, platform: bool = True) -> Token:
        path = f"/api/v1/platform/tokens/{token_id}" if platform else f"/api/v1/t/{tenant}/tokens/{token_id}"
        response = await self.request("DELETE", path)
        return msgspec.json.decode(response.content, type=Token)

    # one tenant
    async def report(self, tenant: str, module: str, year: int) -> Report:
        return await self._get(f"/api/v1/t/{tenant}/reports/{module}", Report, year=year)

    async def report_years(self, tenant: str, module: str) -> ReportYears:
        return await self._get(f"/api/v1/t/{tenant}/reports/{module}/years", ReportYears)

    # health (no token needed)
    async def healthz(self) -> bool:
        response = await self.request("GET", "/healthz")
        return response.status_code == 200

    async def readyz(self) -> Readiness:
        # 503 still carries the checks: it is an answer, not a failure.
        response = await self.request("GET", "/readyz", accept=(503,))
        return msgspec.json.decode(response.content, type=Readiness)
