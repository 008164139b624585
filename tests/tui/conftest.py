"""The TUI against the real API: its client talks to the Litestar app in-process
(httpx.ASGITransport, same event loop, real embedded PostgreSQL and Redis)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from tui.app import SaishangApp, make_app
from tui.client import ApiClient
from tui.config import TuiConfig

API_URL = "http://saishang.test"
SIZE = (120, 36)
LANGS = pytest.mark.parametrize("lang", ["zh-CN", "en"])


@pytest.fixture(autouse=True)
def tui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own config dir, SAISHANG_HOME and export folder, and no token from
    the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SAISHANG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAISHANG_EXPORT_DIR", str(tmp_path / "exports"))
    for name in ("SAISHANG_TOKEN", "SAISHANG_URL", "SAISHANG_TENANT", "SAISHANG_LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def transport(app, client) -> httpx.ASGITransport:
    # `client` (tests/conftest.py) gives the app its Redis connection for /readyz.
    return httpx.ASGITransport(app=app)


TuiFactory = Callable[..., SaishangApp]


@pytest.fixture
def make_tui(transport: httpx.ASGITransport) -> TuiFactory:
    def make(
        token: str | None = None,
        *,
        lang: str = "en",
        tenant: str | None = None,
        transport_: httpx.AsyncBaseTransport | None = None,
        url: str = API_URL,
        **kwargs,
    ) -> SaishangApp:
        config = TuiConfig.load(url=url, token=token, lang=lang, tenant=tenant)
        client = ApiClient(config.url, config.token, transport=transport_ or transport)
        kwargs.setdefault("health_interval", 0)
        kwargs.setdefault("retry_delays", (0.05,))
        return make_app(config, client, **kwargs)

    return make


async def until(pilot: Pilot, done: Callable[[], bool], what: str, rounds: int = 200) -> None:
    """Wait for the screen to show something (its own timers and workers do the work): no key is pressed."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the screen never showed {what}")


async def settle(pilot: Pilot, rounds: int = 20) -> None:
    """Wait until no worker runs and the screen has caught up (never a fixed sleep)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        # (never an empty list: that would mean "every worker", the endless reconnect loop too)
        busy = [w for w in app.workers if w.group != "reconnect" and not w.is_finished]
        if not busy:
            return  # idle after a pause and no worker pending or running: caught up
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(busy), 20)
        except WorkerCancelled:
            pass  # an exclusive worker was replaced by a newer one: the next round waits for that one


class Faults:
    """The real API behind a door that can be told to fail chosen paths, as a broken
    proxy or a crashing handler would: everything else reaches the real app."""

    def __init__(self, app) -> None:
        self.app = app
        self.rules: dict[str, tuple[int, dict]] = {}

    def fail(
        self, path_prefix: str, status: int, detail: str, code: str = "internal_error", title: str = "Internal error"
    ) -> None:
        self.rules[path_prefix] = (
            status,
            {
                "type": f"https://saishang.example/problems/{code}",
                "title": title,
                "status": status,
                "detail": detail,
                "code": code,
            },
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            for prefix, (status, body) in self.rules.items():
                if scope["path"].startswith(prefix):
                    payload = json.dumps(body).encode()
                    await send(
                        {
                            "type": "http.response.start",
                            "status": status,
                            "headers": [
                                (b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(payload)).encode()),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": payload})
                    return
        await self.app(scope, receive, send)


class Unplugged(httpx.AsyncBaseTransport):
    """A transport whose cable can be pulled: while `down`, connecting is refused."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return await self.inner.handle_async_request(request)


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notices(app: SaishangApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def svg(snapshot):
    return snapshot.use_extension(SVGImageExtension)


async def screenshot(app: SaishangApp, pilot) -> str:
    """Wait for the workers, stop every cursor blinking, drop passing notices, then shoot."""
    await settle(pilot)
    for screen in app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    return app.export_screenshot(title="塞上 Saishang")
