"""The CLI's plumbing, shared by `server/cli.py` and every module's `cli.py`: where output goes,
one-line errors, and `run` (one command's database, with its tenant checked first).

Errors print in `SAISHANG_LANG` (zh-CN or en; zh-CN by default), like the API's `Accept-Language`."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console

from server.errors import DomainError
from server.messages import KEY_NOT_OPENING, Msg, negotiate
from server.platform import messages
from server.platform.roles import Actor, Role
from server.settings import Settings

if TYPE_CHECKING:
    from rich.table import Table

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
async def database(settings: Settings, *, migrate: bool = True, check_key: bool = True) -> AsyncIterator[Settings]:
    """Connect to PostgreSQL (embedded unless DATABASE_URL is set) for one command; with
    `check_key`, the installation key must be the database's (`server.platform.keys`)."""
    import asyncio

    from server.infra import db
    from server.infra.migrate import migrate_platform
    from server.infra.secrets import current_key
    from server.infra.servers import start_servers
    from server.platform import keys

    key = current_key() if check_key else None  # no key in production: one line, nothing started

    servers = await asyncio.to_thread(
        start_servers, settings.home, settings.database_url, settings.redis_url, need_redis=False
    )
    try:
        try:
            await db.connect(servers.database_url, max_size=settings.cli_db_pool_max)
        except db.CONNECT_ERRORS as exc:
            fail(messages.NO_DATABASE, error=str(exc))
        if migrate:
            await migrate_platform()
        if key is not None:
            await keys.verify(key)
        yield settings.with_urls(servers.database_url, servers.redis_url)
    finally:
        await db.disconnect()
        await asyncio.to_thread(servers.stop)


def run(
    fn: Callable[[Settings], Awaitable[Any]],
    *,
    tenant: str | None = None,
    module: str | None = None,
    check_key: bool = True,
) -> Any:
    """Run `fn(settings)` with the database up; domain errors become one line. With `tenant`,
    an unknown or disabled tenant is that one line too, before `fn` opens its scope; with
    `module` as well, so is a tenant that has the module off (as the API's 404 says)."""
    settings = Settings.from_env()

    async def body() -> Any:
        async with database(settings, check_key=check_key) as connected:
            if tenant is not None:
                from server.errors import NotFound
                from server.platform import service

                found = await service.active_tenant(tenant)
                if module is not None and not service.module_enabled(found, module):
                    raise NotFound(messages.MODULE_NOT_ENABLED, module=module, tenant=tenant)
            return await fn(connected)

    import asyncio

    try:
        return asyncio.run(body())
    except ConnectionError as exc:  # the database went away during the command
        fail(messages.NO_DATABASE, error=str(exc))
    except OSError as exc:  # a file or folder (reaching the database is `database`'s to say)
        fail(messages.FILE_ERROR, error=str(exc))


def print_json(data: Any) -> None:
    import msgspec

    out.print_json(msgspec.json.encode(data).decode(), ensure_ascii=False)


def cli_actor() -> Actor:
    """Who a platform command acts as, in the platform's log: whoever runs it on this machine."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return Actor(account_id=None, name=f"cli:{user}", role=Role.platform_admin)


def word_table(words: Sequence[Msg], lang: str, *, fold: bool = False, **options: Any) -> Table:
    """A table for a command's output headed by catalogue words said in `lang` (the CLI's);
    with `fold` a narrow terminal wraps a long value (a name, a token prefix), never cuts it.
    `options` are rich's (title, …)."""
    from rich.table import Table

    made = Table(*(w.render(lang) for w in words), **options)
    if fold:
        for column in made.columns:
            column.overflow = "fold"
    return made


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
    except Exception as exc:
        from cryptography.exceptions import InvalidTag  # here: `saishang --help` need not load it

        if not isinstance(exc, InvalidTag):
            raise
        _error_line(KEY_NOT_OPENING.render(language()))  # a value another key sealed: never a traceback
        sys.exit(1)
