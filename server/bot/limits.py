"""Telegram's limits, kept in Redis so every worker process shares them:
about 30 messages a second per bot and one a second per chat. A 429's
`retry_after` blocks the chat for that long."""

from __future__ import annotations

import time

from redis.asyncio import Redis

PER_BOT_PER_SECOND = 30
PER_CHAT_INTERVAL_MS = 1000


def _bot_key(tenant: str, second: int) -> str:
    return f"saishang:tg:{tenant}:bot:{second}"


def _chat_key(tenant: str, chat_id: int) -> str:
    return f"saishang:tg:{tenant}:chat:{chat_id}"


async def acquire(redis: Redis, tenant: str, chat_id: int | None) -> float:
    """Take a sending slot; 0 when granted, else the seconds to wait before trying again."""
    if chat_id is not None:
        ttl = await redis.pttl(_chat_key(tenant, chat_id))
        if ttl and ttl > 0:
            return ttl / 1000
    now = time.time()
    second = int(now)
    key = _bot_key(tenant, second)
    count = await redis.incr(key)
    if count == 1:
        await redis.expire(key, 2)
    if count > PER_BOT_PER_SECOND:
        return max(second + 1 - now, 0.05)
    if chat_id is not None:
        if not await redis.set(_chat_key(tenant, chat_id), b"1", px=PER_CHAT_INTERVAL_MS, nx=True):
            ttl = await redis.pttl(_chat_key(tenant, chat_id))
            return max(ttl / 1000, 0.05)
    return 0.0


async def block_chat(redis: Redis, tenant: str, chat_id: int, seconds: float) -> None:
    """Telegram said 429 for this chat: nobody sends to it before `seconds` pass."""
    await redis.set(_chat_key(tenant, chat_id), b"1", px=max(int(seconds * 1000), 1))
