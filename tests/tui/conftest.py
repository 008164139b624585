"""The TUI against the real API: its client talks to the Litestar app in-process
(httpx.ASGITransport, same event loop, real embedded PostgreSQL and Redis)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import httpx
import pytest
from textual.pilot import Pilot

from tui.app import SaishangApp, make_app
from tui.client import ApiClient
from tui.config import TuiConfig

API_URL = "http://saishang.test"
SIZE = (120, 36)


@pytest.fixture(autouse=True)
def tui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own config dir and SAISHANG_HOME, and no token from the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SAISHANG_HOME", str(tmp_path / "home"))
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
    def make(token: str | None = None, *, lang: str = "en", tenant: str | None = None,
             transport_: httpx.AsyncBaseTransport | None = None, url: str = API_URL, **kwargs) -> SaishangApp:
        config = TuiConfig.load(url=url, token=token, lang=lang, tenant=tenant)
        client = ApiClient(config.url, config.token, transport=transport_ or transport)
        kwargs.setdefault("health_interval", 0)
        kwargs.setdefault("retry_delays", (0.05,))
        return make_app(config, client, **kwargs)

    return make


async def settle(pilot: Pilot, rounds: int = 20) -> None:
    """Wait until no worker runs and the screen has caught up (never a fixed sleep)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers if w.group != "reconnect"):
            return
