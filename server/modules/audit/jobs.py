"""The audit module's background work: rectification deadlines (cron).

A reminder goes out when a union's rectification is due within five days, an escalation to the
committee once it is overdue; each is sent once (a unique key in `audit_deadline_notice`), so a job
run late, twice, or by two workers sends nothing twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from server.platform import service as platform


async def audit_deadlines(ctx: dict[str, Any]) -> dict[str, Any]:
    """Cron: reminders and escalations of rectifications in every tenant with `audit` on."""
    done: dict[str, Any] = {}
    for tenant in await platform.list_tenants(include_disabled=False):
        if platform.module_enabled(tenant, "audit"):
            async with tenant_scope(tenant.slug):
                sent = await service.check_deadlines()
            if sent.reminders or sent.escalations:
                done[tenant.slug] = {"reminders": len(sent.reminders), "escalations": len(sent.escalations)}
    return done


JOBS: list[Callable[..., Awaitable[Any]]] = [audit_deadlines]
# Day-granular deadlines: hourly (and when a worker starts) is soon enough.
CRON_JOBS = [cron(audit_deadlines, minute=12, run_at_startup=True)]
