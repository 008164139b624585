from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import Parameter

from server.infra.pagination import Page
from server.modules.core import service
from server.modules.core.service import EventOut
from server.platform.auth import TenantScope, roles
from server.platform.roles import Role


class EventController(Controller):
    path = "/events"
    tags = ["core"]
    guards = [roles(Role.tenant_admin, Role.auditor)]

    @get("/", summary="The tenant's activity log, newest first")
    async def list_events(
        self,
        in_tenant: TenantScope,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        cursor: str | None = None,
        action: str | None = None,
    ) -> Page[EventOut]:
        async with in_tenant:
            return await service.list_events(limit=limit, cursor=cursor, action=action)
