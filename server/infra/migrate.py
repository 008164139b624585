"""Piccolo migrations, run per schema.

`platform` gets the platform app's migrations; every tenant schema `t_<slug>`
gets every module's migrations (a module switched off still has its tables,
so switching it on needs no migration), then the bot channel's. Piccolo's own bookkeeping table is
qualified with the schema being migrated and the migrations run with
`search_path` set to that schema, so each schema keeps its own history (see
DESIGN.md on the `table_exists()` trap).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Awaitable, Callable, Sequence
from functools import cache
from typing import Literal

from server.infra import db
from server.infra.db import DB
from server.infra.tenancy import schema_for
from server.modules.registry import tenant_app_names
from server.settings import MIGRATIONS_DIR

_LOCK_KEY = 0x5A15_4A46  # one advisory lock: migrations never run concurrently
MIGRATIONS = MIGRATIONS_DIR  # every app's AppConfig points at MIGRATIONS / <app name>
_ID = re.compile(r'^ID\s*=\s*"([^"]+)"', re.MULTILINE)


@cache
def on_disk(app: str) -> frozenset[str]:
    """The ids of an app's migrations, read from its files without importing them."""
    return frozenset(
        m.group(1) for path in (MIGRATIONS / app).glob("*.py") if (m := _ID.search(path.read_text(encoding="utf-8")))
    )


async def _current(schema: str, app_names: list[str]) -> bool:
    """Whether `schema` has run every migration on disk of these apps: then there is nothing to
    do, and Piccolo (which imports every app and every migration to find that out) is not asked.
    Two small queries, on the open transaction's connection if there is one."""
    tx = DB.current_transaction.get()
    c = tx.connection if tx is not None else db.pool()
    if await c.fetchval("SELECT to_regclass($1)", f'"{schema}".migration') is None:
        return False
    ran = {(r["app_name"], r["name"]) for r in await c.fetch(f'SELECT app_name, name FROM "{schema}".migration')}
    return all((app, mid) in ran for app in app_names for mid in on_disk(app))


async def _run_apps(schema: str, app_names: list[str]) -> int:
    """Run the apps' pending migrations into `schema`; return how many ran."""
    from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
    from piccolo.apps.migrations.tables import Migration

    await DB.run_ddl(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
    await DB.run_ddl(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    await DB.run_ddl(f'SET LOCAL search_path TO "{schema}"')
    Migration._meta.schema = schema
    ran = 0
    for app in app_names:
        before = len(await Migration.get_migrations_which_ran(app_name=app)) if await Migration.table_exists() else 0
        with contextlib.redirect_stdout(io.StringIO()) as out:
            result = await ForwardsMigrationManager(app_name=app).run()
        if not result.success:
            raise RuntimeError(f"migrating {app} into {schema} failed: {result.message}\n{out.getvalue()}")
        ran += len(await Migration.get_migrations_which_ran(app_name=app)) - before
    return ran


def tenant_apps() -> list[str]:
    return tenant_app_names()


def tenant_apps_on_disk() -> list[str]:
    """The tenant apps by their migration folders, known without loading a module (the same as
    `tenant_apps()`: tests/infra/test_migrations.py)."""
    return sorted(p.name for p in MIGRATIONS.iterdir() if p.is_dir() and p.name != "platform" and on_disk(p.name))


async def migrate_platform() -> int:
    async with DB.transaction():
        if await _current("platform", ["platform"]):
            return 0
        ran = await _run_apps("platform", ["platform"])
    return ran


async def migrate_tenant_schema(slug: str) -> int:
    """Create (if needed) and migrate one tenant's schema, joining an open transaction if any."""
    schema = schema_for(slug)
    async with DB.transaction():
        if await _current(schema, tenant_apps_on_disk()):
            return 0
        ran = await _run_apps(schema, tenant_apps())
    return ran


def run_sql(statements: Sequence[str]) -> Callable[[], Awaitable[None]]:
    """A migration's raw step running `statements` in turn (`manager.add_raw(run_sql(STATEMENTS))`):
    in a tenant's migration inside the tenant's schema, in the platform's on the platform."""

    async def run() -> None:
        for sql in statements:
            await DB.run_ddl(sql)

    return run


async def add_member_refs(
    module: str, columns: list[tuple[str, str]], *, on_delete: Literal["RESTRICT", "CASCADE"] = "RESTRICT"
) -> None:
    """A member-reference migration (`server/migrations/<app>/*memberrefs*`): each (table, column)
    naming an orgs member references `member (id)`, as `member_ref_<module>_<table>_<column>` (orgs'
    `delete_member` names the module by that prefix). Run inside the tenant's schema; a constraint
    already there is left alone.

    RESTRICT (a module's records of the member: the delete is refused): NOT VALID, so rows from
    before, naming a member deleted since, stay as they are (readers cope). CASCADE (a row that
    belongs to the member but records nothing, such as the bot's link of a Telegram account): it
    goes with its member, so a row naming a member deleted before the key is deleted now, as the
    key would have done, and the key is then validated. The key is added first (its lock holds
    member deletes off until the migration commits), so no row can lose its member in between."""
    tx = DB.current_transaction.get()
    if tx is None:
        raise RuntimeError("a tenant migration runs inside the tenant's transaction")
    c = tx.connection
    for table, column in columns:
        name = f"member_ref_{module}_{table}_{column}"
        exists = await c.fetchval(
            "SELECT 1 FROM pg_constraint WHERE conname = $1 AND connamespace = current_schema()::regnamespace", name
        )
        if exists is not None:
            continue
        await c.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({column}) "
            f"REFERENCES member (id) ON DELETE {on_delete} NOT VALID"
        )
        if on_delete == "CASCADE":
            await c.execute(
                f"DELETE FROM {table} t WHERE t.{column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM member m WHERE m.id = t.{column})"
            )
            await c.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")
