"""The installation key against the database: the start-up check and key rotation.

**The check.** `platform.key_check` holds one value sealed under the installation key by the
first process that met the database. Every process (API, worker, each CLI command) opens it at
start with its own key (`verify`); a key that does not open it is refused with one line
(`KeyProblem`), before it can answer 500 on a member or accept a duplicate ID number.

**Rotation** (`saishang key rotate --new-key-file F`): every sealed column of every tenant is
opened under the old key and sealed again under the new one, and keyed hashes are recomputed,
table by table in batches of ids. Each batch commits with its progress (`platform.key_rotation`),
so a rotation that was killed continues where it stopped when run again. While a rotation is
under way no process starts (old and new values are mixed); the last step swaps the check value
in one transaction. `SEALED` lists every sealed column (tests/deploy/test_keys.py holds it to
the purposes the code seals for).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from cryptography.exceptions import InvalidTag

from server import messages
from server.infra.db import DB
from server.infra.secrets import InstallationKey, KeyProblem, Sealer, forget_key, write_key_file

CHECK_PURPOSE = "key-check"
CHECK_TEXT = "saishang installation key"
TEXT_PREFIX = "sealed:"


@dataclass(frozen=True)
class Sealed:
    """One sealed column of a tenant table: `bytes` (AES-GCM blob) or `text` ("sealed:<base64>"),
    with the column holding the keyed hash of the same value, if any."""

    table: str
    column: str
    purpose: str
    form: str = "text"
    digest: str | None = None


SEALED = (
    Sealed("member", "id_cipher", "id-number", form="bytes", digest="id_hash"),
    Sealed("hardship_household", "bank_account", "bank-account"),
    Sealed("relief_application", "bank_account", "bank-account"),
    Sealed("payout", "account", "bank-account"),
    Sealed("bank_export", "account", "bank-account"),
    Sealed("bot_config", "token", "bot-token"),
    Sealed("bot_config", "webhook_secret", "bot-webhook-secret"),
)


def _check_value(key: bytes) -> bytes:
    return Sealer(key, CHECK_PURPOSE).encrypt(CHECK_TEXT)


def opens(key: bytes, sealed: bytes) -> bool:
    try:
        return Sealer(key, CHECK_PURPOSE).decrypt(sealed) == CHECK_TEXT
    except InvalidTag:
        return False


async def _acquire() -> Any:
    if DB.pool is None:
        raise RuntimeError("connect the database first")
    return DB.pool.acquire()


async def verify(key: InstallationKey) -> None:
    """Refuse (`KeyProblem`) a key that is not the database's, or any key while a rotation is
    under way. The first process to meet a database seals its check value."""
    async with await _acquire() as c:
        try:
            if await c.fetchval("SELECT 1 FROM platform.key_rotation"):
                raise KeyProblem(messages.KEY_ROTATING)
            if await c.fetchval("SELECT sealed FROM platform.key_check") is None and not await _opens_stored(
                c, key.key
            ):
                raise KeyProblem(messages.KEY_MISMATCH, source=key.source)
            await c.execute(
                "INSERT INTO platform.key_check (singleton, sealed, created_at) VALUES (true, $1, now()) "
                "ON CONFLICT (singleton) DO NOTHING",
                _check_value(key.key),
            )
            sealed = await c.fetchval("SELECT sealed FROM platform.key_check")
        except asyncpg.UndefinedTableError:
            raise KeyProblem(messages.KEY_NOT_MIGRATED) from None
    if not opens(key.key, sealed):
        raise KeyProblem(messages.KEY_MISMATCH, source=key.source)


async def _opens_stored(c: Any, key: bytes) -> bool:
    """Before the first check value is sealed (a database from before the check, or a new one):
    the key opens a value of each sealed column that holds one, in every tenant; so the first
    process of an installation whose data another key sealed does not make its key the rule."""
    for slug in await c.fetchval("SELECT array_agg(slug) FROM platform.tenant") or []:
        for s in SEALED:
            table = f'"t_{slug}".{s.table}'
            if not await c.fetchval("SELECT to_regclass($1)", table):
                continue
            where = f"{s.column} LIKE '{TEXT_PREFIX}%'" if s.form == "text" else "true"
            stored = await c.fetchval(f"SELECT {s.column} FROM {table} WHERE {where} LIMIT 1")
            if stored is None:
                continue
            sealer = Sealer(key, s.purpose)
            try:
                if s.form == "text":
                    sealer.open_text(stored)
                else:
                    sealer.decrypt(stored)
            except InvalidTag:
                return False
    return True


def preflight(database_url: str | None) -> None:
    """What `serve` and `worker` do before anything else: the key is there, the database answers
    and the key is its, or the process stops with one line (`KeyProblem`, or the CLI's
    `cannot reach the database`) rather than uvicorn's or arq's traceback."""
    import asyncio

    from server.infra import db
    from server.infra.secrets import current_key

    key = current_key()  # no key in production: refused before touching the database
    if database_url is None:
        return

    async def body() -> None:
        try:
            await db.connect(database_url, max_size=1)
        except db.CONNECT_ERRORS as exc:
            from server.platform import messages as platform_messages
            from server.platform.console import fail

            fail(platform_messages.NO_DATABASE, error=str(exc))
        try:
            await verify(key)
        finally:
            await db.disconnect()

    asyncio.run(body())


# --- rotation ---------------------------------------------------------------------------------


@dataclass
class RotationReport:
    rows: int = 0
    batches: int = 0
    finished_before: bool = False  # an earlier run had swapped the keys already


Progress = Callable[[str, int], None]  # (schema.table, rows re-sealed in this batch)


class _Resealer:
    def __init__(self, old: bytes, new: bytes):
        self.old = {s.purpose: Sealer(old, s.purpose) for s in SEALED}
        self.new = {s.purpose: Sealer(new, s.purpose) for s in SEALED}

    def text(self, purpose: str, stored: str | None) -> str | None:
        if stored is None or not stored.startswith(TEXT_PREFIX):
            return stored  # stored before sealing began: the migration that seals it will
        return self.new[purpose].seal_text(self.old[purpose].open_text(stored))

    def blob(self, purpose: str, stored: bytes) -> tuple[bytes, bytes]:
        plain = self.old[purpose].decrypt(stored)
        return self.new[purpose].encrypt(plain), self.new[purpose].digest(plain)


def _tables() -> dict[str, list[Sealed]]:
    by_table: dict[str, list[Sealed]] = {}
    for s in SEALED:
        by_table.setdefault(s.table, []).append(s)
    return by_table


async def _start(c: Any, old: InstallationKey, new: bytes) -> bool:
    """Check both keys and record the rotation; False when an earlier run already finished it."""
    try:
        sealed = await c.fetchval("SELECT sealed FROM platform.key_check")
    except asyncpg.UndefinedTableError:
        raise KeyProblem(messages.KEY_NOT_MIGRATED) from None
    if sealed is None:  # nothing checked yet: the old key is the database's from now on
        await verify(old)
        sealed = await c.fetchval("SELECT sealed FROM platform.key_check")
    rotation = await c.fetchrow("SELECT new_sealed FROM platform.key_rotation FOR UPDATE")
    if rotation is None and opens(new, sealed) and not opens(old.key, sealed):
        return False  # done by an earlier run that stopped before it could say so
    if not opens(old.key, sealed):
        raise KeyProblem(messages.KEY_MISMATCH, source=old.source)
    if new == old.key:
        raise KeyProblem(messages.KEY_ROTATION_SAME)
    if rotation is None:
        await c.execute(
            "INSERT INTO platform.key_rotation (singleton, new_sealed, progress, started_at) "
            "VALUES (true, $1, '{}'::jsonb, now())",
            _check_value(new),
        )
    elif not opens(new, rotation["new_sealed"]):
        raise KeyProblem(messages.KEY_ROTATION_OTHER)
    return True


def _reseal_row(row: Any, columns: list[Sealed], r: _Resealer, values: dict[str, list[Any]]) -> None:
    for s in columns:
        if s.form == "bytes":
            blob, digest = r.blob(s.purpose, row[s.column])
            values[s.column].append(blob)
            if s.digest:
                values[s.digest].append(digest)
        else:
            values[s.column].append(r.text(s.purpose, row[s.column]))


async def _batch(c: Any, schema: str, table: str, columns: list[Sealed], r: _Resealer, size: int) -> int:
    """Re-seal the next `size` rows of one table after the recorded id; 0 when none are left."""
    step = f"{schema}.{table}"
    progress = json.loads(await c.fetchval("SELECT progress FROM platform.key_rotation FOR UPDATE"))
    last = progress.get(step, 0)
    if last == -1:
        return 0
    names = [s.column for s in columns] + [s.digest for s in columns if s.digest]
    rows = await c.fetch(
        f'SELECT id, {", ".join(names)} FROM "{schema}".{table} WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE',
        last,
        size,
    )
    if rows:
        values: dict[str, list[Any]] = {n: [] for n in names}
        for row in rows:
            try:
                _reseal_row(row, columns, r, values)
            except InvalidTag:
                raise KeyProblem(messages.KEY_ROW_NOT_OPENING, table=step, id=row["id"]) from None
        types = {s.column: "bytea" if s.form == "bytes" else "text" for s in columns}
        types.update({s.digest: "bytea" for s in columns if s.digest})
        sets = ", ".join(f"{n} = s.{n}" for n in names)
        unnest = ", ".join(f"${i + 2}::{types[n]}[]" for i, n in enumerate(names))
        await c.execute(
            f'UPDATE "{schema}".{table} t SET {sets} FROM unnest($1::int[], {unnest}) AS s(id, {", ".join(names)}) '
            "WHERE t.id = s.id",
            [row["id"] for row in rows],
            *(values[n] for n in names),
        )
    progress[step] = rows[-1]["id"] if len(rows) == size else -1
    await c.execute("UPDATE platform.key_rotation SET progress = $1::jsonb", json.dumps(progress))
    return len(rows)


async def rotate(
    old: InstallationKey, new: bytes, *, batch: int = 1000, progress: Progress | None = None
) -> RotationReport:
    """Re-seal every sealed column under `new`, resumably; swap the check value at the end. When
    the old key was the development key file, the file then holds the new key."""
    report = RotationReport()
    async with await _acquire() as c:
        async with c.transaction():
            if not await _start(c, old, new):
                report.finished_before = True
        if not report.finished_before:
            resealer = _Resealer(old.key, new)
            schemas = [
                f"t_{slug}"
                for slug in await c.fetchval("SELECT array_agg(slug ORDER BY slug) FROM platform.tenant") or []
            ]
            for schema in schemas:
                for table, columns in _tables().items():
                    if not await c.fetchval("SELECT to_regclass($1)", f'"{schema}".{table}'):
                        continue
                    while True:
                        async with c.transaction():
                            n = await _batch(c, schema, table, columns, resealer, batch)
                        if n == 0:
                            break
                        report.rows += n
                        report.batches += 1
                        if progress is not None:
                            progress(f"{schema}.{table}", n)
            async with c.transaction():
                await c.execute("UPDATE platform.key_check SET sealed = (SELECT new_sealed FROM platform.key_rotation)")
                await c.execute("DELETE FROM platform.key_rotation")
    if old.home_file is not None:
        write_key_file(old.home_file, new)
        forget_key()
    return report
