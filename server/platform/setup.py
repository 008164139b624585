"""Setting an installation up from the command line: `saishang key ...` (the installation key)
and `saishang admin create` (the first way in). `server/cli.py` only mounts these groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
    from server.platform.console import err

    key = os.urandom(32)
    if out_file is None:
        print(base64.b64encode(key).decode())
        return
    if out_file.exists():
        from server.platform import messages
        from server.platform.console import fail

        fail(messages.FILE_EXISTS, path=str(out_file))
    write_key_file(out_file, key)
    err.print(f"wrote a new key to {out_file}")


@key_app.command("check")
def key_check() -> None:
    """Say whether this process's key is the database's (what every process checks at start)."""
    from server.infra.secrets import current_key
    from server.platform.console import out, run

    async def body(settings: object) -> None:
        return None

    run(body)  # `run` checks the key before the body
    out.print(f"the installation key ({current_key().source}) opens this database's data")


@key_app.command("rotate")
def key_rotate(
    new_key_file: Annotated[Path, typer.Option("--new-key-file", help="The new key (base64 of 32 bytes)")],
    batch: Annotated[int, typer.Option(help="Rows re-sealed per transaction", min=1, max=100_000)] = 1000,
) -> None:
    """Re-seal every sealed value under a new key, in batches. Stop the API and the worker first;
    run it with the old key. Killed half-way, run it again: it continues where it stopped. Then
    give every process the new key."""
    from server.infra.secrets import current_key, read_key_file
    from server.platform import keys
    from server.platform.console import out, run

    new = read_key_file(new_key_file)
    old = current_key()

    def progress(step: str, rows: int) -> None:
        out.print(f"{step}: {rows} row(s) re-sealed")

    report = run(lambda s: keys.rotate(old, new, batch=batch, progress=progress), check_key=False)
    if report.finished_before:
        out.print("the rotation had finished already: the database is sealed under the new key")
    else:
        out.print(f"rotation done: {report.rows} row(s) re-sealed in {report.batches} batch(es)")
    if old.home_file is not None:
        out.print(f"the development key file {old.home_file} now holds the new key")
    else:
        out.print("now give every process the new key (SAISHANG_ID_KEY or SAISHANG_ID_KEY_FILE) and start them")
