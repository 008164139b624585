"""Run the real `saishang` CLI as a subprocess against the test session's servers."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

from server.settings import Settings


def cli_env(settings: Settings, home: Path, **extra: str) -> dict[str, str]:
    from server.infra.secrets import installation_key

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SAISHANG_"))}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url or "",
        SAISHANG_HOME=str(home),
        SAISHANG_LOG_LEVEL="warning",
        # The same installation as this test process: values it sealed open in the CLI.
        SAISHANG_ID_KEY=base64.b64encode(installation_key()).decode(),
    )
    env.update(extra)
    return env


def saishang(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
