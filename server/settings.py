"""The one settings object, read from the environment (and `.env`)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
# The checkout (or, installed, the site-packages folder) holding the package.
PROJECT_ROOT = PACKAGE_ROOT.parent
# What the package carries for run time, found beside the code wherever it is installed.
MIGRATIONS_DIR = PACKAGE_ROOT / "migrations"
TENANTS_DIR = PACKAGE_ROOT / "tenants"


def default_home() -> Path:
    """`var/` of the checkout the code runs from, wherever the command is typed (so a CLI call
    from another folder joins the servers `make up` runs); `./var` for an installed package."""
    if (PROJECT_ROOT / "pyproject.toml").exists():
        return PROJECT_ROOT / "var"
    return Path.cwd() / "var"


RUN_FILE = "run.json"


@dataclass(frozen=True)
class RunInfo:
    """What `saishang up` started, in `$SAISHANG_HOME/run.json` while it runs: every command
    (through `Settings.from_env`) and the TUI join those servers rather than guess."""

    api_url: str
    payment_channel_url: str | None = None
    telegram_api_base: str | None = None
    pid: int = 0  # the `up` process; a file whose process is gone is not believed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_run(home: Path, info: RunInfo) -> Path:
    """Write the run file atomically (a reader never sees half of it)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / RUN_FILE
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(info), indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def read_run(home: Path) -> RunInfo | None:
    """What a running `up` started, or None (no file, an unreadable one, or its `up` is gone)."""
    try:
        data = json.loads((home / RUN_FILE).read_text(encoding="utf-8"))
        info = RunInfo(**{k: data[k] for k in data if k in RunInfo.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None
    return info if _alive(info.pid) else None


def clear_run(home: Path, pid: int | None = None) -> None:
    """Remove the run file (only if it is `pid`'s, when given)."""
    path = home / RUN_FILE
    try:
        if pid is not None and json.loads(path.read_text(encoding="utf-8")).get("pid") != pid:
            return
        path.unlink()
    except (OSError, ValueError):
        pass


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str | None = None
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    tenants_dir: Path = TENANTS_DIR
    log_level: str = "info"
    # The Bot API base URL is a setting so tests and demos can point the bot
    # at the local fake Bot API server.
    telegram_api_base: str = "https://api.telegram.org"
    public_url: str | None = None
    db_pool_max: int = 20
    cli_db_pool_max: int = 5  # each CLI command's pool (`saishang up`'s set-up, the bot's polling too)
    # The installation key sealing ID numbers, bank accounts and bot tokens (base64 of 32 bytes),
    # or a file holding it; with neither, a key file in `home` (development only: with
    # DATABASE_URL set a process refuses to start without one, see server/infra/secrets.py).
    id_number_key: str | None = None
    id_key_file: Path | None = None
    # The payment channel (welfare disbursement): the simulated channel's URL,
    # or unset for the bank batch-file channel (its outbox in each tenant's schema).
    payment_channel_url: str | None = None
    payment_timeout: float = 10.0
    # How long a worker owns the payouts it claimed before the sweeper may take them back.
    payout_lease_seconds: float = 60.0
    # Payouts one worker claims and sends per round trip.
    payout_chunk: int = 500
    # The API a running `up` serves (from its run file), when no public URL is set.
    run_api_url: str | None = None
    # How long after a batch settles the bank may still apply payments late (its settlement
    # window): reconciliation runs again then, so a late duplicate is found.
    bank_settlement_seconds: float = 600.0
    # How often a worker's Redis command retries a lost connection (backoff 0.5 s doubling to
    # 2 s: 5 retries wait out about 7.5 s) before the worker is closed and started again.
    redis_retries: int = 5
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        values: dict[str, str] = {}
        dotenv = Path.cwd() / ".env"
        if dotenv.exists():
            from dotenv import dotenv_values

            values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        values.update(os.environ if env is None else env)
        home = Path(values.get("SAISHANG_HOME") or default_home()).resolve()
        run = read_run(home)  # what a running `up` started; the environment still wins
        return cls(
            home=home,
            database_url=values.get("DATABASE_URL") or None,
            redis_url=values.get("REDIS_URL") or None,
            host=values.get("SAISHANG_HOST", "127.0.0.1"),
            port=int(values.get("SAISHANG_PORT", "8000")),
            tenants_dir=Path(values.get("SAISHANG_TENANTS_DIR") or TENANTS_DIR),
            log_level=values.get("SAISHANG_LOG_LEVEL", "info"),
            telegram_api_base=values.get("TELEGRAM_API_BASE")
            or (run.telegram_api_base if run else None)
            or "https://api.telegram.org",
            public_url=values.get("SAISHANG_PUBLIC_URL") or None,
            db_pool_max=int(values.get("SAISHANG_DB_POOL_MAX", "20")),
            cli_db_pool_max=int(values.get("SAISHANG_CLI_DB_POOL_MAX", "5")),
            id_number_key=values.get("SAISHANG_ID_KEY") or None,
            id_key_file=Path(values["SAISHANG_ID_KEY_FILE"]) if values.get("SAISHANG_ID_KEY_FILE") else None,
            payment_channel_url=values.get("SAISHANG_PAYMENT_CHANNEL_URL")
            or (run.payment_channel_url if run else None),
            payment_timeout=float(values.get("SAISHANG_PAYMENT_TIMEOUT", "10")),
            payout_lease_seconds=float(values.get("SAISHANG_PAYOUT_LEASE_SECONDS", "60")),
            payout_chunk=int(values.get("SAISHANG_PAYOUT_CHUNK", "500")),
            bank_settlement_seconds=float(values.get("SAISHANG_BANK_SETTLEMENT_SECONDS", "600")),
            redis_retries=int(values.get("SAISHANG_REDIS_RETRIES", "5")),
            run_api_url=run.api_url if run else None,
        )

    def with_urls(self, database_url: str, redis_url: str | None) -> Settings:
        return replace(self, database_url=database_url, redis_url=redis_url)

    @property
    def base_url(self) -> str:
        return self.public_url or self.run_api_url or f"http://{self.host}:{self.port}"

    @property
    def admin_token_file(self) -> Path:
        return self.home / "platform-admin.token"
