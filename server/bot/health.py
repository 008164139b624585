"""The bot's part of `/readyz`: each tenant's outbox (what waits, what failed, the last send
error) and one check that turns red when sending does not work in some tenant (issue 13: with
the Bot API out of reach the bot sent nothing and the health screen stayed green)."""

from __future__ import annotations

from server.bot import store
from server.bot.store import OutboxHealth
from server.infra.tenancy import tenant_scope
from server.platform import service as platform


async def outboxes() -> list[OutboxHealth]:
    """The outbox of every active tenant with a bot."""
    found = []
    for tenant in await platform.list_tenants(include_disabled=False):
        try:
            async with tenant_scope(tenant.slug):
                if await store.is_configured():
                    found.append(await store.outbox_health(tenant.slug))
        except Exception as exc:  # one tenant's broken schema is its own red line, not everyone's
            error = f"{type(exc).__name__}: {exc}"
            found.append(OutboxHealth(tenant=tenant.slug, queued=0, failed=0, last_error=error, failing=True))
    return found


def summary(outboxes: list[OutboxHealth]) -> tuple[bool, str]:
    """(ok, detail) of the bot check: the failing tenants first, each with its last error."""
    if not outboxes:
        return True, "no bot configured"
    queued, failed = sum(o.queued for o in outboxes), sum(o.failed for o in outboxes)
    failing = [o for o in outboxes if o.failing]
    head = f"{len(outboxes)} bot(s), {queued} queued, {failed} failed"
    if not failing:
        return True, head
    worst = "; ".join(f"{o.tenant}: {o.last_error or f'{o.queued} queued, none sent'}" for o in failing[:3])
    return False, f"{head}; sending fails in {len(failing)} tenant(s): {worst}"
