"""The rotation module's background work: the slots' deadlines.

Daily, in every tenant with `rotation` on: a vice chair whose slot ends within two weeks and who
has run no themed series is reminded (over Telegram when their chat is linked, through the bot
channel's notices), and a slot that ended without one is flagged. Each once per slot, whatever
retries: the unique (slot, kind) row is the key."""

from __future__ import annotations

from typing import Any

from arq import cron

from server.infra.tenancy import tenant_scope
from server.modules.rotation import service
from server.platform import service as platform


async def rotation_slot_deadlines(ctx: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Cron: remind and flag the slots without a themed series, in every tenant with `rotation` on."""
    done: dict[str, dict[str, int]] = {}
    for tenant in await platform.list_tenants(include_disabled=False):
        if platform.module_enabled(tenant, "rotation"):
            async with tenant_scope(tenant.slug):
                out = await service.check_deadlines()
            if out.reminded or out.flagged:
                done[tenant.slug] = {"reminded": len(out.reminded), "flagged": len(out.flagged)}
    return done


JOBS = [rotation_slot_deadlines]
# Day-granular: early morning in Asia/Shanghai (UTC+8), and when a worker starts.
CRON_JOBS = [cron(rotation_slot_deadlines, hour=23, minute=10, run_at_startup=True)]
