"""The CLI's plumbing, shared by `server/cli.py` and every module's `cli.py`: where output goes,
one-line errors, and `run` (one command's database, with its tenant checked first).

Errors print in `SAISHANG_LANG` (zh-CN or en; zh-CN by default), like the API's `Accept-Language`."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, NoReturn

import msgspec
from rich.console import Console

from server.errors import DomainError
from server.messages import Msg, negotiate
from server.platform import messages
from server.settings import Settings

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


class CliError(Exception):
    """An error the user can fix: printed as one line, exit status 1, in `SAISHANG_LANG`."""

    def __init__(self, message: Msg | str, **params: Any):
        self.text = message
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        return self.text.render(lang, self.params) if isinstance(self.text, Msg) else self.text


def fail(message: Msg | str, **params: Any) -> NoReturn:
    """Stop the command with one line: a catalogue entry and its parameters (or, while modules
    move to the catalogue, a plain string)."""
    raise CliError(message, **params)


def _error_line(message: str) -> None:
    from rich.text import Text

    err.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)


# --- plumbing --------------------------------------------------------------------


@asynccontextmanager
async def database(settings: Settings, *, migrate: bool = True) -> AsyncIterator[Settings]:
    """Connect to PostgreSQL (embedded unless DATABASE_URL is set) for one command."""
    from server.infra import db
    from server.infra.migrate import migrate_platform
    from server.infra.servers import start_servers

    servers = await asyncio.to_thread(
        start_servers, settings.home, settings.database_url, settings.redis_url, need_redis=False
    )
    try:
        await db.connect(servers.database_url, max_size=5)
        if migrate:
            await migrate_platform()
        yield settings.with_urls(servers.database_url, servers.redis_url)
    finally:
        await db.disconnect()
        await asyncio.to_thread(servers.stop)


def run(fn: Callable[[Settings], Awaitable[Any]], *, tenant: str | None = None, module: str | None = None) -> Any:
    """Run `fn(settings)` with the database up; domain errors become one line. With `tenant`,
    an unknown or disabled tenant is that one line too, before `fn` opens its scope; with
    `module` as well, so is a tenant that has the module off (as the API's 404 says)."""
    settings = Settings.from_env()

    async def body() -> Any:
        async with database(settings) as connected:
            if tenant is not None:
                from server.errors import NotFound
                from server.platform import service

                found = await service.active_tenant(tenant)
                if module is not None and not service.module_enabled(found, module):
                    raise NotFound(messages.MODULE_NOT_ENABLED, module=module, tenant=tenant)
            return await fn(connected)

    try:
        return asyncio.run(body())
    except (OSError, ConnectionError) as exc:
        fail(messages.NO_DATABASE, error=str(exc))


def print_json(data: Any) -> None:
    out.print_json(msgspec.json.encode(data).decode(), ensure_ascii=False)


def language() -> str:
    return negotiate(os.environ.get("SAISHANG_LANG"))


def exit_on_error(command: Callable[[], Any]) -> None:
    """Run a CLI entry point; an error the user can fix is one line on stderr and exit status 1."""
    try:
        command()
    except CliError as exc:
        _error_line(exc.render(language()))
        sys.exit(1)
    except DomainError as exc:
        lang = language()
        fields = "; ".join(f"{e.field}: {e.message_in(lang)}" for e in exc.errors) if exc.errors else ""
        _error_line(fields or exc.detail_in(lang))
        sys.exit(1)
