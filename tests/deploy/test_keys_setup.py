"""First setup of a fresh installation through the CLI (issue 22): `saishang admin create` makes
the first way in, `saishang tenant create --from tenants/<slug>` loads a tenant file."""

from __future__ import annotations

import hashlib

import asyncpg

from server.infra.db import asyncpg_config
from server.settings import TENANTS_DIR
from tests.cli_helpers import saishang
from tests.deploy.test_keys import env_for, fresh_database, new_key, one_line


async def test_a_fresh_installation_gets_its_first_admin_and_tenants_from_the_cli(settings, tmp_path):
    url = await fresh_database(settings)
    env = env_for(settings, tmp_path, url, new_key(), SAISHANG_LANG="en")
    assert saishang("migrate", env=env).returncode == 0

    made = saishang("admin", "create", env=env)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("ss_") and "store it now" in made.stderr
    refused = one_line(saishang("admin", "create", env=env))
    assert "a platform admin exists already (platform admin, token #1" in refused
    another = saishang("admin", "create", "--another", "--name", "second admin", env={**env, "SAISHANG_LANG": "zh-CN"})
    assert another.returncode == 0 and "平台管理员“second admin”" in another.stderr, another.stderr
    assert "请立即保存" in another.stderr and "store it now" not in another.stderr
    second = another.stdout.strip().splitlines()[-1]
    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        held = await c.fetch(
            "SELECT a.name, a.role, t.token_hash FROM platform.api_token t JOIN platform.account a ON a.id = t.account "
            "ORDER BY t.id"
        )
        assert [(r["name"], r["role"], r["token_hash"]) for r in held] == [
            ("platform admin", "platform_admin", hashlib.sha256(token.encode()).hexdigest()),
            ("second admin", "platform_admin", hashlib.sha256(second.encode()).hexdigest()),
        ]
    finally:
        await c.close()
    listed = saishang("token", "list", "--json", env=env)
    assert listed.stdout.count('"platform_admin"') == 2

    # Tenants from their files: a folder, or the file itself; as `up` reads them.
    folder = TENANTS_DIR / "qingtongxia"
    created = saishang("tenant", "create", "--from", str(folder), env=env)
    assert created.returncode == 0 and "qingtongxia" in created.stdout, created.stderr
    by_file = saishang("tenant", "create", "--from", str(TENANTS_DIR / "yinchuan" / "tenant.toml"), env=env)
    assert by_file.returncode == 0, by_file.stderr
    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        row = await c.fetchrow("SELECT modules, config FROM platform.tenant WHERE slug = 'qingtongxia'")
        assert '"reps"' in row["modules"] and '"resolution_working_days": 7' in row["config"]
        assert await c.fetchval("SELECT count(*) FROM t_qingtongxia.migration") > 0
    finally:
        await c.close()
    assert "tenant qingtongxia already exists" in one_line(saishang("tenant", "create", "--from", str(folder), env=env))
    assert "is not a tenant folder" in one_line(saishang("tenant", "create", "--from", str(tmp_path), env=env))
    assert "one or the other" in one_line(saishang("tenant", "create", env=env))
    both = saishang("tenant", "create", "zw", "--name-zh", "中卫", "--name-en", "Zw", "--from", str(folder), env=env)
    assert "one or the other" in one_line(both)
