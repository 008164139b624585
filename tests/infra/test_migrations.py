"""Migrations run per schema; a second run changes nothing; a new tenant is usable at once."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse, urlunparse

import asyncpg

from server.infra.db import asyncpg_config
from server.infra.migrate import migrate_platform, migrate_tenant_schema
from tests.cli_helpers import cli_env, saishang


def with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


async def migration_counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(**asyncpg_config(url))
    try:
        schemas = [
            r["table_schema"]
            for r in await conn.fetch(
                "SELECT table_schema FROM information_schema.tables WHERE table_name = 'migration'"
            )
        ]
        return {s: await conn.fetchval(f'SELECT count(*) FROM "{s}".migration') for s in schemas}
    finally:
        await conn.close()


async def test_a_fresh_database_migrates_and_migrating_again_is_a_no_op(settings, tmp_path):
    name = f"fresh_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(**asyncpg_config(settings.database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    env = cli_env(settings, tmp_path, DATABASE_URL=with_database(settings.database_url, name))

    first = saishang("migrate", env={**env, "SAISHANG_LANG": "en"})
    assert first.returncode == 0 and "migrated platform and 0 tenant schema(s)" in first.stdout, first.stderr
    created = saishang(
        "tenant", "create", "ningdong", "--name-zh", "宁东基地工会", "--name-en", "Ningdong Base TU", env=env
    )
    assert created.returncode == 0, created.stderr
    url = with_database(settings.database_url, name)
    before = await migration_counts(url)
    assert set(before) == {"platform", "t_ningdong"}
    assert before["platform"] >= 1 and before["t_ningdong"] >= 1

    again = saishang("migrate", env=env)
    assert again.returncode == 0, again.stderr
    assert "t_ningdong：执行了 0 个迁移" in again.stdout, again.stdout  # in the CLI's language, zh-CN
    assert await migration_counts(url) == before

    # Nothing tenant-owned lives in public.
    conn = await asyncpg.connect(**asyncpg_config(url))
    try:
        public = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    finally:
        await conn.close()
    assert public == []


async def test_migrating_twice_in_process_runs_nothing(fresh_tenant):
    assert await migrate_platform() == 0
    assert await migrate_tenant_schema(fresh_tenant.slug) == 0


def test_the_migrations_on_disk_are_the_apps_the_registry_migrates():
    """`up` and every command skip Piccolo when a schema has run every migration on disk; that
    check knows the apps by their folders, so the folders must be exactly the registry's apps."""
    import importlib
    from pathlib import Path

    from server.infra.migrate import MIGRATIONS, tenant_apps, tenant_apps_on_disk
    from server.modules import registry

    assert tenant_apps_on_disk() == sorted(tenant_apps())
    for dotted in ["server.platform.piccolo_app", *registry.piccolo_apps()]:
        config = importlib.import_module(dotted).APP_CONFIG
        assert Path(config.migrations_folder_path) == MIGRATIONS / config.app_name, dotted
