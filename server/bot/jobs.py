"""arq jobs of the bot channel, registered by the worker (`server.jobs.worker`):

- `bot_deliver` turns what the modules have to tell linked workers (`BotPart.notices`) into
  messages in the outbox, then queues a send job for every queued message of the tenant;
- `telegram_send` sends one queued Bot API call within Telegram's limits; on a 429 it waits
  the `retry_after` Telegram gave, on a 5xx or a network error it backs off; either way arq
  retries it. A call Telegram refuses for good (400, 403: the user blocked the bot) is marked
  failed and never retried;
- `bot_sweep` (cron) delivers for every tenant, re-queuing what a lost kick or a restarted
  Redis left behind; `bot_prune` (cron) forgets old update ids;
- `modules_switched` registers the command menu again when a module is switched on or off; when
  Telegram cannot be reached (a network error, a 5xx, a 429) arq runs it again after a back-off,
  as `telegram_send` (up to the worker's `max_tries`); a refusal for good (400, 401) fails it.
"""

from __future__ import annotations

import logging
from typing import Any

from arq import Retry, cron

from server.bot import chat, client, limits, parts, setup, store
from server.bot.client import BotApiError
from server.bot.i18n import pick_language
from server.errors import NotFound
from server.infra import queue
from server.infra.tenancy import tenant_scope
from server.platform import service as platform
from server.settings import Settings

log = logging.getLogger("saishang.bot")
MAX_BACKOFF = 60


# --- asking the worker, from the API process ------------------------------------------


async def kick(settings: Settings, tenant: str) -> None:
    """Ask the worker to deliver new notices and send new replies now, not at the next sweep
    (without Redis, or with it down, the messages wait in PostgreSQL and the sweep sends them)."""
    await queue.enqueue(settings, "bot_deliver", tenant)


async def modules_switched(ctx: dict[str, Any], tenant: str) -> dict[str, Any]:
    """A module was switched on or off for the tenant (`platform.service.set_modules` queues this
    job by name): Telegram's command menu is registered again, listing what `/help` now lists."""
    try:
        async with tenant_scope(tenant):
            token = await store.bot_token()
    except NotFound:  # no bot yet: setting the token registers the menu
        return {"commands": False}
    try:
        await setup.register_commands(ctx["settings"], tenant, token)
    except BotApiError as exc:
        if not exc.temporary:
            raise
        # arq retries only what raises `Retry` (any other exception ends the job for good).
        log.warning("command menu of %s not registered (%s); trying again", tenant, exc)
        raise Retry(defer=float(exc.retry_after or 0) or _backoff(ctx.get("job_try", 1))) from None
    return {"commands": True}


# --- delivery ------------------------------------------------------------------------------


def send_job_id(tenant: str, message_id: int) -> str:
    return f"saishang:tg:{tenant}:{message_id}"


async def queue_sends(redis: Any, tenant: str, messages: list[store.OutMessage]) -> int:
    queued = 0
    for m in messages:
        job = await redis.enqueue_job(
            "telegram_send", tenant, m.id, m.chat_id, m.method, _job_id=send_job_id(tenant, m.id)
        )
        queued += job is not None
    return queued


async def deliver_notices(modules: frozenset[str]) -> int:
    """Inside the tenant's scope: queue what the modules that are on have to tell linked workers."""
    links = await store.links_for_members(await store.linked_member_ids())
    if not links:
        return 0
    queued = 0
    for part in parts.enabled(modules).values():
        if part.notices is None:
            continue
        for notice in await part.notices(list(links)):
            link = links.get(notice.member_id)
            if link is None:
                continue
            lang = pick_language(link.language, link.telegram_language)
            if lang == "zh-CN":
                text, buttons = notice.text_zh, notice.buttons
            else:
                text, buttons = notice.text_en, notice.buttons_en or notice.buttons
            payload = chat.message_payload(link.chat_id, text, buttons)
            queued += await store.enqueue(link.chat_id, "sendMessage", payload, key=notice.key) is not None
    return queued


async def bot_deliver(ctx: dict[str, Any], tenant: str) -> dict[str, int]:
    """Queue the modules' notices for linked workers, then a send job for every queued message."""
    modules = await parts.modules_on(tenant)
    async with tenant_scope(tenant):
        notices = await deliver_notices(modules)
        queued = await store.queued_messages()
    sends = await queue_sends(ctx["redis"], tenant, queued)
    return {"notices": notices, "sends": sends}


async def bot_sweep(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: deliver for every tenant, whichever modules it has on."""
    done = {}
    for found in await platform.list_tenants(include_disabled=False):
        done[found.slug] = (await bot_deliver(ctx, found.slug))["sends"]
    return done


async def bot_prune(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron: Telegram redelivers for a day at most; older update ids need not be kept."""
    done = {}
    for found in await platform.list_tenants(include_disabled=False):
        async with tenant_scope(found.slug):
            done[found.slug] = await store.prune_updates()
    return done


# --- sending ---------------------------------------------------------------------------


def _backoff(job_try: int) -> float:
    return float(min(2 ** max(job_try - 1, 0), MAX_BACKOFF))


async def telegram_send(ctx: dict[str, Any], tenant: str, message_id: int, chat_id: int, method: str) -> dict[str, Any]:
    settings: Settings = ctx["settings"]
    redis = ctx["redis"]
    retry: float | None = None
    async with tenant_scope(tenant):
        message = await store.claim(message_id)
        if message is None:
            return {"sent": None}  # sent already (by this job's twin, or an earlier try)
        if not isinstance(message, store.OutMessage):  # BUSY: older calls to this chat go out first
            # Come back when its turn is near (about one a second): each retry counts against the job's tries.
            raise Retry(defer=float(max(1, await store.queued_ahead(message_id))))
        token = await store.bot_token()
        # The slot is taken last, right before the call, so the pace holds at Telegram's end.
        wait = await limits.acquire(redis, tenant, None if method == "answerCallbackQuery" else chat_id)
        if wait:
            retry = wait
        else:
            retry = await _send(settings, redis, tenant, token, message, ctx.get("job_try", 1))
    if retry is not None:
        raise Retry(defer=retry)
    return {"sent": message.id}


async def _send(
    settings: Settings, redis: Any, tenant: str, token: str, message: store.OutMessage, job_try: int
) -> float | None:
    """One call; the seconds to wait before retrying, or None when done (sent or refused for good)."""
    try:
        await client.call(settings, token, message.method, message.payload)
    except BotApiError as exc:
        retry: float | None = None
        if exc.status == 429:
            retry = float(exc.retry_after or 1)
            await limits.block_chat(redis, tenant, message.chat_id, retry)
        elif exc.temporary:
            retry = _backoff(job_try)
        await store.note_attempt(message.id, str(exc), failed=retry is None)
        return retry
    await store.mark_sent(message.id)
    return None


JOBS = [bot_deliver, telegram_send, bot_sweep, bot_prune, modules_switched]
CRON_JOBS = [
    # Deliver notices and re-queue lost sends.
    cron(bot_sweep, second={0, 15, 30, 45}, unique=True),
    cron(bot_prune, minute={20}, second={0}, unique=True),
]
