"""`saishang bot ...`: run the bot by polling, set its token, run a fake Bot API, compile the
message catalogues. Mounted by the composition root (`server/cli.py`), which hands in the
worker's job functions: the channel sits below the worker and never imports it."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from server.bot.store import BotConfigOut

WorkerFunctions = Callable[[], list[Any]]
SETTLE = 2.5  # seconds without a change before `bot say` takes the chat as answered (Telegram: 1 message/s a chat)


def make_cli(worker_functions: WorkerFunctions) -> typer.Typer:
    """The `bot` command group; `worker_functions()` lists the jobs an in-process worker runs."""
    app = typer.Typer(help="The workers' Telegram bot.", no_args_is_help=True)

    @app.callback(invoke_without_command=True)
    def bot(
        ctx: typer.Context,
        tenant: Annotated[str | None, typer.Option(help="Run this tenant's bot by polling")] = None,
    ) -> None:
        """The workers' Telegram bot: `saishang bot --tenant SLUG` runs it by polling (local use)."""
        if ctx.invoked_subcommand is not None:
            return
        if tenant is None:
            typer.echo(ctx.get_help())
            raise typer.Exit(0)
        poll_command(tenant=tenant, worker=True)

    @app.command("poll")
    def poll_command(
        tenant: Annotated[str, typer.Option(help="Tenant slug")],
        worker: Annotated[bool, typer.Option(help="Also run an arq worker in-process to send the replies")] = True,
    ) -> None:
        """Run the tenant's bot in polling mode (local use; removes its webhook)."""
        poll_tenant(tenant, worker_functions if worker else None)

    @app.command("set-token")
    def set_token(
        tenant: Annotated[str, typer.Option(help="Tenant slug")],
        token: Annotated[str, typer.Option(prompt=True, hide_input=True, help="The token BotFather gave")],
        webhook: Annotated[bool, typer.Option(help="Register the webhook (off: polling mode)")] = True,
    ) -> None:
        """Store the tenant's bot token (checked with getMe) and register its webhook."""
        from server.bot import setup, store
        from server.bot.messages import CLI_BOT_SET
        from server.platform.console import language, out, run

        async def body(settings: Any) -> BotConfigOut:
            return await setup.configure(settings, tenant, store.BotConfigIn(token=token, webhook=webhook))

        result = run(body, tenant=tenant)
        said = {"username": result.username, "hint": result.token_hint, "tenant": tenant}
        out.print(CLI_BOT_SET.render(language(), said), markup=False)

    @app.command("link-code")
    def link_code(
        tenant: Annotated[str, typer.Option(help="Tenant slug")],
        member: Annotated[int, typer.Option(help="Member id")],
    ) -> None:
        """Issue a one-time code the worker sends the bot (/link CODE)."""
        from server.bot import store
        from server.bot.messages import CLI_LINK_CODE
        from server.infra.tenancy import tenant_scope
        from server.platform.console import language, out, run
        from server.platform.roles import SYSTEM

        async def body(settings: Any) -> store.LinkCodeOut:
            async with tenant_scope(tenant):
                return await store.issue_link_code(store.LinkCodeIn(member_id=member), SYSTEM)

        code = run(body, tenant=tenant)
        said = {"member": code.member_id, "code": code.code, "until": f"{code.expires_at:%Y-%m-%d %H:%M}"}
        out.print(CLI_LINK_CODE.render(language(), said), markup=False)

    @app.command("say")
    def say(
        tenant: Annotated[str, typer.Option(help="Tenant slug (whose bot the worker writes to)")],
        text: Annotated[
            str, typer.Argument(help="What the worker sends (/help, /link CODE, ...), or with --tap a button")
        ],
        user: Annotated[int, typer.Option(help="The worker's Telegram user id on the fake Bot API")] = 1,
        lang: Annotated[str, typer.Option(help="The worker's Telegram language: zh or en")] = "zh",
        tap: Annotated[
            bool, typer.Option("--tap", help="Press the button labelled TEXT (on the latest message that has one)")
        ] = False,
    ) -> None:
        """Play a worker on the fake Bot API (`saishang up` runs one): send TEXT to the tenant's bot, or
        press a button, and print what the bot answers."""
        from server.bot import store
        from server.infra.tenancy import tenant_scope
        from server.platform.console import run

        async def body(settings: Any) -> tuple[str, str]:
            async with tenant_scope(tenant):
                return settings.telegram_api_base, await store.bot_token()

        base, token = run(body, tenant=tenant)
        play_worker(base, token, user, text, tap=tap, language="en" if lang.lower().startswith("en") else "zh-hans")

    @app.command("fake-api")
    def fake_api(
        port: Annotated[int, typer.Option(help="Port")] = 8081,
        host: Annotated[str, typer.Option(help="Bind address")] = "127.0.0.1",
    ) -> None:
        """Run the fake Bot API (for demos; point TELEGRAM_API_BASE at it)."""
        from server.bot.fake_api import serve

        try:
            asyncio.run(serve(host, port))
        except KeyboardInterrupt:
            pass

    @app.command("compile-messages")
    def compile_messages() -> None:
        """Compile the bot's .po catalogues into .mo files."""
        from server.bot.i18n import compile_catalogues
        from server.platform.console import language, out
        from server.platform.messages import CLI_WROTE

        for path in compile_catalogues():
            out.print(CLI_WROTE.render(language(), {"path": path}), markup=False)

    return app


def play_worker(base: str, token: str, user: int, text: str, *, tap: bool, language: str) -> None:
    """Send (or tap) as `user` through the fake Bot API's control endpoints, then print the bot's
    messages that are new or edited once the worker has sent the replies (the chat settles)."""
    import time

    import httpx

    from server.bot.fake_api import FakeBotAPI
    from server.bot.messages import NO_SUCH_BUTTON, NOT_THE_FAKE
    from server.platform.console import fail, out

    with httpx.Client(base_url=base, timeout=10) as http:

        def chat() -> list[dict[str, Any]]:
            try:
                r = http.get(f"/_fake/chats/{user}")
            except httpx.HTTPError:
                fail(NOT_THE_FAKE, url=base)
            if r.status_code != 200:
                fail(NOT_THE_FAKE, url=base)
            return list(r.json())

        before = chat()
        who = {"user_id": user, "language_code": language}
        if tap:
            # The latest message with a button so labelled (a worker may press an older message's too).
            target = next((m for m in reversed(before) if text in FakeBotAPI.buttons(m)), None)
            if target is None:
                labels = FakeBotAPI.buttons(before[-1]) if before else {}
                fail(NO_SUCH_BUTTON, label=text, buttons=", ".join(labels) or "-")
            data = FakeBotAPI.buttons(target)[text]
            http.post(f"/_fake/bot{token}/user_taps", json={**who, "message_id": target["message_id"], "data": data})
        else:
            http.post(f"/_fake/bot{token}/user_sends", json={**who, "text": text})
        # The worker sends the replies from the outbox: wait until the chat changes, then settles.
        seen, changed, deadline = before, 0.0, time.monotonic() + 20
        while time.monotonic() < deadline and not (changed and time.monotonic() - changed > SETTLE):
            time.sleep(0.2)
            now = chat()
            if now != seen:
                seen, changed = now, time.monotonic()
    for message in (m for m in seen if m not in before):
        out.print(message["text"], markup=False)
        pressable = "  ".join(f"[{label}]" for label in FakeBotAPI.buttons(message))
        if pressable:
            out.print(pressable, style="cyan", markup=False)


def poll_tenant(tenant: str, worker_functions: WorkerFunctions | None) -> None:
    """Poll the tenant's bot until Ctrl-C, with an arq worker in-process when given its jobs."""
    from dataclasses import replace

    from arq.connections import RedisSettings
    from arq.worker import Worker

    from server.bot.messages import CLI_POLLING, CLI_UPDATE
    from server.bot.polling import poll
    from server.infra import db
    from server.infra.secrets import current_key
    from server.infra.servers import start_servers
    from server.platform import keys
    from server.platform.console import language, out
    from server.settings import Settings

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stop cleanly, so the embedded servers stop too

    signal.signal(signal.SIGTERM, on_term)
    settings = Settings.from_env()
    servers = start_servers(settings.home, settings.database_url, settings.redis_url)
    settings = replace(settings, database_url=servers.database_url, redis_url=servers.redis_url)
    database_url, redis_url = servers.database_url, servers.redis_url
    assert redis_url is not None, "start_servers starts Redis when none is set"

    async def body() -> None:
        await db.connect(database_url, max_size=settings.cli_db_pool_max)
        await keys.verify(current_key())  # the bot's token is sealed: the key must be the database's
        tasks = []
        if worker_functions is not None:
            w = Worker(
                functions=worker_functions(),
                redis_settings=RedisSettings.from_dsn(redis_url),
                ctx={"settings": settings},
                handle_signals=False,
            )
            tasks.append(asyncio.create_task(w.async_run()))
        lang = language()
        out.print(CLI_POLLING.render(lang, {"url": settings.telegram_api_base, "tenant": tenant}), markup=False)
        try:
            await poll(
                settings, tenant, on_update=lambda u: out.print(CLI_UPDATE.render(lang, {"update": u["update_id"]}))
            )
        finally:
            for t in tasks:
                t.cancel()
            await db.disconnect()

    try:
        asyncio.run(body())
    except KeyboardInterrupt:
        pass
    finally:
        servers.stop()
