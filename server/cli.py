"""`saishang ...`: run, migrate, administer and report from the command line."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import core as click  # typer vendors click: its groups and contexts are these
from typer.core import TyperGroup

from server.messages import Msg
from server.platform import messages, setup
from server.platform.console import cli_actor, err, exit_on_error, fail, language, out, print_json, run, word_table
from server.settings import RunInfo, Settings, clear_run, write_run

if TYPE_CHECKING:
    from rich.table import Table

    from server.infra.servers import EmbeddedRedis


def _bot_commands() -> typer.Typer:
    """`saishang bot ...`: the channel's commands, with the worker's jobs for polling in-process."""
    from server.bot.cli import make_cli

    def worker_functions() -> list:
        from server.jobs.worker import functions

        return functions()

    return make_cli(worker_functions)


def _module_commands(name: str) -> typer.Typer:
    """The command group `name` as the modules that declare it bring it (`saishang pairing
    propose`, `saishang import members`): only those modules are loaded."""
    import importlib

    from server.modules import registry

    group = typer.Typer(help=_SHARED_GROUPS.get(name), no_args_is_help=True)
    for stub in registry.CATALOG:
        if name not in stub.commands:
            continue
        module = importlib.import_module(f"server.modules.{stub.name}.module").MODULE
        if name == module.name and module.cli is not None:
            return module.cli
        sub = module.cli_groups[name]
        group.registered_commands += sub.registered_commands
        # A group may run something itself (`saishang bot --tenant SLUG` polls).
        if sub.registered_callback is not None and group.registered_callback is None:
            group.registered_callback = sub.registered_callback
    return group


# The groups several modules may add commands to, with the line `saishang --help` shows (the
# modules' own groups are described by their catalogue entry).
_SHARED_GROUPS = {
    "calendar": "The working-day calendar: holiday schedules and deadlines (工作日日历).",
    "import": "Bulk imports of members and orgs from spreadsheets (批量导入).",
}


def _lazy_commands() -> dict[str, str]:
    """The groups loaded when they run, with the one line `saishang --help` shows for each."""
    from server.modules import registry

    lazy = {"bot": "The workers' Telegram bot."}
    for stub in registry.CATALOG:
        for name in stub.commands:
            lazy[name] = f"{stub.title_en} ({stub.title_zh})." if name == stub.name else _SHARED_GROUPS[name]
    return lazy


class _Root(TyperGroup):
    """The root command. The bot's and the modules' groups are named here but loaded only when
    one of them runs, so `saishang --help`, `saishang up` or `saishang tenant list` imports no
    module, no aiogram and no OR-Tools (click's lazy-group pattern)."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in _lazy_commands() if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        lazy = _lazy_commands()
        if found is not None or cmd_name not in lazy:
            return found
        if self._listing:  # the help page needs a name and a line, not the group itself
            return TyperGroup(name=cmd_name, help=lazy[cmd_name])
        loaded = typer.Typer()
        loaded.add_typer(_bot_commands() if cmd_name == "bot" else _module_commands(cmd_name), name=cmd_name)
        group = typer.main.get_command(loaded)
        assert isinstance(group, TyperGroup)
        self.commands[cmd_name] = command = group.commands[cmd_name]
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """`saishang --help` in click's own layout. Typer's boxed one (kept for every group's and
        command's page) loads rich's markdown, syntax and traceback machinery first, which was
        most of the time the root's page took."""
        self._listing = True
        try:
            super(TyperGroup, self).format_help(ctx, formatter)
        finally:
            self._listing = False

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first paragraph (click would cut it at 45 characters)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                text = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
                rows.append((name, " ".join(text.split())))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    cls=_Root,
    help="塞上 Saishang — trade-union federation platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
tenant_app = typer.Typer(help="Tenants (one per federation).", no_args_is_help=True)
token_app = typer.Typer(help="Bearer tokens for the API and the TUI.", no_args_is_help=True)
review_app = typer.Typer(help="The yearly innovation review (年度创新项目评选).", no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(token_app, name="token")
app.add_typer(review_app, name="review")
app.add_typer(setup.key_app, name="key")
app.add_typer(setup.admin_app, name="admin")


def main() -> None:
    exit_on_error(app)


# --- running -----------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address")] = None,
    port: Annotated[int | None, typer.Option(help="Port (SAISHANG_PORT)")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="API processes sharing the port (SAISHANG_WORKERS; one per core)")
    ] = None,
) -> None:
    """Run the API server (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set)."""
    import uvicorn

    from server.infra.servers import start_servers

    settings = Settings.from_env()
    servers = start_servers(settings.home, settings.database_url, settings.redis_url)
    try:
        from server.platform.keys import preflight

        preflight(servers.database_url)  # the database answers and the key is its, or one line
        settings = settings.with_urls(servers.database_url, servers.redis_url)
        from dataclasses import replace

        settings = replace(settings, host=host or settings.host, port=port or settings.port)
        processes = workers or int(os.environ.get("SAISHANG_WORKERS") or 1)
        common: dict[str, Any] = {
            "host": settings.host,
            "port": settings.port,
            "log_level": "warning",
            "access_log": False,
            "lifespan": "on",
        }
        if processes == 1:
            from server.app import create_app

            uvicorn.run(create_app(settings), **common)
        else:
            # Each process builds its own app (and pool) from the environment, which now names the
            # servers this command started; uvicorn's supervisor restarts a process that dies.
            os.environ.update(
                DATABASE_URL=settings.database_url or "",
                REDIS_URL=settings.redis_url or "",
                SAISHANG_HOST=settings.host,
                SAISHANG_PORT=str(settings.port),
            )
            uvicorn.run("server.app:create_app", factory=True, workers=processes, **common)
    finally:
        servers.stop()


WORKER_CHECK_SECONDS = 60  # the heartbeat comes every 10 s


@app.command()
def worker(
    check: Annotated[
        bool,
        typer.Option("--check", help="Only say whether a worker on this host beat within a minute (health check)"),
    ] = False,
) -> None:
    """Run the arq worker: relief and reward payments, notices, deadlines, heartbeat.
    A lost Redis is waited for and reconnected to; SIGTERM or Ctrl-C stops it."""
    if check:
        _check_worker()
        return
    from server.infra.servers import start_servers
    from server.jobs.reconnect import run_worker
    from server.jobs.worker import worker_settings
    from server.platform.keys import preflight

    settings = Settings.from_env()
    servers = start_servers(settings.home, settings.database_url, settings.redis_url)
    try:
        preflight(servers.database_url)  # the database answers and the key is its, or one line
        settings = settings.with_urls(servers.database_url, servers.redis_url)
        run_worker(lambda: worker_settings(settings))
    finally:
        servers.stop()


def _check_worker() -> None:
    """Exit 0 when a worker on this host beat lately, else 1: a container's health check."""
    import asyncio
    import socket

    from server.platform import service
    from server.platform.console import database

    host = socket.gethostname()

    async def body() -> dict[str, Any] | None:
        async with database(Settings.from_env(), migrate=False, check_key=False):
            return await service.last_beat(host=host)

    beat = asyncio.run(body())
    if beat is None or dt.datetime.now(dt.UTC) - beat["beat_at"] > dt.timedelta(seconds=WORKER_CHECK_SECONDS):
        fail(messages.WORKER_SILENT, host=host, seconds=WORKER_CHECK_SECONDS)
    said = {"worker": beat["worker"], "at": f"{beat['beat_at']:%Y-%m-%d %H:%M:%S}"}
    out.print(messages.CLI_WORKER_BEAT.render(language(), said), markup=False)


@app.command()
def migrate() -> None:
    """Migrate the platform schema and every tenant's schema. Running it twice changes nothing."""
    from server.platform import service

    async def body(settings: Settings) -> dict[str, int]:
        return await service.migrate_all_tenants()

    ran = run(body)
    lang = language()
    for slug, count in ran.items():
        out.print(messages.CLI_MIGRATED_SCHEMA.render(lang, {"schema": f"t_{slug}", "count": count}), markup=False)
    out.print(messages.CLI_MIGRATED.render(lang, {"count": len(ran)}), markup=False)


async def bootstrap(settings: Settings, *, demo: bool) -> tuple[list[str], Path]:
    """What `up` does before starting processes: migrate, create the tenants, write a token."""
    from server.platform import service

    await service.migrate_all_tenants()
    created = await service.ensure_tenants(settings.tenants_dir)
    token_file = settings.admin_token_file
    if not (token_file.exists() and await service.token_is_valid(token_file.read_text().strip())):
        new = await service.create_token(
            service.TokenIn(role="platform_admin", name="make up admin", label="written by saishang up")
        )
        token_file.parent.mkdir(parents=True, exist_ok=True)
        token_file.write_text(new.token + "\n")
        token_file.chmod(0o600)
    if demo and created:
        from server.demo import load_demo

        lang = language()
        said = lambda m: out.print(messages.CLI_DEMO_LINE.render(lang, {"line": m}), markup=False)  # noqa: E731
        await load_demo(settings, created, progress=said, lang=lang)
    return created, token_file


def _wait_ready(url: str, procs: list[subprocess.Popen], timeout: float = 60) -> None:
    import httpx  # here, not at the top: `saishang --help` need not load it

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            fail(messages.PROCESS_EXITED)
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    fail(messages.NOT_READY, url=url, seconds=f"{timeout:.0f}")


def _say(message: Msg, **params: Any) -> None:
    out.print(message.render(language(), params), style="yellow", markup=False)


def _spawner(command: list[str], env: dict[str, str]) -> Callable[[], subprocess.Popen]:
    return lambda: subprocess.Popen([sys.executable, "-m", "server.cli", *command], env=env, start_new_session=True)


def _redis_restarter(redis: EmbeddedRedis) -> Callable[[], subprocess.Popen]:
    def restart() -> subprocess.Popen:
        redis.start(port=redis.port)  # the same port and data directory: clients reconnect to it
        if redis.proc is None:
            raise RuntimeError("another redis-server answers on its port")
        return redis.proc

    return restart


def _telegram_api_set() -> bool:
    """TELEGRAM_API_BASE is given (environment or `.env`): `up` then starts no fake Bot API."""
    from dotenv import dotenv_values

    dotenv = Path.cwd() / ".env"
    return bool(
        os.environ.get("TELEGRAM_API_BASE") or (dotenv.exists() and dotenv_values(dotenv).get("TELEGRAM_API_BASE"))
    )


@app.command()
def up(demo: Annotated[bool, typer.Option(help="Load demo data into newly created tenants")] = True) -> None:
    """Start everything: PostgreSQL, Redis, migrations, the five tenants, API and worker. A process
    that dies is started again (and the log says so); Ctrl-C stops it all."""
    import asyncio

    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from server.infra import db
    from server.infra.secrets import current_key
    from server.infra.servers import start_servers
    from server.platform.supervise import Child, Supervisor

    settings = Settings.from_env()
    settings.home.mkdir(parents=True, exist_ok=True)
    key = current_key()  # production without a key: one line before anything starts
    stopping = False

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    lang = language()
    out.print(messages.CLI_STARTING.render(lang, {"home": settings.home}), style="bold", markup=False)
    servers = start_servers(settings.home, settings.database_url, settings.redis_url)
    supervisor = Supervisor([], say=_say)
    try:
        settings = settings.with_urls(servers.database_url, servers.redis_url)

        async def boot() -> tuple[list[str], Path]:
            from server.infra.migrate import migrate_platform
            from server.platform import keys

            await db.connect(servers.database_url, max_size=settings.cli_db_pool_max)
            try:
                await migrate_platform()
                await keys.verify(key)
                return await bootstrap(settings, demo=demo)
            finally:
                await db.disconnect()

        created, token_file = asyncio.run(boot())
        if created:
            out.print(messages.CLI_TENANTS_CREATED.render(lang, {"tenants": ", ".join(created)}), markup=False)
        env = {
            **os.environ,
            "DATABASE_URL": servers.database_url,
            "REDIS_URL": settings.redis_url or "",
            "SAISHANG_HOME": str(settings.home),
            "SAISHANG_PORT": str(settings.port),
            "SAISHANG_HOST": settings.host,
        }
        if key.home_file is not None:  # the children see DATABASE_URL (production's rule): name the key
            env["SAISHANG_ID_KEY_FILE"] = str(key.home_file)
        commands = [["serve"], ["worker"]]
        channel_note = settings.payment_channel_url or ""
        if not settings.payment_channel_url:
            # A demo system pays through the simulated bank (no faults) so relief
            # approved in the TUI or API is seen paid; production sets its own channel.
            from server.infra.servers import free_port

            port = free_port()
            env["SAISHANG_PAYMENT_CHANNEL_URL"] = f"http://127.0.0.1:{port}"
            channel_note = messages.CLI_UP_SIMULATED_BANK.render(lang, {"url": f"http://127.0.0.1:{port}"})
            commands.insert(0, ["welfare", "channel-sim", "--port", str(port)])
        telegram_note = settings.telegram_api_base
        if not _telegram_api_set():
            # Nor does a demo system talk to Telegram: its bots talk to the fake Bot API, on which
            # `saishang bot say` plays a worker. Setting TELEGRAM_API_BASE uses that Bot API instead.
            from server.infra.servers import free_port

            port = free_port()
            env["TELEGRAM_API_BASE"] = f"http://127.0.0.1:{port}"
            telegram_note = messages.CLI_UP_FAKE_BOT_API.render(lang, {"url": f"http://127.0.0.1:{port}"})
            commands.insert(0, ["bot", "fake-api", "--port", str(port)])
        for command in commands:
            supervisor.children.append(Child(" ".join(command[:2]), _spawner(command, env)))
        if servers.redis is not None and servers.redis.proc is not None:  # the embedded Redis, ours to mend
            supervisor.children.append(
                Child("redis-server", _redis_restarter(servers.redis), servers.redis.proc, stop_with_supervisor=False)
            )
        supervisor.start()
        _wait_ready(settings.base_url, supervisor.procs)
        # What this `up` started, for every other command and the TUI (removed on the way out).
        write_run(
            settings.home,
            RunInfo(
                api_url=settings.base_url,
                payment_channel_url=env.get("SAISHANG_PAYMENT_CHANNEL_URL") or None,
                telegram_api_base=env.get("TELEGRAM_API_BASE") or settings.telegram_api_base,
                pid=os.getpid(),
            ),
        )
        # where to go next, in the CLI's language; the URLs, paths and commands as they are typed
        where = Table.grid(padding=(0, 3))
        where.add_column(no_wrap=True)
        where.add_column(overflow="fold")
        tui = messages.CLI_UP_TUI_HOW.render(lang, {"command": ".venv/bin/saishang tui"})
        for word, value in [
            (messages.CLI_UP_API.render(lang), f"{settings.base_url}/api/v1"),
            (messages.CLI_UP_DOCS.render(lang), f"{settings.base_url}/schema"),
            (messages.CLI_UP_HEALTH.render(lang), f"{settings.base_url}/readyz"),
            (messages.CLI_UP_PAYMENTS.render(lang), channel_note),
            ("Telegram", telegram_note),
            (messages.CLI_UP_TOKEN.render(lang), messages.CLI_UP_TOKEN_FILE.render(lang, {"path": token_file})),
            (messages.CLI_UP_TUI.render(lang), tui),
            (messages.CLI_UP_STOP.render(lang), "Ctrl-C"),
        ]:
            where.add_row(Text(word), Text(value))
        out.print(Panel.fit(where, title=messages.CLI_UP_TITLE.render(lang), border_style="green"))
        curl = f'curl -H "Authorization: Bearer $(cat {token_file})" {settings.base_url}/api/v1/platform/tenants'
        out.print(messages.CLI_UP_TRY.render(lang, {"command": curl}), markup=False)
        supervisor.watch()
    except KeyboardInterrupt:
        stopping = True
    finally:
        supervisor.stop(timeout=15)
        clear_run(settings.home, os.getpid())
        servers.stop()
        if stopping:
            out.print(messages.CLI_STOPPED.render(lang, {"home": settings.home}), markup=False)


@app.command()
def tui(
    url: Annotated[str | None, typer.Option(help="API base URL (SAISHANG_URL; default the `up` server)")] = None,
    token: Annotated[
        str | None,
        typer.Option(help="Bearer token (SAISHANG_TOKEN; else the config file, else the token file `up` wrote)"),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="zh-CN or en (SAISHANG_LANG; else the config file)")] = None,
) -> None:
    """Open the admin TUI: tenants, tokens, health and each tenant's screens, over the HTTP API."""
    from tui.app import main as tui_main
    from tui.i18n import parse_lang

    try:
        parse_lang(lang)
    except ValueError:
        fail(messages.BAD_LANGUAGE, lang=lang)
    tui_main(url=url, token=token, lang=lang)


# --- tenants ------------------------------------------------------------------------


def _tenant_table(tenants: list) -> Table:

    lang = language()
    words = [
        messages.CLI_SLUG,
        messages.CLI_NAME_ZH,
        messages.CLI_NAME_EN,
        messages.CLI_PARENT,
        messages.CLI_MODULE,
        messages.CLI_STATUS,
    ]
    table = word_table(words, lang)
    for t in tenants:
        table.add_row(
            t.slug,
            t.name_zh,
            t.name_en,
            t.parent or messages.CLI_REGION.render(lang),
            ", ".join(t.modules),
            (messages.CLI_ACTIVE if t.active else messages.CLI_DISABLED).render(lang),
        )
    return table


@tenant_app.command("list")
def tenant_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False) -> None:
    """List tenants."""
    from server.platform import service

    tenants = run(lambda s: service.list_tenants())
    print_json(tenants) if as_json else out.print(_tenant_table(tenants))


@tenant_app.command("show")
def tenant_show(
    slug: Annotated[str, typer.Argument(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Show one tenant."""
    from server.platform import service

    tenant = run(lambda s: service.get_tenant(slug))
    print_json(tenant) if as_json else out.print(_tenant_table([tenant]))


@tenant_app.command("create")
def tenant_create(
    slug: Annotated[str | None, typer.Argument(help="Tenant slug: a-z, digits and _, e.g. zhongwei")] = None,
    name_zh: Annotated[str | None, typer.Option("--name-zh", help="Chinese name, e.g. 中卫市总工会")] = None,
    name_en: Annotated[str | None, typer.Option("--name-en", help="English name")] = None,
    parent: Annotated[str | None, typer.Option(help="Parent tenant slug (default: the region)")] = None,
    module: Annotated[
        list[str] | None,
        typer.Option("--module", "-m", help="Module to switch on (repeat); default the shared modules"),
    ] = None,
    locale: Annotated[str, typer.Option(help="zh-CN or en: the tenant's default language")] = "zh-CN",
    timezone: Annotated[str, typer.Option(help="IANA time zone")] = "Asia/Shanghai",
    from_: Annotated[
        Path | None, typer.Option("--from", help="A tenant folder (tenants/<slug>) or its tenant.toml, instead")
    ] = None,
) -> None:
    """Create a tenant: register it, create and migrate its schema; from the options, or from a
    tenant file (`--from tenants/<slug>`, as `up` reads them)."""
    from server.platform import service

    if from_ is not None and slug is None and name_zh is None and name_en is None:
        out.print(_tenant_table([setup.tenant_from_file(from_)]))
        return
    if from_ is not None or slug is None or name_zh is None or name_en is None:
        fail(messages.TENANT_FROM_OR_FIELDS)
    data = service.TenantIn(
        slug=slug, name_zh=name_zh, name_en=name_en, parent=parent, modules=module, locale=locale, timezone=timezone
    )
    tenant = run(lambda s: service.create_tenant(data, cli_actor()))
    out.print(_tenant_table([tenant]))


@tenant_app.command("disable")
def tenant_disable(slug: Annotated[str, typer.Argument(help="Tenant slug")]) -> None:
    """Disable a tenant: its routes answer 404, its data is kept."""
    from server.platform import service

    tenant = run(lambda s: service.disable_tenant(slug, cli_actor()))
    lang = language()
    name = tenant.name_en if lang == "en" else tenant.name_zh
    out.print(messages.CLI_TENANT_DISABLED.render(lang, {"tenant": name, "slug": slug}), markup=False)


@tenant_app.command("enable")
def tenant_enable(slug: Annotated[str, typer.Argument(help="Tenant slug")]) -> None:
    """Enable a disabled tenant again."""
    from server.platform import service

    tenant = run(lambda s: service.update_tenant(slug, service.TenantPatch(active=True), cli_actor()))
    lang = language()
    name = tenant.name_en if lang == "en" else tenant.name_zh
    out.print(messages.CLI_TENANT_ENABLED.render(lang, {"tenant": name, "slug": slug}), markup=False)


@tenant_app.command("enable-module")
def tenant_enable_module(
    slug: Annotated[str, typer.Argument(help="Tenant slug")],
    modules: Annotated[list[str], typer.Argument(help="Modules to switch on")],
) -> None:
    """Switch modules on for a tenant."""
    from server.platform import service

    tenant = run(lambda s: service.set_modules(slug, enable=modules, actor=cli_actor(), settings=s))
    _print_modules(tenant)


@tenant_app.command("disable-module")
def tenant_disable_module(
    slug: Annotated[str, typer.Argument(help="Tenant slug")],
    modules: Annotated[list[str], typer.Argument(help="Modules to switch off")],
) -> None:
    """Switch modules off for a tenant (their data is kept)."""
    from server.platform import service

    tenant = run(lambda s: service.set_modules(slug, disable=modules, actor=cli_actor(), settings=s))
    _print_modules(tenant)


def _print_modules(tenant: Any) -> None:
    """The modules a tenant has on: by their names in the CLI's language, then the codes the
    commands take."""
    from server.platform.review import module_name

    lang = language()
    said = {
        "tenant": tenant.name_en if lang == "en" else tenant.name_zh,
        "slug": tenant.slug,
        "count": len(tenant.modules),
        "names": ", ".join(module_name(m, lang) or m for m in tenant.modules),
        "codes": ", ".join(tenant.modules),
    }
    out.print(messages.CLI_MODULES_ON.render(lang, said), markup=False)


@tenant_app.command("adoption")
def tenant_adoption(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Each module: the tenants that have it on (since when) and those that have it off."""

    from server.platform import service

    lang = language()
    rows = run(lambda s: service.adoption(lang))
    if as_json:
        print_json(rows)
        return
    # in words, in the CLI's language, as the TUI's dashboard says it: the module by its name,
    # a tenant by its name (since when it has the module on), 未启用 / "not on" for the others
    en = lang == "en"
    words = [messages.CLI_MODULE, messages.CLI_PIONEER, messages.CLI_ON, messages.CLI_NOT_ON]
    table = word_table(words, lang, fold=True)
    for a in rows:
        on = []
        for t in a.tenants:
            name = t.name_en if en else t.name_zh
            since = {"tenant": name, "date": t.since.date().isoformat()} if t.since else None
            on.append(messages.CLI_SINCE.render(lang, since) if since else name)
        off = [t.name_en if en else t.name_zh for t in a.off_tenants]
        title = a.title_en if en else a.title_zh
        table.add_row(title, a.pioneer_name or "-", ", ".join(on) or "-", ", ".join(off) or "-")
    out.print(table)


@tenant_app.command("switches")
def tenant_switches(
    module: Annotated[str | None, typer.Option(help="Only this module")] = None,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """The history of module switches, newest first."""

    from server.platform import service
    from server.platform.review import module_name

    page = run(lambda s: service.switches(module=module, tenant=tenant, limit=limit))
    if as_json:
        print_json(page)
        return
    # in words, in the CLI's language, as the TUI's switch history says it (开启 / 关闭)
    lang = language()
    en = lang == "en"
    words = [messages.CLI_WHEN, messages.CLI_TENANT, messages.CLI_MODULE, messages.CLI_SWITCHED, messages.CLI_BY]
    table = word_table(words, lang, fold=True)
    on, off = messages.CLI_SWITCHED_ON.render(lang), messages.CLI_SWITCHED_OFF.render(lang)
    for w in page.items:
        name = (w.name_en if en else w.name_zh) or w.tenant  # a tenant no longer registered: its slug
        table.add_row(
            f"{w.at:%Y-%m-%d %H:%M}",
            name,
            module_name(w.module, lang) or w.module,
            on if w.switched_on else off,
            w.actor,
        )
    out.print(table)


# --- tokens -----------------------------------------------------------------------


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="platform_admin, reviewer, tenant_admin, org_officer, auditor or worker")],
    tenant: Annotated[str | None, typer.Option(help="Tenant slug (all roles but platform_admin and reviewer)")] = None,
    org: Annotated[int | None, typer.Option(help="Org id (org_officer)")] = None,
    name: Annotated[str | None, typer.Option(help="Account name")] = None,
    label: Annotated[str, typer.Option(help="What the token is for")] = "",
    expires_days: Annotated[int | None, typer.Option(help="Expire after N days")] = None,
) -> None:
    """Create a bearer token. The token is printed once, as the last line."""
    from server.platform import exports, service

    new = run(
        lambda s: service.create_token(
            service.TokenIn(role=role, tenant=tenant, org_id=org, name=name, label=label, expires_in_days=expires_days),
            cli_actor(),
        )
    )
    i = new.info
    lang = language()
    in_words = exports.PLATFORM_CODES["TokenOut.role"].get(i.role)
    said = {
        "id": i.id,
        "prefix": i.prefix,
        "role": exports.words(in_words, lang) if in_words else i.role,
        "tenant": i.tenant or "-",
        "org": i.org_id or "-",
        "expires": f"{i.expires_at:%Y-%m-%d %H:%M}" if i.expires_at else messages.CLI_NEVER.render(lang),
    }
    err.print(messages.CLI_TOKEN_MADE.render(lang, said), markup=False, soft_wrap=True)  # one line, however narrow
    print(new.token)  # the token alone on stdout, for a script to take


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int | None, typer.Argument(help="Token id")] = None,
    prefix: Annotated[str | None, typer.Option(help="Or the token's prefix")] = None,
) -> None:
    """Revoke a token by id or prefix."""
    from server.platform import service

    if token_id is None and not prefix:
        fail(messages.TOKEN_ID_OR_PREFIX)
    t = run(lambda s: service.revoke_token(token_id, prefix=prefix, actor=cli_actor()))
    said = {"id": t.id, "prefix": t.prefix, "at": f"{t.revoked_at:%Y-%m-%d %H:%M:%S}"}
    out.print(messages.CLI_TOKEN_REVOKED.render(language(), said), markup=False)


@token_app.command("list")
def token_list(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant's tokens")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """List tokens (prefix, role, tenant, created, expires, revoked)."""

    from server.platform import exports, service

    tokens = run(lambda s: service.list_tokens(tenant=tenant))
    if as_json:
        print_json(tokens)
        return
    # in words, in the CLI's language; the id and prefix as `token revoke` takes them
    lang = language()
    words = [
        messages.CLI_ID,
        messages.CLI_PREFIX,
        messages.CLI_ROLE,
        messages.CLI_TENANT,
        messages.CLI_ORG,
        messages.CLI_ACCOUNT,
        messages.CLI_CREATED,
        messages.CLI_EXPIRES,
        messages.CLI_REVOKED,
    ]
    table = word_table(words, lang, fold=True)
    roles = exports.PLATFORM_CODES["TokenOut.role"]
    fmt = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else "-"  # noqa: E731
    for t in tokens:
        role = roles.get(t.role)
        table.add_row(
            str(t.id),
            t.prefix,
            exports.words(role, lang) if role else t.role,
            t.tenant or "-",
            str(t.org_id or "-"),
            t.account,
            fmt(t.created_at),
            fmt(t.expires_at),
            fmt(t.revoked_at),
        )
    out.print(table)


# --- demo and reports ---------------------------------------------------------------


@app.command()
def demo(tenant: Annotated[list[str] | None, typer.Option(help="Only these tenants")] = None) -> None:
    """Create the five tenants if missing and load every enabled module's demo dataset (once)."""
    from server.demo import load_demo
    from server.platform import service

    async def body(settings: Settings) -> None:
        await service.migrate_all_tenants()
        await service.ensure_tenants(settings.tenants_dir)
        slugs = tenant or [t.slug for t in await service.list_tenants(include_disabled=False)]
        await load_demo(settings, slugs, progress=lambda m: out.print(m, markup=False), lang=language())

    run(body)


@app.command()
def report(
    module: Annotated[str, typer.Argument(help="The module whose figures: platform, orgs, welfare, pairing, ...")],
    year: Annotated[int, typer.Option(help="Year")],
    tenant: Annotated[str | None, typer.Option(help="Tenant slug (with --region: it and those under it)")] = None,
    region: Annotated[
        bool, typer.Option("--region", help="Every tenant's figures, one tenant at a time, and the totals")
    ] = False,
    org: Annotated[int | None, typer.Option(help="Org subtree")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Print a module's figures for a year, computed from the records (--region: across tenants)."""
    import msgspec
    from rich.table import Table

    from server.modules.contract import ReportQuery
    from server.reports import region_report
    from server.reports import report as make_report

    if region:
        lang = language()
        _print_region(run(lambda s: region_report(module, year, root=tenant, lang=lang)), as_json, lang)
        return
    if tenant is None:
        fail(messages.REPORT_NEEDS_TENANT)
    try:
        as_of_date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(messages.OPTION_NOT_A_DATE, option="--as-of", value=as_of)
    lang = language()
    query = ReportQuery(tenant=tenant, year=year, org=org, as_of=as_of_date)
    from server.platform import service

    async def named_report(settings: Any) -> tuple[Any, Any]:
        return await service.get_tenant(tenant), await make_report(module, query, lang=lang)

    found, result = run(named_report)
    if as_json:  # the raw values, for scripts: money in fen, shares between 0 and 1
        print(json.dumps(msgspec.to_builtins(result), ensure_ascii=False, indent=2))
        return
    from server.platform.review import module_name

    en = lang == "en"
    title = [module_name(result.module, lang) or result.module, found.name_en if en else found.name_zh, result.year]
    table = Table(title=" · ".join(map(str, title)))
    table.add_column(messages.CLI_FIGURE.render(lang))
    table.add_column(messages.CLI_VALUE.render(lang), justify="right")
    for key in result.figures:
        label = result.labels.get(key)
        name = (label.en if en else label.zh) if label else key
        table.add_row(name, result.text[key])
    out.print(table)


def _print_region(result: Any, as_json: bool, lang: str) -> None:
    """A region report: a row per figure (by its label in `lang`), a column per tenant (by its
    name; 未启用 / "not on" where the module is off), the totals last; each value as the report
    writes it in `lang`, every word in `lang` too."""
    import msgspec
    from rich.table import Table

    from server.platform.review import module_name

    if as_json:
        print(json.dumps(msgspec.to_builtins(result), ensure_ascii=False, indent=2))
        return
    en = lang == "en"
    names = {t.tenant: t.name_en if en else t.name_zh for t in result.tenants}
    module = module_name(result.module, lang) or result.module
    where = names.get(result.root, result.root) if result.root else messages.CLI_REGION.render(lang)
    table = Table(
        messages.CLI_FIGURE.render(lang),
        *(names[t.tenant] for t in result.tenants),
        messages.CLI_TOTAL.render(lang),
        title=f"{module} · {where} · {result.year}",
    )
    for column in table.columns:
        column.overflow = "fold"  # a narrow terminal wraps a name, never cuts it
    not_on = messages.CLI_NOT_ON.render(lang)
    keys = list(dict.fromkeys(k for t in result.tenants for k in (t.figures or {})))
    for key in keys:
        cells = [t.text.get(key, "-") if t.enabled else not_on for t in result.tenants]
        label = result.labels.get(key)
        name = (label.en if en else label.zh) if label else key
        table.add_row(name, *cells, result.totals_text.get(key, "-"))
    out.print(table)
    count = {"on": result.tenants_on, "off": result.tenants_off, "module": module}
    out.print(messages.CLI_REGION_COUNT.render(lang, count), markup=False)


# --- the yearly innovation review ------------------------------------------------------------


@review_app.command("show")
def review_show(
    year: Annotated[int, typer.Argument(help="The review's year, e.g. 2017")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")] = False,
) -> None:
    """A review: its criteria, and the published selection (or, before it, the standings), each
    claimed figure beside the one the module's report computes."""
    import msgspec
    from rich.table import Table

    from server.platform import exports, review
    from server.review import with_computed

    lang = language()

    async def body(settings: Settings) -> dict[str, Any]:
        shown = await review.get_review(year)
        if shown.state == "published":
            result = await review.result(year)
            return {"review": shown, "selected": await with_computed(result.selected, lang)}
        return {"review": shown, "standings": await review.standings(year, lang)}

    data = run(body)
    if as_json:
        print(json.dumps(msgspec.to_builtins(data), ensure_ascii=False, indent=2))
        return
    shown = data["review"]
    en = lang == "en"
    state = exports.PLATFORM_CODES["ReviewOut.state"].get(shown.state)
    line = {
        "title": shown.title_en if en else shown.title_zh,
        "year": shown.year,
        "state": exports.words(state, lang) if state else shown.state,
        "deadline": shown.deadline.isoformat(),
    }
    out.print(messages.CLI_REVIEW_LINE.render(lang, line), style="bold", markup=False)
    words = [messages.CLI_CRITERION, messages.CLI_MAX_SCORE, messages.CLI_DESCRIPTION]
    criteria = word_table(words, lang, title=messages.CLI_CRITERIA.render(lang))
    for c in shown.criteria:
        criteria.add_row(c.name_en if en else c.name_zh, str(c.max_score), c.description)
    out.print(criteria)
    # the same table as the export's (its header, the tenant and the module in words)
    if "selected" in data:
        headers, rows = review.ResultOut.tabulate([review.ResultOut(shown, data["selected"])], lang)
        headers, rows = headers[1:], [row[1:] for row in rows]  # the year is the line above's
        title = messages.CLI_SELECTED.render(lang)
    else:
        headers, rows = review.Standing.tabulate(data["standings"], lang)
        title = messages.CLI_STANDINGS.render(lang)
    table = Table(*headers, title=title)
    for column in table.columns:
        column.overflow = "fold"  # a narrow terminal wraps a name, never cuts it
    for row in rows:
        table.add_row(*("-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)


if __name__ == "__main__":
    main()
