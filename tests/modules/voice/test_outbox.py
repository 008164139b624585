"""The bot's outbox: a chat reads its messages in the order they were written, even when two
send jobs run at once."""

from __future__ import annotations

import asyncio

from server.bot import store as telegram
from server.infra.db import DB
from server.infra.tenancy import tenant_scope


async def test_a_newer_message_waits_while_an_older_one_to_the_same_chat_is_being_sent(tenant):
    async with tenant_scope(tenant.slug):
        first = await telegram.enqueue(7001, "sendMessage", {"chat_id": 7001, "text": "已绑定 / linked"})
        second = await telegram.enqueue(7001, "sendMessage", {"chat_id": 7001, "text": "第1步 / step 1"})
        other_chat = await telegram.enqueue(7002, "sendMessage", {"chat_id": 7002, "text": "hello"})

    holding, release = asyncio.Event(), asyncio.Event()

    async def job_sending_the_first() -> None:
        async with tenant_scope(tenant.slug):
            claimed = await telegram.claim(first)
            assert claimed.id == first
            holding.set()
            await release.wait()  # the Bot API call in flight

    job = asyncio.create_task(job_sending_the_first())
    await asyncio.wait_for(holding.wait(), 10)
    try:
        async with tenant_scope(tenant.slug):
            assert await telegram.claim(second) == telegram.BUSY  # not the second message before the first
            assert await telegram.queued_ahead(second) == 1 and await telegram.queued_ahead(first) == 0
        async with tenant_scope(tenant.slug):
            assert (await telegram.claim(other_chat)).id == other_chat  # other chats are not held up
    finally:
        release.set()
        await job
    async with tenant_scope(tenant.slug):
        await telegram.mark_sent(first)
    async with tenant_scope(tenant.slug):
        assert (await telegram.claim(second)).id == second
    assert DB.current_transaction.get() is None
