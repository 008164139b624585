"""Platform routes (`/api/v1/platform/...`) for the regional federation, and the
tenant-side `me` and `tokens` routes."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import Parameter
from msgspec import Meta

from server.errors import Forbidden, invalid
from server.infra.figures import FigureLabel
from server.infra.pagination import Page
from server.infra.params import Cursor, Id, Limit, OptCode, Query, Slug
from server.infra.problems import language
from server.infra.types import Code
from server.modules import registry
from server.modules.registry import CATALOG
from server.platform import messages as msg
from server.platform import service
from server.platform.auth import ADMINS, authenticated, platform_admin_only
from server.platform.roles import PLATFORM_ROLES, Actor
from server.platform.service import (
    Adoption,
    NewToken,
    SwitchOut,
    TenantIn,
    TenantOut,
    TenantPatch,
    TokenIn,
    TokenOut,
)


class ModuleOut(msgspec.Struct):
    name: str
    title_zh: str
    title_en: str
    shared: bool
    pioneer: str | None
    enabled: bool
    # what its report counts, by figure code: a client labels a figure (a nomination's claim) from it
    figures: dict[str, FigureLabel] = {}


Modules = Annotated[list[Code], Meta(max_length=100)]


class ModulesIn(msgspec.Struct, forbid_unknown_fields=True):
    enable: Modules = []
    disable: Modules = []


class ModulesSet(msgspec.Struct, forbid_unknown_fields=True):
    modules: Modules


def figure_labels(module: str) -> dict[str, FigureLabel]:
    """What the module's report counts (the catalogue's stubs carry no figures: the module's own)."""
    spec = registry.get(module)
    figures = spec.figures if spec is not None else {}
    return {code: FigureLabel(f.zh, f.en, f.unit, f.additive) for code, f in figures.items()}


def modules_of(tenant: TenantOut) -> list[ModuleOut]:
    return [
        ModuleOut(
            m.name,
            m.title_zh,
            m.title_en,
            m.shared,
            m.pioneer,
            m.name in tenant.modules,
            figure_labels(m.name),
        )
        for m in CATALOG
        if not m.always_on
    ]


class TenantController(Controller):
    path = "/tenants"
    tags = ["platform"]
    guards = [platform_admin_only]

    @get("/", summary="List tenants (`q`: words of the slug or either name)")
    async def list_tenants(self, limit: Limit = 50, cursor: Cursor = None, q: Query = None) -> Page[TenantOut]:
        return await service.tenant_page(q=q, limit=limit, cursor=cursor)

    @post("/", summary="Create a tenant (creates and migrates its schema)")
    async def create(self, data: TenantIn, actor: Actor) -> TenantOut:
        return await service.create_tenant(data, actor)

    @get("/{slug:str}", summary="Show a tenant")
    async def show(self, slug: Slug) -> TenantOut:
        return await service.get_tenant(slug)

    @patch("/{slug:str}", summary="Update a tenant (names, parent, locale, active, config)")
    async def update(self, slug: Slug, data: TenantPatch, actor: Actor) -> TenantOut:
        return await service.update_tenant(slug, data, actor)

    @delete("/{slug:str}", status_code=200, summary="Disable a tenant (its data is kept)")
    async def disable(self, slug: Slug, actor: Actor) -> TenantOut:
        return await service.disable_tenant(slug, actor)

    @get("/{slug:str}/modules", summary="Modules of a tenant, on and off")
    async def modules(self, slug: Slug) -> list[ModuleOut]:
        return modules_of(await service.get_tenant(slug))

    @post("/{slug:str}/modules", status_code=200, summary="Switch modules on and off")
    async def switch_modules(self, request: Request, slug: Slug, data: ModulesIn, actor: Actor) -> list[ModuleOut]:
        return modules_of(
            await service.set_modules(
                slug,
                enable=data.enable,
                disable=data.disable,
                actor=actor,
                settings=request.app.state.settings,
            )
        )

    @put("/{slug:str}/modules", summary="Set exactly which modules are on")
    async def set_modules(self, request: Request, slug: Slug, data: ModulesSet, actor: Actor) -> list[ModuleOut]:
        current = await service.get_tenant(slug)
        return modules_of(
            await service.set_modules(
                slug,
                enable=data.modules,
                disable=[m for m in current.modules if m not in data.modules],
                actor=actor,
                settings=request.app.state.settings,
            )
        )


class AdoptionController(Controller):
    """How innovations spread (推广): who has each module on, since when, and every switch."""

    path = "/adoption"
    tags = ["platform"]
    guards = [platform_admin_only]

    @get("/", summary="Each module: the tenants that have it on (since when) and those that have it off")
    async def adoption(self, request: Request) -> list[Adoption]:
        return await service.adoption(language(request))

    @get("/switches", summary="The history of module switches, newest first")
    async def switches(
        self, module: OptCode = None, tenant: OptCode = None, limit: Limit = 100, cursor: Cursor = None
    ) -> Page[SwitchOut]:
        return await service.switches(module=module, tenant=tenant, limit=limit, cursor=cursor)


class PlatformEventController(Controller):
    path = "/events"
    tags = ["platform"]
    guards = [platform_admin_only]

    @get(
        "/",
        summary="The platform's activity log: tenants, modules and tokens, newest first",
        description="`tenant` keeps one tenant's entries; `action` a kind or a family (`platform.token`).",
    )
    async def list_events(
        self,
        request: Request,
        tenant: Annotated[str | None, Parameter(query="tenant", max_length=32)] = None,
        action: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: Cursor = None,
    ) -> Page[service.PlatformEventOut]:
        items, next_cursor = await service.list_platform_events(
            tenant=tenant, action=action, limit=limit, cursor=cursor, lang=language(request)
        )
        return Page(items=items, next_cursor=next_cursor)


class PlatformTokenController(Controller):
    path = "/tokens"
    tags = ["platform"]
    guards = [platform_admin_only]

    @get("/", summary="List tokens (never the secret)")
    async def list_tokens(
        self,
        tenant: Annotated[str | None, Parameter(query="tenant", max_length=32)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[TokenOut]:
        return await service.token_page(tenant=tenant, limit=limit, cursor=cursor)

    @post("/", summary="Create a token; the secret is in this answer only")
    async def create(self, data: TokenIn, actor: Actor) -> NewToken:
        return await service.create_token(data, actor)

    @delete("/{token_id:int}", status_code=200, summary="Revoke a token")
    async def revoke(self, token_id: Id, actor: Actor) -> TokenOut:
        return await service.revoke_token(token_id, actor=actor)


class MeOut(msgspec.Struct):
    account: str
    role: str
    tenant: TenantOut
    org_id: int | None
    member_id: int | None
    modules: list[ModuleOut]


class WhoAmI(msgspec.Struct):
    account: str
    role: str
    tenant: str | None
    org_id: int | None
    member_id: int | None


@get("/api/v1/me", tags=["platform"], guards=[authenticated], summary="Who this token is, whatever its tenant")
async def whoami(request: Request) -> WhoAmI:
    """Lets a client find the token's tenant without being told it. A disabled tenant's token is
    refused here as on every tenant route (404 `tenant_not_found`)."""
    actor: Actor = request.state.actor
    if actor.tenant is not None:
        await service.active_tenant(actor.tenant)
    return WhoAmI(
        account=actor.name, role=actor.role.value, tenant=actor.tenant, org_id=actor.org_id, member_id=actor.member_id
    )


class TenantAccessController(Controller):
    """Who the token is, and the tenant admin's own tokens."""

    path = "/"
    tags = ["tenant"]

    @get("/me", summary="Who this token is, in this tenant")
    async def me(self, request: Request, actor: Actor) -> MeOut:
        tenant: TenantOut = request.state.tenant
        return MeOut(
            account=actor.name,
            role=actor.role.value,
            tenant=tenant,
            org_id=actor.org_id,
            member_id=actor.member_id,
            modules=modules_of(tenant),
        )

    @get("/tokens", guards=[ADMINS], summary="This tenant's tokens")
    async def list_tokens(self, tenant: Slug, limit: Limit = 50, cursor: Cursor = None) -> Page[TokenOut]:
        return await service.token_page(tenant=tenant, limit=limit, cursor=cursor)

    @post("/tokens", guards=[ADMINS], summary="Create a token in this tenant")
    async def create_token(self, tenant: Slug, data: TokenIn, actor: Actor) -> NewToken:
        if data.role in {r.value for r in PLATFORM_ROLES}:
            raise Forbidden(msg.NO_PLATFORM_TOKENS_HERE, code="role_forbidden", role=data.role)
        if data.tenant not in (None, tenant):
            raise invalid("tenant", msg.TOKEN_TENANT_MISMATCH, tenant=tenant)
        return await service.create_token(msgspec.structs.replace(data, tenant=tenant), actor)

    @delete("/tokens/{token_id:int}", status_code=200, guards=[ADMINS], summary="Revoke a token of this tenant")
    async def revoke(self, tenant: Slug, token_id: Id, actor: Actor) -> TokenOut:
        token = await service.get_token(token_id)
        if token.tenant != tenant:
            raise Forbidden(msg.OTHER_TENANTS_TOKEN, code="tenant_forbidden")
        return await service.revoke_token(token_id, actor=actor)
