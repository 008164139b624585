"""The platform's rules: tenants, accounts, tokens, the worker heartbeat."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import tomllib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import asyncpg
import msgspec
from msgspec import Meta

from server import messages
from server.errors import Conflict, FieldError, InvalidInput, NotFound, Unauthorized, invalid
from server.infra import db, like, queue
from server.infra.db import DB
from server.infra.migrate import migrate_tenant_schema
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import SLUG_RE, Entry, is_valid_slug
from server.infra.types import Code, Days, Id, Name
from server.modules import registry
from server.platform import messages as msg
from server.platform.roles import PLATFORM_ROLES, SYSTEM, Actor, Role
from server.platform.tables import Account, ApiToken, ModuleSwitch, PlatformEvent, Tenant, WorkerBeat
from server.settings import Settings

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


# A tenant's columns as `_out_sql` reads them from SQL of our own (JSON columns undecoded).
_TENANT_SQL_COLUMNS = "slug, name_zh, name_en, parent_slug, locale, timezone, modules, active, created_at, config"


def _out_sql(row: Mapping[str, Any]) -> TenantOut:
    """`_out` of a row read with SQL of our own, whose JSON columns asyncpg leaves as text."""
    found = dict(row.items())
    found["modules"] = msgspec.json.decode(found["modules"] or "[]")
    found["config"] = msgspec.json.decode(found["config"] or "null")
    return _out(found)


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


async def create_tenant(data: TenantIn, actor: Actor = SYSTEM) -> TenantOut:
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
        await _record_switches(data.slug, module_names, [], actor)
        await migrate_tenant_schema(data.slug)
        await record("platform.tenant.created", actor, data.slug, {"modules": module_names})
    return await get_tenant(data.slug)


async def get_tenant(slug: str) -> TenantOut:
    return _out(await _row(slug))


async def list_tenants(*, include_disabled: bool = True) -> list[TenantOut]:
    query = Tenant.select().order_by(Tenant.id).output(load_json=True)
    if not include_disabled:
        query = query.where(Tenant.active.eq(True))
    return [_out(r) for r in await query]


async def tenant_page(*, q: str | None = None, limit: int = 50, cursor: str | None = None) -> Page[TenantOut]:
    """The tenants in creation order, one page at a time (the API's list and its export);
    `q`: words found in the slug or either name."""
    pattern = like.containing(q.strip()) if q and q.strip() else None
    rows, next_cursor = await keyset_sql(
        f"SELECT id, {_TENANT_SQL_COLUMNS} FROM platform.tenant "
        "WHERE ($1::text IS NULL OR slug ILIKE $1 OR name_zh ILIKE $1 OR name_en ILIKE $1)",
        pattern,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[_out_sql(r) for r in rows], next_cursor=next_cursor)


async def active_tenant(slug: str) -> TenantOut:
    """The tenant behind a tenant route: unknown and disabled both answer 404."""
    return check_active(slug, await get_tenant(slug))


def check_active(slug: str, tenant: TenantOut | None) -> TenantOut:
    if tenant is None or not tenant.active:
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


async def update_tenant(slug: str, patch: TenantPatch, actor: Actor = SYSTEM) -> TenantOut:
    before = _out(await _row(slug))
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
        async with DB.transaction():
            await Tenant.update(values).where(Tenant.slug == slug)
            changed = sorted(
                f for f in msgspec.structs.asdict(patch) if getattr(patch, f) is not None and f != "active"
            )
            if changed:
                await record("platform.tenant.updated", actor, slug, {"fields": changed})
            if patch.active is not None and patch.active != before.active:
                await record("platform.tenant.enabled" if patch.active else "platform.tenant.disabled", actor, slug)
    return await get_tenant(slug)


async def disable_tenant(slug: str, actor: Actor = SYSTEM) -> TenantOut:
    return await update_tenant(slug, TenantPatch(active=False), actor)


# The job a module switch queues (by name: the platform imports no channel): the worker's
# `server.bot.jobs.modules_switched` registers the bot's command menu again.
MODULES_SWITCHED_JOB = "modules_switched"


async def set_modules(
    slug: str,
    *,
    enable: Sequence[str] = (),
    disable: Sequence[str] = (),
    actor: Actor = SYSTEM,
    settings: Settings | None = None,
) -> TenantOut:
    """Switch modules on and off; each change is written to the adoption history in the same
    transaction, the tenant's row locked so two switches at once each see the other's result.
    With `settings` (the API and the CLI pass theirs), a change is then announced to the worker
    (`MODULES_SWITCHED_JOB`): what follows a tenant's modules outside the database (the bot's
    command menu in Telegram) is brought up to date."""
    await get_tenant(slug)
    switch_on = _check_modules(list(enable), "enable")
    switch_off = _check_modules(list(disable), "disable")
    kept = [n for n in switch_off if n in registry.KEPT_ON]
    if kept:
        raise invalid("disable", msg.MODULE_KEPT_ON, module=", ".join(kept))
    both = set(switch_on) & set(switch_off)
    if both:
        raise invalid("disable", msg.MODULES_BOTH, modules=", ".join(sorted(both)))
    async with DB.transaction():
        row = await Tenant.select(Tenant.modules).where(Tenant.slug == slug).lock_rows().first().output(load_json=True)
        if row is None:
            raise NotFound(msg.TENANT_NOT_FOUND, slug)
        before = list(row["modules"])
        wanted = _check_modules(list((set(before) | set(switch_on)) - set(switch_off)))
        await Tenant.update({Tenant.modules: wanted}).where(Tenant.slug == slug)
        await _record_switches(
            slug, [m for m in wanted if m not in before], [m for m in before if m not in wanted], actor
        )
        for name in [m for m in wanted if m not in before]:
            await record("platform.module.enabled", actor, slug, {"module": name}, subject=f"module:{name}")
        for name in [m for m in before if m not in wanted]:
            await record("platform.module.disabled", actor, slug, {"module": name}, subject=f"module:{name}")
    if settings is not None and wanted != before:
        await queue.enqueue(settings, MODULES_SWITCHED_JOB, slug)
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


async def create_token(data: TokenIn, actor: Actor = SYSTEM) -> NewToken:
    """Issue a bearer token for an account (created if new). The token is returned once."""
    errors: list[FieldError] = []
    try:
        role = Role.parse(data.role)
    except ValueError:
        raise invalid("role", msg.UNKNOWN_ROLE, role=data.role, roles=", ".join(r.value for r in Role)) from None
    if role in PLATFORM_ROLES and data.tenant:
        errors.append(FieldError("tenant", msg.PLATFORM_TOKEN_WITH_TENANT, role=role.value))
    if role not in PLATFORM_ROLES and not data.tenant:
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
        detail = {"role": role.value, "account": name, "prefix": row.prefix, "org_id": data.org_id}
        await record("platform.token.issued", actor, data.tenant, detail, subject=f"token:{row.id}")
    return NewToken(token=token, info=await get_token(row.id))


async def reviewer(name: str) -> Actor:
    """The reviewer account named `name` (made if new, with no token): how the demo's panel scores."""
    async with DB.transaction():
        await Account.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"platform.reviewer:{name}")
        row = (
            await Account.select(Account.id)
            .where((Account.name == name) & (Account.role == Role.reviewer.value))
            .first()
        )
        if row is not None:
            return Actor(account_id=row["id"], name=name, role=Role.reviewer)
        made = await Account.insert(Account(name=name, role=Role.reviewer.value)).returning(Account.id)
    return Actor(account_id=made[0]["id"], name=name, role=Role.reviewer)


# The hot path of every request: the token, its account and the tenant asked for, in one query
# (SQL rather than the query builder, which costs more than the query on this path), with the
# stamp `platform.entry_check` compares (migration platform_2026_12_08t01_30_00_lead_entry_check).
_ENTRY_SQL = """
SELECT k.expires_at, k.revoked_at, a.id, a.name, a.role, a.tenant_slug, a.org_id, a.member_id,
       t.slug, t.name_zh, t.name_en, t.parent_slug, t.locale, t.timezone, t.modules, t.active,
       t.created_at, t.config, platform.entry_stamp(k, a, t) AS stamp
  FROM platform.api_token k
  JOIN platform.account a ON a.id = k.account
  LEFT JOIN platform.tenant t ON t.slug = $2
 WHERE k.token_hash = $1
"""

# What a token said about its caller and a tenant, as this process last read it (`_ENTRY_SQL`'s
# row), for `enter` to check with the tenant scope's BEGIN rather than read again; the least
# recently used goes past SEEN_MAX. What it holds is used only once the database confirmed it.
_seen: OrderedDict[tuple[str, str], asyncpg.Record] = OrderedDict()
SEEN_MAX = 1024
ENTRY_CHANGED = "SSENT"  # platform.entry_check's SQLSTATE


async def entry(token: str, tenant: str | None = None, connection: Any = None) -> tuple[Actor, TenantOut | None]:
    """The actor behind a bearer token (missing, unknown, revoked or expired → Unauthorized) and
    the tenant `tenant` as it is now (None when there is no such tenant), read in one query on
    `connection` (else on a pool connection). Nothing is kept: a revocation or a tenant switched
    off is seen by the very next request, in every process."""
    return _entered(await _entry_row(token, tenant, connection))


async def enter(token: str, tenant: str, at: Entry) -> tuple[Actor, TenantOut | None]:
    """`entry` for a tenant route's guard. On a read (`at.begin`) of a tenant this process has
    seen the token enter, the token is not read again: BEGIN, the scope's statement and
    `platform.entry_check` of what was read before go in one round trip, which leaves the tenant
    scope's transaction begun (`at.begun`). The check fails when the token was revoked or expired
    or its account or the tenant changed since (then the token is read anew): nothing is loosened."""
    key = (_hash(token), tenant)
    row = _seen.get(key) if at.begin else None
    if row is not None:
        # Begun from here on, as far as the connection's way back to the pool knows: a check that
        # fails otherwise, or is cancelled while it waits (on a lock), has begun the transaction
        # all the same, and the transaction is rolled back, not left to asyncpg's release.
        at.begun = True
        try:
            # Literals, not parameters (one simple-protocol message of three statements): a SHA-256
            # in hex twice, and a slug the route checked (infra.tenancy.check_slug).
            await at.connection.execute(
                f"BEGIN; {at.begin}; SELECT platform.entry_check('{key[0]}', '{tenant}', '{row['stamp']}')"
            )
        except asyncpg.PostgresError as exc:
            if exc.sqlstate != ENTRY_CHANGED:
                raise
            await at.connection.execute("ROLLBACK")
            at.begun = False
            _seen.pop(key, None)
        else:
            if _seen.get(key) is row:  # another read may have dropped it (changed, or least used) meanwhile
                _seen.move_to_end(key)
            return _entered(row)
    row = await _entry_row(token, tenant, at.connection)
    found = _entered(row)
    if at.begin and row["slug"] is not None:
        _seen[key] = row
        if len(_seen) > SEEN_MAX:
            _seen.popitem(last=False)
    return found


async def _entry_row(token: str, tenant: str | None, connection: Any) -> asyncpg.Record:
    if not token or not token.startswith(TOKEN_PREFIX):
        raise Unauthorized(msg.TOKEN_MISSING)
    row = await (connection or db.pool()).fetchrow(_ENTRY_SQL, _hash(token), tenant)
    if row is None:
        raise Unauthorized(msg.TOKEN_INVALID)
    return row


def _entered(row: asyncpg.Record) -> tuple[Actor, TenantOut | None]:
    if row["revoked_at"] is not None:
        raise Unauthorized(msg.TOKEN_REVOKED)
    if row["expires_at"] is not None and row["expires_at"] <= dt.datetime.now(dt.UTC):
        raise Unauthorized(msg.TOKEN_EXPIRED)
    actor = Actor(
        account_id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        tenant=row["tenant_slug"],
        org_id=row["org_id"],
        member_id=row["member_id"],
    )
    if row["slug"] is None:
        return actor, None
    return actor, _out_sql(row)


async def authenticate(token: str) -> Actor:
    """The actor behind a bearer token; missing, unknown, revoked or expired → Unauthorized."""
    return (await entry(token))[0]


async def list_tokens(*, tenant: str | None = None, include_revoked: bool = True) -> list[TokenOut]:
    query = ApiToken.select(*_TOKEN_COLUMNS).order_by(ApiToken.id)
    if tenant:
        query = query.where(ApiToken.account.tenant_slug == tenant)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_null())
    return [_token_out(r) for r in await query]


async def token_page(*, tenant: str | None = None, limit: int = 50, cursor: str | None = None) -> Page[TokenOut]:
    """The tokens (all, or one tenant's) in issue order, one page at a time (the API's list)."""
    sql = """SELECT k.id, k.prefix, k.label, k.created_at, k.expires_at, k.revoked_at,
                    a.role AS "account.role", a.tenant_slug AS "account.tenant_slug",
                    a.org_id AS "account.org_id", a.name AS "account.name"
               FROM platform.api_token k JOIN platform.account a ON a.id = k.account"""
    args = [tenant] if tenant else []
    if tenant:
        sql += " WHERE a.tenant_slug = $1"
    rows, next_cursor = await keyset_sql(sql, *args, limit=limit, cursor=cursor)
    return Page(items=[_token_out(r) for r in rows], next_cursor=next_cursor)


async def get_token(token_id: int) -> TokenOut:
    row = await ApiToken.select(*_TOKEN_COLUMNS).where(ApiToken.id == token_id).first()
    if row is None:
        raise NotFound(msg.TOKEN_NOT_FOUND, token_id)
    return _token_out(row)


async def revoke_token(token_id: int | None = None, *, prefix: str | None = None, actor: Actor = SYSTEM) -> TokenOut:
    where = ApiToken.id == token_id if token_id is not None else ApiToken.prefix == (prefix or "")
    rows = await ApiToken.select(ApiToken.id).where(where)
    if not rows:
        raise NotFound(msg.TOKEN_NOT_FOUND, token_id if token_id is not None else prefix)
    if len(rows) > 1:
        raise Conflict(msg.TOKEN_AMBIGUOUS, prefix=prefix, count=len(rows))
    async with DB.transaction():
        revoked = (
            await ApiToken.update({ApiToken.revoked_at: dt.datetime.now(dt.UTC)})
            .where((ApiToken.id == rows[0]["id"]) & ApiToken.revoked_at.is_null())
            .returning(ApiToken.id)
        )
        token = await get_token(rows[0]["id"])
        if revoked:  # revoking a revoked token changes nothing, and logs nothing
            detail = {"role": token.role, "account": token.account, "prefix": token.prefix}
            await record("platform.token.revoked", actor, token.tenant, detail, subject=f"token:{token.id}")
    return token


async def token_is_valid(token: str) -> bool:
    try:
        await authenticate(token)
    except Unauthorized:
        return False
    return True


# --- the platform's activity log -----------------------------------------------------
#
# What is done to tenants, their modules and tokens is logged here, in `platform.event`, in the
# transaction that does it: the change and its entry commit together or not at all, which an
# entry in the tenant's own schema (another scope, another transaction) could not promise, and
# some of it has no tenant at all (a platform admin's token; a tenant that is being created).
# A tenant admin reads the entries about their tenant beside its log (`GET .../events/platform`).


class PlatformEventOut(msgspec.Struct):
    id: int
    at: dt.datetime
    actor: str
    action: str
    tenant: str | None
    subject: str
    detail: dict[str, Any]
    label: str = ""  # the kind in words, in the reader's language


async def record(
    action: str,
    actor: Actor,
    tenant: str | None = None,
    detail: dict[str, Any] | None = None,
    *,
    subject: str = "",
) -> None:
    await PlatformEvent.insert(
        PlatformEvent(
            at=dt.datetime.now(dt.UTC),
            actor_account_id=actor.account_id,
            actor=actor.name,
            action=action,
            tenant_slug=tenant,
            subject=subject or (f"tenant:{tenant}" if tenant else ""),
            detail=detail or {},
        )
    )


async def list_platform_events(
    *,
    tenant: str | None = None,
    action: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    lang: str = messages.DEFAULT_LANGUAGE,
) -> tuple[list[PlatformEventOut], str | None]:
    """The platform's log, newest first: of one tenant when given; `action` a kind or a family
    (`platform.token`). The answer is a page's items and the next cursor."""
    args: list[Any] = []
    where = ["true"]
    if tenant is not None:
        args.append(tenant)
        where.append(f"tenant_slug = ${len(args)}")
    if action and action.strip():
        args += [action.strip(), like.family(action.strip())]
        where.append(f"(action = ${len(args) - 1} OR action LIKE ${len(args)})")
    sql = f"SELECT id, at, actor, action, tenant_slug, subject, detail FROM platform.event WHERE {' AND '.join(where)}"
    rows, next_cursor = await keyset_sql(sql, *args, limit=limit, cursor=cursor, descending=True)
    words = registry.catalogue()
    items = [
        PlatformEventOut(
            r["id"],
            r["at"],
            r["actor"],
            r["action"],
            r["tenant_slug"],
            r["subject"],
            msgspec.json.decode(r["detail"] or "null") or {},
            kind.render(lang) if (kind := words.get(f"activity.{r['action']}")) else r["action"],
        )
        for r in rows
    ]
    return items, next_cursor


# --- worker heartbeat ------------------------------------------------------------


async def beat(worker: str, jobs_done: int = 0) -> None:
    await WorkerBeat.insert(
        WorkerBeat(worker=worker, beat_at=dt.datetime.now(dt.UTC), jobs_done=jobs_done)
    ).on_conflict(target=WorkerBeat.worker, action="DO UPDATE", values=[WorkerBeat.beat_at, WorkerBeat.jobs_done])


async def last_beat(host: str | None = None) -> dict[str, Any] | None:
    """The latest heartbeat of any worker, or of the workers on `host` (names are `host:pid`)."""
    query = WorkerBeat.select(WorkerBeat.worker, WorkerBeat.beat_at)
    if host is not None:
        query = query.where(WorkerBeat.worker.like(like.escape(host) + ":%"))
    return await query.order_by(WorkerBeat.beat_at, ascending=False).first()


# --- module adoption (推广) -----------------------------------------------------------


async def _record_switches(slug: str, on: Sequence[str], off: Sequence[str], actor: Actor) -> None:
    rows = [ModuleSwitch(tenant_slug=slug, module=m, switched_on=True, actor=actor.name) for m in on]
    rows += [ModuleSwitch(tenant_slug=slug, module=m, switched_on=False, actor=actor.name) for m in off]
    if rows:
        await ModuleSwitch.insert(*rows)


class Adopter(msgspec.Struct):
    tenant: str
    name_zh: str
    name_en: str
    since: dt.datetime | None  # switched on last at (None only for a history lost before it was kept)


class TenantName(msgspec.Struct):
    tenant: str
    name_zh: str
    name_en: str


class Adoption(msgspec.Struct):
    """Which active tenants have a module on, since when, and which have it off."""

    module: str
    title_zh: str
    title_en: str
    pioneer: str | None
    tenants: list[Adopter]
    off: list[str]  # their slugs; by their names in `off_tenants`
    pioneer_tenant: TenantName | None = None  # the pioneer by its names (null when it is no tenant here)
    off_tenants: list[TenantName] = []
    # the pioneer in words, in the request's language: the tenant's name, or else the city's
    # as the module registry names it (吴忠 / Wuzhong)
    pioneer_name: str | None = None

    @classmethod
    def tabulate(cls, answers: list[Adoption], lang: str) -> tuple[list[str], list[list[object]]]:
        """The export, its header in words: a row per module and tenant, on (since when) or off."""
        en = lang == "en"
        rows: list[list[object]] = []
        for a in answers:
            title = a.title_en if en else a.title_zh
            rows += [[a.module, title, t.tenant, t.name_en if en else t.name_zh, True, t.since] for t in a.tenants]
            rows += [[a.module, title, t.tenant, t.name_en if en else t.name_zh, False, None] for t in a.off_tenants]
        return [w[1] if en else w[0] for w in ADOPTION_COLUMNS], rows


ADOPTION_COLUMNS = [
    ("模块", "Module"),
    ("模块名称", "Module name"),
    ("租户代码", "Tenant"),
    ("租户名称", "Tenant name"),
    ("已启用", "On"),
    ("启用时间", "On since"),
]


class SwitchOut(msgspec.Struct):
    id: int
    tenant: str
    module: str
    switched_on: bool
    at: dt.datetime
    actor: str
    name_zh: str | None = None  # the tenant's names (null only for a tenant no longer registered)
    name_en: str | None = None


async def adoption(lang: str = messages.DEFAULT_LANGUAGE) -> list[Adoption]:
    """Every switchable module with the active tenants that have it on (earliest adopter first);
    its pioneer named in `lang`."""
    everyone = await list_tenants()
    tenants = [t for t in everyone if t.active]
    since = {
        (r["tenant_slug"], r["module"]): r["at"]
        for r in await ModuleSwitch.raw(
            "SELECT DISTINCT ON (tenant_slug, module) tenant_slug, module, at FROM platform.module_switch "
            "WHERE switched_on ORDER BY tenant_slug, module, id DESC"
        )
    }
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out = []
    for m in registry.CATALOG:
        if m.always_on:
            continue
        on = [
            Adopter(t.slug, t.name_zh, t.name_en, since.get((t.slug, m.name))) for t in tenants if m.name in t.modules
        ]
        on.sort(key=lambda a: (a.since or far, a.tenant))
        off = [TenantName(t.slug, t.name_zh, t.name_en) for t in tenants if m.name not in t.modules]
        pioneer = next((TenantName(t.slug, t.name_zh, t.name_en) for t in everyone if t.slug == m.pioneer), None)
        city = registry.PIONEER_CITIES.get(m.pioneer or "")
        names = (pioneer.name_zh, pioneer.name_en) if pioneer else city
        name = (names[1] if lang == "en" else names[0]) if names else m.pioneer
        slugs = [t.tenant for t in off]
        out.append(Adoption(m.name, m.title_zh, m.title_en, m.pioneer, on, slugs, pioneer, off, pioneer_name=name))
    return out


async def switches(
    *, module: str | None = None, tenant: str | None = None, limit: int = 100, cursor: str | None = None
) -> Page[SwitchOut]:
    """The history of switches, newest first, of one module and/or one tenant when given."""
    if module is not None:
        _check_modules([module], "module")
    if tenant is not None:
        await _row(tenant)
    args: list[Any] = []
    where = []
    if module is not None:
        args.append(module)
        where.append(f"module = ${len(args)}")
    if tenant is not None:
        args.append(tenant)
        where.append(f"tenant_slug = ${len(args)}")
    sql = (
        "SELECT s.id, s.tenant_slug, s.module, s.switched_on, s.at, s.actor, t.name_zh, t.name_en"
        " FROM platform.module_switch s LEFT JOIN platform.tenant t ON t.slug = s.tenant_slug"
    )
    if where:
        sql += " WHERE " + " AND ".join(f"s.{w}" for w in where)
    rows, nxt = await keyset_sql(sql, *args, limit=limit, cursor=cursor, descending=True)
    items = [
        SwitchOut(
            r["id"], r["tenant_slug"], r["module"], r["switched_on"], r["at"], r["actor"], r["name_zh"], r["name_en"]
        )
        for r in rows
    ]
    return Page(items, nxt)


# --- the platform report -----------------------------------------------------------


def subtree(tenants: list[TenantOut], root: str) -> list[TenantOut]:
    """`root` and the tenants under it (Xixia under Yinchuan), root first, each before its children."""
    children: dict[str | None, list[TenantOut]] = {}
    for t in tenants:
        children.setdefault(t.parent, []).append(t)
    top = next((t for t in tenants if t.slug == root), None)
    out, queue = [], [top] if top else []
    while queue:
        node = queue.pop(0)
        out.append(node)
        queue.extend(children.get(node.slug, []))
    return out


async def platform_figures(tenant: str | None, year: int) -> dict[str, int | float]:
    """`tenants`: active tenants (the tenant and those under it); `modules_enabled`:
    modules switched on across them. The platform's own state has no history,
    so the figures are as of now whatever the year."""
    rows = await list_tenants(include_disabled=False)
    if tenant is not None:
        rows = subtree(rows, tenant)
    return {"tenants": len(rows), "modules_enabled": sum(len(t.modules) for t in rows)}
