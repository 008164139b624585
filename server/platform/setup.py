"""Setting an installation up from the command line: `saishang key ...` (the installation key)
and `saishang admin create` (the first way in). `server/cli.py` only mounts these groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from server.messages import Msg

key_app = typer.Typer(
    help="The installation key sealing ID numbers, bank accounts and bot tokens.", no_args_is_help=True
)


@key_app.command("generate")
def key_generate(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write it to this file (mode 0600) instead of printing it")
    ] = None,
) -> None:
    """Make a new random key (base64 of 32 bytes), for SAISHANG_ID_KEY or SAISHANG_ID_KEY_FILE."""
    import base64
    import os

    from server.infra.secrets import write_key_file
    from server.platform import messages
    from server.platform.console import err, language

    key = os.urandom(32)
    if out_file is None:
        print(base64.b64encode(key).decode())
        return
    if out_file.exists():
        from server.platform.console import fail

        fail(messages.FILE_EXISTS, path=str(out_file))
    write_key_file(out_file, key)
    err.print(messages.CLI_WROTE.render(language(), {"path": out_file}), markup=False, soft_wrap=True)


@key_app.command("check")
def key_check() -> None:
    """Say whether this process's key is the database's (what every process checks at start)."""
    from server.infra.secrets import current_key
    from server.platform import messages
    from server.platform.console import language, out, run

    async def body(settings: object) -> None:
        return None

    run(body)  # `run` checks the key before the body
    out.print(messages.CLI_KEY_OPENS.render(language(), {"source": current_key().source}), markup=False)


@key_app.command("rotate")
def key_rotate(
    new_key_file: Annotated[Path, typer.Option("--new-key-file", help="The new key (base64 of 32 bytes)")],
    batch: Annotated[int, typer.Option(help="Rows re-sealed per transaction", min=1, max=100_000)] = 1000,
) -> None:
    """Re-seal every sealed value under a new key, in batches. Stop the API and the worker first;
    run it with the old key. Killed half-way, run it again: it continues where it stopped. Then
    give every process the new key."""
    from server.infra.secrets import current_key, read_key_file
    from server.platform import keys, messages
    from server.platform.console import language, out, run

    new = read_key_file(new_key_file)
    old = current_key()
    lang = language()

    def say(message: Msg, **params: object) -> None:
        out.print(message.render(lang, params), markup=False)

    def progress(step: str, rows: int) -> None:
        say(messages.CLI_RESEALED, step=step, rows=rows)

    report = run(lambda s: keys.rotate(old, new, batch=batch, progress=progress), check_key=False)
    if report.finished_before:
        say(messages.CLI_ROTATION_FINISHED_BEFORE)
    else:
        say(messages.CLI_ROTATION_DONE, rows=report.rows, batches=report.batches)
    if old.home_file is not None:
        say(messages.CLI_ROTATION_DEV_FILE, path=old.home_file)
    else:
        say(messages.CLI_ROTATION_GIVE_KEY)


admin_app = typer.Typer(help="Platform admin accounts: the first way into a new installation.", no_args_is_help=True)


@admin_app.command("create")
def admin_create(
    name: Annotated[str, typer.Option(help="Account name")] = "platform admin",
    label: Annotated[str, typer.Option(help="What the token is for")] = "saishang admin create",
    another: Annotated[bool, typer.Option("--another", help="Make one even if a platform admin exists")] = False,
) -> None:
    """Make a platform admin account and its bearer token (the first way in after `migrate`). The
    token is printed once, as the last line; store it. Refused if a platform admin holding a live
    token exists, unless --another."""
    import datetime as dt

    from server.platform import messages, service
    from server.platform.console import err, language, run
    from server.platform.console import fail as stop

    async def body(settings: object) -> service.NewToken:
        now = dt.datetime.now(dt.UTC)
        live = [
            t
            for t in await service.list_tokens(include_revoked=False)
            if t.role == "platform_admin" and (t.expires_at is None or t.expires_at > now)
        ]
        if live and not another:
            stop(messages.ADMIN_EXISTS, account=live[0].account, id=live[0].id, prefix=live[0].prefix)
        return await service.create_token(service.TokenIn(role="platform_admin", name=name, label=label))

    new = run(body)
    said = {"name": name, "id": new.info.id, "prefix": new.info.prefix}
    err.print(messages.CLI_ADMIN_MADE.render(language(), said), markup=False, soft_wrap=True)
    print(new.token)  # the token alone on stdout, for a script to take


def tenant_from_file(path: Path) -> object:
    """`saishang tenant create --from tenants/<slug>`: the tenant a tenant file (as `up` and the
    demo read them) describes, created and migrated."""
    from server.platform import messages, service
    from server.platform.console import fail, run

    file = path / "tenant.toml" if path.is_dir() else path
    if not file.is_file():
        fail(messages.TENANT_FILE_MISSING, path=str(path))
    spec = service.read_tenant_file(file)
    return run(lambda s: service.create_tenant(spec))
