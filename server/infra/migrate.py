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

from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
from piccolo.apps.migrations.tables import Migration

from server.infra.db import DB
from server.infra.tenancy import schema_for
from server.modules.registry import tenant_app_names

_LOCK_KEY = 0x5A15_4A46  # one advisory lock: migrations never run concurrently


async def _run_apps(schema: str, app_names: list[str]) -> int:
    """Run the apps' pending migrations into `schema`; return how many ran."""
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


async def migrate_platform() -> int:
    async with DB.transaction():
        ran = await _run_apps("platform", ["platform"])
    return ran


async def migrate_tenant_schema(slug: str) -> int:
    """Create (if needed) and migrate one tenant's schema, joining an open transaction if any."""
    async with DB.transaction():
        ran = await _run_apps(schema_for(slug), tenant_apps())
    return ran
