"""Voice's background work: deadline reminders and escalation (cron). Each job opens its
tenant's scope itself. Notices reach workers through the bot channel (`server.bot.jobs`
delivers them; `kick_delivery` asks it to do so now)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron

from server.bot.jobs import kick as kick_delivery
from server.infra.tenancy import tenant_scope
from server.modules.voice import service
from server.platform import service as platform

__all__ = ["CRON_JOBS", "JOBS", "kick_delivery", "voice_deadlines"]


async def voice_tenants() -> list[str]:
    return [t.slug for t in await platform.list_tenants(include_disabled=False) if platform.module_enabled(t, "voice")]


async def voice_deadlines(ctx: dict[str, Any]) -> dict[str, Any]:
    """Cron: reminders before each acceptance form's deadline, escalation when overdue."""
    done = {}
    for slug in await voice_tenants():
        async with tenant_scope(slug):
            done[slug] = await service.check_deadlines()
    return done


JOBS: list[Callable[..., Awaitable[Any]]] = [voice_deadlines]
CRON_JOBS = [
    # Reminders and escalation: twice an hour is plenty for day-granular deadlines.
    cron(voice_deadlines, minute={5, 35}, run_at_startup=True),
]
