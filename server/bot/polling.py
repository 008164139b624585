"""Polling mode for local use (`saishang bot poll --tenant SLUG`): the webhook is
removed and updates are fetched with getUpdates, then handled by the same
`dispatch.process_update` as the webhook (duplicates dropped the same way)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from server.bot import client, dispatch, jobs, setup, store
from server.bot.client import BotApiError
from server.infra.tenancy import tenant_scope
from server.settings import Settings

log = logging.getLogger("saishang.bot")
LONG_POLL = 25


async def poll(
    settings: Settings,
    tenant: str,
    *,
    stop: asyncio.Event | None = None,
    on_update: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Fetch and handle updates until `stop` is set; returns how many were handled."""
    stop = stop or asyncio.Event()
    async with tenant_scope(tenant):
        token = await store.bot_token()
    await client.delete_webhook(settings, token)
    await setup.register_commands(settings, tenant, token)
    offset: int | None = None
    handled, failures = 0, 0
    while not stop.is_set():
        try:
            updates = await client.call(
                settings,
                token,
                "getUpdates",
                {"offset": offset, "timeout": LONG_POLL, "allowed_updates": ["message", "callback_query"]},
                timeout=LONG_POLL + 10,
            )
            failures = 0
        except BotApiError as exc:
            if not exc.temporary:
                raise
            failures += 1
            wait = exc.retry_after or min(2**failures, 60)
            log.warning("getUpdates failed (%s); retrying in %ss", exc, wait)
            await asyncio.sleep(wait)
            continue
        for update in updates or []:
            try:
                await dispatch.process_update(tenant, update, token=token)
            except dispatch.TRANSIENT as exc:  # the database or network for a moment: this update again
                failures += 1
                wait = min(2**failures, 60)
                log.warning("update %s failed (%s); trying it again in %ss", update.get("update_id"), exc, wait)
                await asyncio.sleep(wait)
                break
            offset = update["update_id"] + 1
            handled += 1
            if on_update:
                on_update(update)
        if updates:
            await jobs.kick(settings, tenant)
    return handled
