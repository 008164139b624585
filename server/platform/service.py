"""The platform's rules: tenants, accounts, tokens, the worker heartbeat."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from server import messages
from server.errors import Conflict, FieldError, InvalidInput, NotFound, Unauthorized, invalid
from server.infra.db import DB
from server.infra.migrate import migrate_tenant_schema
from server.infra.pagination import Page, check_limit, cut, decode_cursor
from server.infra.tenancy import SLUG_RE, is_valid_slug
from server.infra.types import Code, Days, Id, Name
from server.modules import registry
from server.platform import messages as msg
from server.platform.roles import Actor, Role
from server.platform.tables import Account, ApiToken, Tenant, WorkerBeat

REGION = "region"  # the parent of a city federation is the regional federation


# --- tenants ------------------------------------------------------------------


Slug = Annotated[str, Meta(max_length=32)]
NameZh = Annotated[str, Meta(max_length=100)]
Locale = Annotated[str, Meta(max_length=16)]
Timezone = Annotated[str, Meta(max_length=64)]


class TenantIn(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    name_zh: NameZh
    name_en: Name
    parent: Slug | None = None
    locale: Locale = "zh-CN"
    timezone: Timezone = "Asia/Shanghai"
    modules: Annotated[list[Code], Meta(max_length=100)] | None = None
    config: dict[Code, Any] = {}


class TenantPatch(msgspec.Struct, forbid_unknown_fields=True):
    name_zh: NameZh | None = None
    name_en: Name | None = None
    parent: Slug | None = None
    locale: Locale | None = None
    timezone: Timezone | None = None
    active: bool | None = None
    config: dict[Code, Any] | None = None


class TenantOut(msgspec.Struct):
    slug: str
    name_zh: str
    name_en: str
    parent: str | None
    locale: str
    timezone: str
    modules: list[str]
    active: bool
    created_at: dt.datetime
    config: dict[str, Any] = {}


LOCALES = ("zh-CN", "en")


def _out(row: dict[str, Any]) -> TenantOut:
    return TenantOut(
        slug=row["slug"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        parent=row["parent_slug"],
        locale=row["locale"],
        timezone=row["timezone"],
        modules=list(row["modules"]),
        active=row["active"],
        created_at=row["created_at"],
        config=row["config"] or {},
    )


def _check_modules(names: list[str], field: str = "modules") -> list[str]:
    unknown = [n for n in names if n not in registry.SWITCHABLE]
    if unknown:
        raise invalid(field, msg.UNKNOWN_MODULES, unknown=", ".join(unknown), known=", ".join(registry.SWITCHABLE))
    # Keep the catalogue's order so lists read the same everywhere.
    return [n for n in registry.SWITCHABLE if n in set(names)]


def _check_common(
    errors: list[FieldError], *, name_zh: str | None, name_en: str | None, locale: str | None, timezone: str | None
) -> None:
    if name_zh is not None and not name_zh.strip():
        errors.append(FieldError("name_zh", messages.EMPTY))
    if name_en is not None and not name_en.strip():
        errors.append(FieldError("name_en", messages.EMPTY))
    if locale is not None and locale not in LOCALES:
        errors.append(FieldError("locale", messages.ONE_OF, choices=", ".join(LOCALES)))
    if timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(FieldError("timezone", msg.UNKNOWN_TIMEZONE, timezone=timezone))


async def _row(slug: str) -> dict[str, Any]:
    if not is_valid_slug(slug):
        raise NotFound(msg.TENANT_NOT_FOUND, slug)
    row = await Tenant.select().where(Tenant.slug == slug).first().output(load_json=True)
    if row is None:
        raise NotFound(msg.TENANT_NOT_FOUND, slug)
    return row


async def create_tenant(data: TenantIn) -> TenantOut:
    """Register a tenant and create and migrate its schema, all in one transaction."""
    errors: list[FieldError] = []
    if not SLUG_RE.fullmatch(data.slug):
        errors.append(FieldError("slug", msg.SLUG_FORMAT, pattern=SLUG_RE.pattern))
    _check_common(errors, name_zh=data.name_zh, name_en=data.name_en, locale=data.locale, timezone=data.timezone)
    parent = None if data.parent in (None, "", REGION) else data.parent
    if errors:
        raise InvalidInput(errors)
    module_names = _check_modules(data.modules if data.modules is not None else list(registry.SHARED))
    async with DB.transaction():
        if parent is not None and not await Tenant.exists().where(Tenant.slug == parent):
            raise invalid("parent", msg.NO_PARENT, parent=parent)
        if await Tenant.exists().where(Tenant.slug == data.slug):
            raise Conflict(msg.TENANT_EXISTS, slug=data.slug)
        await Tenant.insert(
            Tenant(
                slug=data.slug,
                name_zh=data.name_zh.strip(),
                name_en=data.name_en.strip(),
                parent_slug=parent,
                locale=data.locale,
                timezone=data.timezone,
                modules=module_names,
                config=data.config,
            )
        )
        await migrate_tenant_schema(data.slug)
    return await get_tenant(data.slug)


async def get_tenant(slug: str) -> TenantOut:
    return _out(await _row(slug))


async def list_tenants(*, include_disabled: bool = True) -> list[TenantOut]:
    query = Tenant.select().order_by(Tenant.id).output(load_json=True)
    if not include_disabled:
        query = query.where(Tenant.active.eq(True))
    return [_out(r) for r in await query]


async def tenant_page(*, limit: int = 50, cursor: str | None = None) -> Page[TenantOut]:
    """The tenants in creation order, one page at a time (the API's list)."""
    query = Tenant.select().order_by(Tenant.id).limit(check_limit(limit) + 1).output(load_json=True)
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(Tenant.id > after)
    rows, next_cursor = cut(await query, limit=limit)
    return Page(items=[_out(r) for r in rows], next_cursor=next_cursor)


async def active_tenant(slug: str) -> TenantOut:
    """The tenant behind a tenant route: unknown and disabled both answer 404."""
    tenant = await get_tenant(slug)
    if not tenant.active:
        raise NotFound(msg.TENANT_NOT_FOUND, slug)
    return tenant


async def _would_cycle(slug: str, parent: str) -> bool:
    seen = {slug}
    current: str | None = parent
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        row = await Tenant.select(Tenant.parent_slug).where(Tenant.slug == current).first()
        current = row["parent_slug"] if row else None
    return False


async def update_tenant(slug: str, patch: TenantPatch) -> TenantOut:
    await _row(slug)
    errors: list[FieldError] = []
    _check_common(errors, name_zh=patch.name_zh, name_en=patch.name_en, locale=patch.locale, timezone=patch.timezone)
    if errors:
        raise InvalidInput(errors)
    values: dict[Any, Any] = {}
    for field in ("name_zh", "name_en", "locale", "timezone", "config"):
        value = getattr(patch, field)
        if value is not None:
            values[getattr(Tenant, field)] = value.strip() if isinstance(value, str) else value
    if patch.parent is not None:
        parent = None if patch.parent in ("", REGION) else patch.parent
        if parent is not None:
            if not await Tenant.exists().where(Tenant.slug == parent):
                raise invalid("parent", msg.NO_PARENT, parent=parent)
            if await _would_cycle(slug, parent):
                raise invalid("parent", msg.PARENT_CYCLE, parent=parent, slug=slug)
        values[Tenant.parent_slug] = parent
    if patch.active is not None:
        values[Tenant.active] = patch.active
        values[Tenant.disabled_at] = None if patch.active else dt.datetime.now(dt.UTC)
    if values:
        await Tenant.update(values).where(Tenant.slug == slug)
    return await get_tenant(slug)


async def disable_tenant(slug: str) -> TenantOut:
    return await update_tenant(slug, TenantPatch(active=False))


async def set_modules(slug: str, *, enable: Sequence[str] = (), disable: Sequence[str] = ()) -> TenantOut:
    current = await get_tenant(slug)
    switch_on = _check_modules(list(enable), "enable")
    switch_off = _check_modules(list(disable), "disable")
    kept = [n for n in switch_off if n in registry.KEPT_ON]
    if kept:
        raise invalid("disable", msg.MODULE_KEPT_ON, module=", ".join(kept))
    both = set(switch_on) & set(switch_off)
    if both:
        raise invalid("disable", msg.MODULES_BOTH, modules=", ".join(sorted(both)))
    wanted = (set(current.modules) | set(switch_on)) - set(switch_off)
    await Tenant.update({Tenant.modules: _check_modules(list(wanted))}).where(Tenant.slug == slug)
    return await get_tenant(slug)


def module_enabled(tenant: TenantOut, module: str) -> bool:
    spec = registry.get(module)
    return spec is not None and (spec.always_on or module in tenant.modules)


def read_tenant_file(path: Path) -> TenantIn:
    """Parse one `tenants/<slug>/tenant.toml`; the folder name is the slug."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise invalid(str(path), msg.TENANT_FILE_TOML, error=str(exc)) from None
    raw.setdefault("slug", path.parent.name)
    if raw["slug"] != path.parent.name:
        raise invalid(str(path), msg.TENANT_FILE_SLUG, slug=raw["slug"], folder=path.parent.name)
    try:
        return msgspec.convert(raw, TenantIn)
    except msgspec.ValidationError as exc:
        raise invalid(str(path), msg.TENANT_FILE_INVALID, error=str(exc)) from None


def tenant_files(tenants_dir: Path) -> list[TenantIn]:
    files = [read_tenant_file(p) for p in sorted(tenants_dir.glob("*/tenant.toml"))]
    # Parents before children, so a child's parent exists when it is created.
    ordered: list[TenantIn] = []
    pending = list(files)
    while pending:
        ready = [t for t in pending if t.parent in (None, "", REGION) or any(o.slug == t.parent for o in ordered)]
        if not ready:
            ready = pending  # parents outside the folder: let create_tenant say so
        for t in ready:
            ordered.append(t)
            pending.remove(t)
    return ordered


async def ensure_tenants(tenants_dir: Path) -> list[str]:
    """Create the tenants described in `tenants_dir` that do not exist yet."""
    created = []
    for spec in tenant_files(tenants_dir):
        if not await Tenant.exists().where(Tenant.slug == spec.slug):
            await create_tenant(spec)
            created.append(spec.slug)
    return created


async def migrate_all_tenants() -> dict[str, int]:
    return {t.slug: await migrate_tenant_schema(t.slug) for t in await list_tenants()}


# --- accounts and tokens ------------------------------------------------------

TOKEN_PREFIX = "ss_"


class TokenIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Code
    tenant: Slug | None = None
    org_id: Id | None = None
    member_id: Id | None = None
    name: Name | None = None
    label: Name = ""
    expires_in_days: Days | None = None


class TokenOut(msgspec.Struct):
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


class NewToken(msgspec.Struct):
    token: str
    info: TokenOut


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_TOKEN_COLUMNS = (
    ApiToken.id,
    ApiToken.prefix,
    ApiToken.label,
    ApiToken.created_at,
    ApiToken.expires_at,
    ApiToken.revoked_at,
    ApiToken.account.role,
    ApiToken.account.tenant_slug,
    ApiToken.account.org_id,
    ApiToken.account.name,
)


def _token_out(r: dict[str, Any]) -> TokenOut:
    return TokenOut(
        id=r["id"],
        prefix=r["prefix"],
        role=r["account.role"],
        tenant=r["account.tenant_slug"],
        org_id=r["account.org_id"],
        account=r["account.name"],
        label=r["label"],
        created_at=r["created_at"],
        expires_at=r["expires_at"],
        revoked_at=r["revoked_at"],
    )


async def _check_subjects(tenant: TenantOut, data: TokenIn) -> None:
    """What the token names inside the tenant (an org, a member) exists there: each switched-on
    module that owns such a thing checks it through the module contract's `token_check`."""
    from server.infra.tenancy import tenant_scope

    errors: list[FieldError] = []
    async with tenant_scope(tenant.slug):
        for module in registry.modules().values():
            if module.token_check is not None and module_enabled(tenant, module.name):
                errors += await module.token_check(data)
    if errors:
        raise InvalidInput(errors)


async def create_token(data: TokenIn) -> NewToken:
    """Issue a bearer token for an account (created if new). The token is returned once."""
    errors: list[FieldError] = []
    try:
        role = Role.parse(data.role)
    except ValueError:
        raise invalid("role", msg.UNKNOWN_ROLE, role=data.role, roles=", ".join(r.value for r in Role)) from None
    if role is Role.platform_admin and data.tenant:
        errors.append(FieldError("tenant", msg.PLATFORM_TOKEN_WITH_TENANT))
    if role is not Role.platform_admin and not data.tenant:
        errors.append(FieldError("tenant", msg.TOKEN_NEEDS_TENANT, role=role.value))
    if role is Role.org_officer and data.org_id is None:
        errors.append(FieldError("org_id", msg.TOKEN_NEEDS_ORG))
    if data.expires_in_days is not None and data.expires_in_days < 1:
        errors.append(FieldError("expires_in_days", messages.AT_LEAST, low=1))
    if errors:
        raise InvalidInput(errors)
    if data.tenant:
        await _check_subjects(await get_tenant(data.tenant), data)
    name = (data.name or f"{role.value}@{data.tenant or REGION}").strip()
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = None
    if data.expires_in_days:
        expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=data.expires_in_days)
    async with DB.transaction():
        # Tokens asked for one account at once must not each create it: one account per member.
        key = f"platform.account:{name}:{role.value}:{data.tenant}:{data.org_id}:{data.member_id}"
        await Account.raw("SELECT pg_advisory_xact_lock(hashtext({}))", key)
        account = (
            await Account.objects()
            .where(
                (Account.name == name)
                & (Account.role == role.value)
                & (Account.tenant_slug == data.tenant if data.tenant else Account.tenant_slug.is_null())
                & (Account.org_id == data.org_id if data.org_id is not None else Account.org_id.is_null())
                # One account per member: a worker's token acts as that member and no other.
                & (Account.member_id == data.member_id if data.member_id is not None else Account.member_id.is_null())
            )
            .first()
        )
        if account is None:
            account = Account(
                name=name, role=role.value, tenant_slug=data.tenant, org_id=data.org_id, member_id=data.member_id
            )
            await account.save()
        row = ApiToken(
            account=account.id, prefix=token[:10], token_hash=_hash(token), label=data.label, expires_at=expires_at
        )
        await row.save()
    return NewToken(token=token, info=await get_token(row.id))


async def authenticate(token: str) -> Actor:
    """The actor behind a bearer token; missing, unknown, revoked or expired → Unauthorized."""
    if not token or not token.startswith(TOKEN_PREFIX):
        raise Unauthorized(msg.TOKEN_MISSING)
    row = (
        await ApiToken.select(
            ApiToken.expires_at,
            ApiToken.revoked_at,
            ApiToken.account.id,
            ApiToken.account.name,
            ApiToken.account.role,
            ApiToken.account.tenant_slug,
            ApiToken.account.org_id,
            ApiToken.account.member_id,
        )
        .where(ApiToken.token_hash == _hash(token))
        .first()
    )
    if row is None:
        raise Unauthorized(msg.TOKEN_INVALID)
    if row["revoked_at"] is not None:
        raise Unauthorized(msg.TOKEN_REVOKED)
    if row["expires_at"] is not None and row["expires_at"] <= dt.datetime.now(dt.UTC):
        raise Unauthorized(msg.TOKEN_EXPIRED)
    return Actor(
        account_id=row["account.id"],
        name=row["account.name"],
        role=Role(row["account.role"]),
        tenant=row["account.tenant_slug"],
        org_id=row["account.org_id"],
        member_id=row["account.member_id"],
    )


async def list_tokens(*, tenant: str | None = None, include_revoked: bool = True) -> list[TokenOut]:
    query = ApiToken.select(*_TOKEN_COLUMNS).order_by(ApiToken.id)
    if tenant:
        query = query.where(ApiToken.account.tenant_slug == tenant)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_null())
    return [_token_out(r) for r in await query]


async def token_page(*, tenant: str | None = None, limit: int = 50, cursor: str | None = None) -> Page[TokenOut]:
    """The tokens (all, or one tenant's) in issue order, one page at a time (the API's list)."""
    query = ApiToken.select(*_TOKEN_COLUMNS).order_by(ApiToken.id).limit(check_limit(limit) + 1)
    if tenant:
        query = query.where(ApiToken.account.tenant_slug == tenant)
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(ApiToken.id > after)
    rows, next_cursor = cut(await query, limit=limit)
    return Page(items=[_token_out(r) for r in rows], next_cursor=next_cursor)


async def get_token(token_id: int) -> TokenOut:
    row = await ApiToken.select(*_TOKEN_COLUMNS).where(ApiToken.id == token_id).first()
    if row is None:
        raise NotFound(msg.TOKEN_NOT_FOUND, token_id)
    return _token_out(row)


async def revoke_token(token_id: int | None = None, *, prefix: str | None = None) -> TokenOut:
    where = ApiToken.id == token_id if token_id is not None else ApiToken.prefix == (prefix or "")
    rows = await ApiToken.select(ApiToken.id).where(where)
    if not rows:
        raise NotFound(msg.TOKEN_NOT_FOUND, token_id if token_id is not None else prefix)
    if len(rows) > 1:
        raise Conflict(msg.TOKEN_AMBIGUOUS, prefix=prefix, count=len(rows))
    await ApiToken.update({ApiToken.revoked_at: dt.datetime.now(dt.UTC)}).where(
        (ApiToken.id == rows[0]["id"]) & ApiToken.revoked_at.is_null()
    )
    return await get_token(rows[0]["id"])


async def token_is_valid(token: str) -> bool:
    try:
        await authenticate(token)
    except Unauthorized:
        return False
    return True


# --- worker heartbeat ------------------------------------------------------------


async def beat(worker: str, jobs_done: int = 0) -> None:
    await WorkerBeat.insert(
        WorkerBeat(worker=worker, beat_at=dt.datetime.now(dt.UTC), jobs_done=jobs_done)
    ).on_conflict(target=WorkerBeat.worker, action="DO UPDATE", values=[WorkerBeat.beat_at, WorkerBeat.jobs_done])


async def last_beat(host: str | None = None) -> dict[str, Any] | None:
    """The latest heartbeat of any worker, or of the workers on `host` (names are `host:pid`)."""
    query = WorkerBeat.select(WorkerBeat.worker, WorkerBeat.beat_at)
    if host is not None:
        query = query.where(WorkerBeat.worker.like(f"{host}:%"))  # host names hold no %
    return await query.order_by(WorkerBeat.beat_at, ascending=False).first()


# --- the platform report -----------------------------------------------------------


async def platform_figures(tenant: str | None, year: int) -> dict[str, int | float]:
    """`tenants`: active tenants (the tenant and those under it); `modules_enabled`:
    modules switched on across them. The platform's own state has no history,
    so the figures are as of now whatever the year."""
    rows = await list_tenants(include_disabled=False)
    if tenant is not None:
        children: dict[str | None, list[TenantOut]] = {}
        for t in rows:
            children.setdefault(t.parent, []).append(t)
        root = next((t for t in rows if t.slug == tenant), None)
        subtree, stack = [], [root] if root else []
        while stack:
            node = stack.pop()
            subtree.append(node)
            stack.extend(children.get(node.slug, []))
        rows = subtree
    return {"tenants": len(rows), "modules_enabled": sum(len(t.modules) for t in rows)}
