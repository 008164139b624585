"""`saishang demo`: each enabled module loads its demo dataset into a tenant, once."""

from __future__ import annotations

from collections.abc import Callable

from server.infra.tenancy import tenant_scope
from server.modules import registry
from server.modules.contract import DemoContext
from server.modules.core.tables import Event
from server.platform import service
from server.settings import Settings


async def load_demo(settings: Settings, slugs: list[str], progress: Callable[[str], None] = print) -> None:
    for slug in slugs:
        tenant = await service.get_tenant(slug)
        for module in registry.modules().values():
            if module.demo is None or not service.module_enabled(tenant, module.name):
                continue
            marker = f"demo.loaded.{module.name}"
            async with tenant_scope(slug):
                done = await Event.exists().where(Event.action == marker)
            if done:
                progress(f"{slug}/{module.name}: already loaded")
                continue
            progress(f"{slug}/{module.name}: loading")
            await module.demo(DemoContext(tenant=slug, progress=progress, extras={"settings": settings}))
            async with tenant_scope(slug):
                await Event.insert(Event(action=marker, subject=module.name))
            progress(f"{slug}/{module.name}: done")
