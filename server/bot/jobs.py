"""arq jobs of the bot: turn the voice notices into messages, and send the outbox.

`telegram_send` sends one queued Bot API call within Telegram's limits; on a
429 it waits the `retry_after` Telegram gave, on a 5xx or a network error it
backs off; either way arq retries it. A call Telegram refuses for good (400,
403: the user blocked the bot) is marked failed and never retried.
"""

from __future__ import annotations

from typing import Any

from arq import Retry

from server.bot import client, limits
from server.bot.client import BotApiError
from server.bot.i18n import pick_language
from server.infra.tenancy import tenant_scope
from server.modules.voice import service, telegram
from server.settings import Settings

MAX_BACKOFF = 60


def send_job_id(tenant: str, message_id: int) -> str:
    return f"saishang:tg:{tenant}:{message_id}"


async def queue_sends(redis: Any, tenant: str, messages: list[telegram.OutMessage]) -> int:
    queued = 0
    for m in messages:
        job = await redis.enqueue_job(
            "telegram_send", tenant, m.id, m.chat_id, m.method, _job_id=send_job_id(tenant, m.id)
        )
        queued += job is not None
    return queued


async def voice_deliver(ctx: dict[str, Any], tenant: str) -> dict[str, int]:
    """Render the undelivered notices of linked workers into messages, then queue
    a send job for every queued message of the tenant."""
    from server.bot.handlers import render_notice  # aiogram: only where a notice is rendered (CLI start stays fast)

    async with tenant_scope(tenant):
        await service.collect_payments(await telegram.linked_member_ids())
        members = await service.pending_notice_members()
        links = await telegram.links_for_members(members)
        notices = await service.claim_notices(list(links))
        for n in notices:
            link = links[n.member_id]
            text, keyboard = render_notice(n.kind, n.params, pick_language(link.language, link.telegram_language))
            payload: dict[str, Any] = {"chat_id": link.chat_id, "text": text}
            if keyboard:
                from server.bot.handlers import _markup

                payload["reply_markup"] = _markup(keyboard)
            await telegram.enqueue(link.chat_id, "sendMessage", payload, key=f"notice:{n.id}")
        queued = await telegram.queued_messages()
    sends = await queue_sends(ctx["redis"], tenant, queued)
    return {"notices": len(notices), "sends": sends}


def _backoff(job_try: int) -> float:
    return float(min(2 ** max(job_try - 1, 0), MAX_BACKOFF))


async def telegram_send(ctx: dict[str, Any], tenant: str, message_id: int, chat_id: int, method: str) -> dict[str, Any]:
    settings: Settings = ctx["settings"]
    redis = ctx["redis"]
    retry: float | None = None
    async with tenant_scope(tenant):
        message = await telegram.claim(message_id)
        if message is None:
            return {"sent": None}  # sent already (by this job's twin, or an earlier try)
        if message == telegram.BUSY:  # older calls to this chat go out first, about one a second
            # Come back when its turn is near: each retry counts against the job's tries.
            raise Retry(defer=float(max(1, await telegram.queued_ahead(message_id))))
        token = await telegram.bot_token()
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
    settings: Settings, redis: Any, tenant: str, token: str, message: telegram.OutMessage, job_try: int
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
        await telegram.note_attempt(message.id, str(exc), failed=retry is None)
        return retry
    await telegram.mark_sent(message.id)
    return None
