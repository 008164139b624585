"""The bot against the fake Bot API: an app whose Bot API base URL points at the
fake, an arq worker running in-process, and the voice world of tests/modules/voice."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
from arq.connections import RedisSettings
from arq.worker import Worker

from server.bot.fake_api import FakeBotAPI, TelegramUser
from server.jobs.worker import functions
from tests.modules.voice.conftest import World, world  # noqa: F401  (fixture)

TOKEN = "123456789:AAFakeTokenForSaishangTests"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot_settings(settings, fake):
    return replace(settings, telegram_api_base=fake.base_url, public_url="http://saishang.test")


@pytest.fixture
async def bot_client(bot_app, bot_settings, fake) -> AsyncIterator[httpx.AsyncClient]:
    """The API in-process with the bot pointed at the fake; the fake posts its webhooks here."""
    before = bot_app.state.settings
    bot_app.state.settings = bot_settings
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=bot_app), base_url="http://saishang.test") as c:
            fake.webhook_client = c
            yield c
    finally:
        bot_app.state.settings = before


@pytest.fixture
async def worker(bot_settings) -> AsyncIterator[Worker]:
    """The arq worker running beside the test, as `saishang worker` would."""
    w = Worker(
        functions=functions(),
        redis_settings=RedisSettings.from_dsn(bot_settings.redis_url),
        ctx={"settings": bot_settings},
        handle_signals=False,
        poll_delay=0.02,
        max_tries=25,
        keep_result=5,
        job_timeout=30,
    )
    task = asyncio.create_task(w.async_run())
    yield w
    # Stop it the way a killed worker stops: jobs in flight are cancelled (arq's own
    # close() re-raises their CancelledError into the fixture, which must not happen).
    jobs = [t for t in w.tasks.values() if not t.done()]
    for t in (task, *jobs):
        t.cancel()
    await asyncio.gather(task, *jobs, return_exceptions=True)
    with contextlib.suppress(Exception):
        await w.pool.close(close_connection_pool=True)


@pytest.fixture
async def bot(bot_client, world: World, fake, worker) -> World:  # noqa: F811
    """The world's tenant with its bot configured (getMe + setWebhook against the fake)."""
    fake.add_bot(TOKEN, "qtx_union_bot")
    r = await bot_client.put(world.url("/voice/bot"), json={"token": TOKEN}, headers=world.admin)
    assert r.status_code == 200, r.text
    return world


async def until(check: Callable[[], Any | Awaitable[Any]], timeout: float = 15, what: str = "") -> Any:
    """Wait for the worker to make `check()` true (no sleeps in place of waiting)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.05)


ZHANG = TelegramUser(id=7_001, first_name="张伟", language_code="zh-hans")
LI = TelegramUser(id=7_002, first_name="Li Na", language_code="en")
