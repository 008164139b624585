"""The orgs module's background work: transfers dated in the future take effect on their day.

A member's `org_id` is their union today. A transfer dated later is kept as a placement that
starts on that day; this cron job moves the member when the day comes. It is idempotent (an
UPDATE of the members whose union differs from the placement valid today), so running it late,
twice, or after a worker was down for a week gives the same result."""

from __future__ import annotations

from typing import Any

from arq import cron

from server.infra.tenancy import tenant_scope
from server.modules.orgs import service
from server.platform import service as platform


async def orgs_due_transfers(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: apply the transfers due today in every tenant with the orgs module."""
    moved: dict[str, int] = {}
    for tenant in await platform.list_tenants(include_disabled=False):
        if platform.module_enabled(tenant, "orgs"):
            async with tenant_scope(tenant.slug):
                ids = await service.apply_due_transfers()
            if ids:
                moved[tenant.slug] = len(ids)
    return moved


JOBS = [orgs_due_transfers]
# Day-granular: hourly (and when a worker starts) is soon enough after midnight in Asia/Shanghai.
CRON_JOBS = [cron(orgs_due_transfers, minute=2, run_at_startup=True)]
