"""Who is calling, and may they: Litestar guards that run before any tenant scope opens.

Order on a tenant route: the slug is checked (404), the bearer token is
authenticated (401), the account must belong to that tenant or be a platform
admin (403), the tenant must exist and be active (404), the module must be on
(404; the route's `opt`, `module_opt`), and the handler's roles must include the account's (403).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from server.errors import Forbidden, NotFound
from server.infra.params import Slug
from server.infra.tenancy import check_slug, entry_connection, tenant_scope
from server.platform import messages as msg
from server.platform import service
from server.platform.roles import Actor, Role

Guard = Callable[[ASGIConnection, BaseRouteHandler], Any]


def bearer(connection: ASGIConnection) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def authenticated(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if "actor" not in connection.state:
        connection.state.actor = await service.authenticate(bearer(connection))


async def platform_admin_only(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    await authenticated(connection, handler)
    if not connection.state.actor.is_platform:
        raise Forbidden(msg.PLATFORM_ADMIN_ONLY, code="role_forbidden")


async def panel(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The review's panel: the platform admin and the reviewers."""
    await authenticated(connection, handler)
    if connection.state.actor.role not in (Role.platform_admin, Role.reviewer):
        raise Forbidden(msg.PANEL_ONLY, code="role_forbidden")


async def reviewer_only(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    await authenticated(connection, handler)
    if connection.state.actor.role is not Role.reviewer:
        raise Forbidden(msg.REVIEWER_ONLY, code="role_forbidden")


# Who may call, as the API docs say it (server.platform.docs reads `roles`).
panel.roles = [Role.platform_admin.value, Role.reviewer.value]  # type: ignore[attr-defined]
reviewer_only.roles = [Role.reviewer.value]  # type: ignore[attr-defined]


async def tenant_access(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The token and the tenant in one query; on a read, the request's tenant scope then opens
    on the connection that query ran on (infra.tenancy.entry_connection), or, for a token this
    process has seen, the check goes with the scope's BEGIN (platform.service.enter)."""
    slug = check_slug(connection.path_params["tenant"])
    read = connection.scope.get("method") in ("GET", "HEAD")
    # A handler that takes the tenant scope (`SCOPE`) opens it: a read's check may begin it. One
    # that takes none (`/me`, the tenant's tokens) is not left idle in a transaction it never uses.
    opens = SCOPE in handler.parsed_fn_signature.parameters
    async with entry_connection(slug, keep=read, begin=read and opens) as at:
        actor, tenant = await service.enter(bearer(connection), slug, at)
    connection.state.actor = actor
    if not actor.may_enter(slug):
        raise Forbidden(msg.NOT_THIS_TENANT, code="tenant_forbidden", tenant=slug)
    connection.state.tenant = found = service.check_active(slug, tenant)
    # A module switched off answers 404, as if it did not exist. Its routes name it in their `opt`
    # (`module_opt`) rather than by a guard of their own: Litestar copies the route handler for
    # every guard it runs, which cost more than the check.
    module = handler.opt.get(MODULE)
    if module is not None and not service.module_enabled(found, module):
        raise NotFound(msg.MODULE_NOT_ENABLED, module=module, tenant=slug)


SCOPE = "in_tenant"  # the dependency a handler opening its tenant's scope takes (`provide_scope`)
MODULE = "saishang_module"  # the `opt` key naming the module a tenant route needs on


def module_opt(name: str) -> dict[str, str]:
    """The `opt` of a module's routes: `tenant_access` answers 404 while the tenant has it off
    (the API docs read it too, server.platform.docs)."""
    return {MODULE: name}


def roles(*allowed: Role) -> Guard:
    """Only these roles (a platform admin may act in any tenant)."""
    names = {r.value for r in allowed} | {Role.platform_admin.value}

    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        actor: Actor = connection.state.actor
        if actor.role.value not in names:
            raise Forbidden(
                msg.ROLE_MAY_NOT, code="role_forbidden", role=actor.role.value, allowed=", ".join(sorted(names))
            )

    guard.roles = sorted(names)  # type: ignore[attr-defined]  # read by the API docs (server.platform.docs)
    return guard


ADMINS = roles(Role.tenant_admin)
STAFF = roles(Role.tenant_admin, Role.org_officer, Role.auditor)


# --- dependencies (provided with Provide at the router level) ---------------


async def provide_actor(request: Any) -> Actor:
    return request.state.actor


class TenantScope:
    """`async with in_tenant:` opens the tenant's transaction (see infra.tenancy)."""

    def __init__(self, slug: str):
        self.slug = slug
        self._cm: AbstractAsyncContextManager[str] | None = None

    async def __aenter__(self) -> str:
        self._cm = tenant_scope(self.slug)
        return await self._cm.__aenter__()

    async def __aexit__(self, *exc: Any) -> bool | None:
        if self._cm is None:
            return None
        return await self._cm.__aexit__(*exc)


async def provide_scope(tenant: Slug, actor: Actor) -> TenantScope:
    """The scope of the request's tenant. It takes `actor` only to come after it: Litestar resolves
    dependencies that need nothing of each other side by side, in a task group with a task each,
    which cost more on every tenant request than resolving the two in turn."""
    return TenantScope(tenant)
