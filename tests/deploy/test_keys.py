"""The installation key (issue 22): production needs one, every process checks it is the
database's, a sealed value another key sealed is never a 500, and rotation re-seals everything,
resumably. Each test runs the real CLI against a database of its own (a rotation re-seals every
tenant of the database it is pointed at)."""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg

from server.infra.db import asyncpg_config
from server.infra.secrets import Sealer
from server.infra.tenancy import tenant_scope
from server.platform import keys
from tests.cli_helpers import cli_env, saishang
from tests.infra.test_migrations import with_database
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.orgs.test_import import members_csv, to_csv

SLUG = "kx"


def new_key() -> bytes:
    return os.urandom(32)


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


async def fresh_database(settings) -> str:
    name = f"keys_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(**asyncpg_config(settings.database_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return with_database(settings.database_url, name)


def env_for(settings, home: Path, url: str, key: bytes | None, **extra: str) -> dict[str, str]:
    env = cli_env(settings, home, DATABASE_URL=url, **extra)
    env.pop("SAISHANG_ID_KEY")
    if key is not None:
        env["SAISHANG_ID_KEY"] = b64(key)
    return env


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


async def installation(settings, tmp_path: Path, key: bytes, members: int) -> tuple[str, list[str]]:
    """A database with one tenant, `members` members (sealed ID numbers) and a sealed bot token."""
    url = await fresh_database(settings)
    env = env_for(settings, tmp_path, url, key)
    assert saishang("migrate", env=env).returncode == 0
    made = saishang("tenant", "create", SLUG, "--name-zh", "钥匙测试工会", "--name-en", "Key TU", env=env)
    assert made.returncode == 0, made.stderr
    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        await c.execute(
            f"INSERT INTO t_{SLUG}.org (name, type, created_at) VALUES ('钥匙厂工会', 'enterprise_union', now())"
        )
        bot = Sealer(key, "bot-token").seal_text("123456:secret-token")
        secret = Sealer(key, "bot-webhook-secret").seal_text("webhook-secret")
        await c.execute(
            f"INSERT INTO t_{SLUG}.bot_config (singleton, token, webhook_secret, username, updated_at) "
            "VALUES (true, $1, $2, 'kx_bot', now())",
            bot,
            secret,
        )
    finally:
        await c.close()
    headers, rows = members_csv(["钥匙厂工会"], members, seed=members)
    csv_file = tmp_path / "members.csv"
    csv_file.write_bytes(to_csv(headers, rows))
    done = saishang("import", "members", str(csv_file), "--tenant", SLUG, env=env)
    assert f"新增 {members}" in done.stdout, done.stderr
    return url, [r[1] for r in rows]


async def assert_all_open_under(url: str, key: bytes, numbers: list[str]) -> None:
    """Every sealed value of every table opens under `key`, and the ID hashes are `key`'s."""
    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        member = await c.fetch(f"SELECT id_cipher, id_hash FROM t_{SLUG}.member")
        seal = Sealer(key, "id-number")
        assert sorted(seal.decrypt(r["id_cipher"]) for r in member) == sorted(numbers)
        assert all(r["id_hash"] == seal.digest(seal.decrypt(r["id_cipher"])) for r in member)
        bot = await c.fetchrow(f"SELECT token, webhook_secret FROM t_{SLUG}.bot_config")
        assert Sealer(key, "bot-token").open_text(bot["token"]) == "123456:secret-token"
        assert Sealer(key, "bot-webhook-secret").open_text(bot["webhook_secret"]) == "webhook-secret"
    finally:
        await c.close()


def read_back(env: dict[str, str], tmp_path: Path, numbers: list[str]) -> None:
    """The CLI reads every ID number (export, revealed) and knows every member by it (re-import)."""
    out = tmp_path / f"export-{uuid.uuid4().hex[:6]}.csv"
    exported = saishang("orgs", "export", "members", "--tenant", SLUG, "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert all(n in text for n in numbers)
    again = saishang("import", "members", str(out), "--tenant", SLUG, env=env)
    assert f"未变 {len(numbers)}" in again.stdout, again.stderr


def test_production_refuses_to_start_without_a_key(settings, tmp_path):
    env = env_for(settings, tmp_path, settings.database_url, None)
    for args in (("tenant", "list"), ("serve", "--port", "1"), ("worker",)):
        line = one_line(saishang(*args, env={**env, "SAISHANG_LANG": "en"}, timeout=60))
        assert line.startswith("error: no installation key") and "SAISHANG_ID_KEY_FILE" in line, (args, line)
    # Not base64 of 32 bytes; a key file that is not there: one line each, naming the culprit.
    bad = one_line(saishang("tenant", "list", env={**env, "SAISHANG_ID_KEY": "c2hvcnQ="}))
    assert "SAISHANG_ID_KEY" in bad and "32" in bad
    missing = one_line(saishang("tenant", "list", env={**env, "SAISHANG_ID_KEY_FILE": str(tmp_path / "nope.key")}))
    assert "nope.key" in missing


async def test_a_key_that_is_not_the_databases_is_refused_at_start(settings, tmp_path):
    url = await fresh_database(settings)
    first, other = new_key(), new_key()
    assert saishang("migrate", env=env_for(settings, tmp_path, url, first)).returncode == 0
    # The key may come from a file too: the same key is accepted.
    key_file = tmp_path / "install.key"
    key_file.write_text(b64(first) + "\n")
    from_file = env_for(settings, tmp_path, url, None, SAISHANG_ID_KEY_FILE=str(key_file))
    checked = saishang("key", "check", env=from_file)
    assert checked.returncode == 0 and f"安装密钥（SAISHANG_ID_KEY_FILE={key_file}）能打开" in checked.stdout, (
        checked.stdout
    )
    checked = saishang("key", "check", env={**from_file, "SAISHANG_LANG": "en"})
    assert f"the installation key (SAISHANG_ID_KEY_FILE={key_file}) opens" in checked.stdout, checked.stdout

    wrong = env_for(settings, tmp_path, url, other, SAISHANG_LANG="en")
    for args in (("tenant", "list"), ("serve", "--port", "1"), ("worker",)):
        line = one_line(saishang(*args, env=wrong, timeout=60))
        assert "is not the one this database's data is sealed with" in line, (args, line)
    zh = one_line(saishang("tenant", "list", env={**wrong, "SAISHANG_LANG": "zh-CN"}))
    assert "不是本数据库所用的那一把" in zh


async def test_a_value_sealed_under_another_key_is_a_clear_error_not_a_500(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        org = await make_org("异钥厂工会")
        member = await make_member(org.id)
    from server.infra.tenancy import conn

    async with tenant_scope(tenant.slug):
        await conn().execute(
            "UPDATE member SET id_cipher = $1 WHERE id = $2",
            Sealer(new_key(), "id-number").encrypt("640202199001011234"),
            member.id,
        )
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/members/{member.id}?reveal=true", headers={**tenant_headers, "Accept-Language": "en"}
    )
    try:
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "key_not_opening" and "SAISHANG_ID_KEY" in r.json()["detail"]
    finally:  # a value no key of this session opens must not outlive the test
        async with tenant_scope(tenant.slug):
            await conn().execute("DELETE FROM member WHERE id = $1", member.id)


async def test_rotation_reseals_everything_and_the_old_key_is_refused_after(settings, tmp_path):
    old, new = new_key(), new_key()
    url, numbers = await installation(settings, tmp_path, old, 25)
    # A database from before the check value: the first process must open what is stored to
    # make its key the rule, so a stray key is refused and the right one seals the check.
    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        await c.execute("DELETE FROM platform.key_check")
    finally:
        await c.close()
    stray = one_line(saishang("tenant", "list", env=env_for(settings, tmp_path, url, new_key(), SAISHANG_LANG="en")))
    assert "is not the one this database's data is sealed with" in stray
    assert saishang("tenant", "list", env=env_for(settings, tmp_path, url, old)).returncode == 0
    new_file = tmp_path / "new.key"
    made = saishang("key", "generate", "--out", str(new_file), env=env_for(settings, tmp_path, url, old))
    assert made.returncode == 0 and f"已写入 {new_file}" in made.stderr, made.stderr
    new = base64.b64decode(new_file.read_text())

    rotated = saishang(
        "key", "rotate", "--new-key-file", str(new_file), "--batch", "7", env=env_for(settings, tmp_path, url, old)
    )
    assert rotated.returncode == 0, rotated.stderr
    assert "重新加密了 26 行" in rotated.stdout  # 25 members and the bot's row (in the CLI's language, zh-CN)
    await assert_all_open_under(url, new, numbers)
    read_back(env_for(settings, tmp_path, url, new), tmp_path, numbers)
    line = one_line(saishang("tenant", "list", env=env_for(settings, tmp_path, url, old, SAISHANG_LANG="en")))
    assert "is not the one this database's data is sealed with" in line
    # Rotating to the key in use is refused; running the finished rotation again says it is done.
    same = one_line(
        saishang(
            "key",
            "rotate",
            "--new-key-file",
            str(new_file),
            env=env_for(settings, tmp_path, url, new, SAISHANG_LANG="en"),
        )
    )
    assert "the new key is the current key" in same
    again = saishang(
        "key", "rotate", "--new-key-file", str(new_file), env=env_for(settings, tmp_path, url, old, SAISHANG_LANG="en")
    )
    assert again.returncode == 0 and "had finished already" in again.stdout, again.stderr


async def test_a_rotation_killed_midway_refuses_every_process_then_resumes_to_the_end(settings, tmp_path):
    old, new = new_key(), new_key()
    url, numbers = await installation(settings, tmp_path, old, 40)
    new_file = tmp_path / "new.key"
    new_file.write_text(b64(new))
    env = env_for(settings, tmp_path, url, old, PYTHONUNBUFFERED="1", SAISHANG_LANG="en")
    rotate = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "key", "rotate", "--new-key-file", str(new_file), "--batch", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert rotate.stdout is not None
    first = rotate.stdout.readline()  # one batch committed
    rotate.send_signal(signal.SIGKILL)
    rotate.wait()
    assert "re-sealed" in first, first + (rotate.stderr.read() if rotate.stderr else "")

    c = await asyncpg.connect(**asyncpg_config(url))
    try:
        progress = await c.fetchval("SELECT progress FROM platform.key_rotation")
    finally:
        await c.close()
    if progress is not None:  # killed before the end (all but certain with 41 one-row batches)
        assert re.search(r'"t_kx\.\w+": ', progress)
        for key in (old, new):  # mixed values: no process starts, whichever key it has
            line = one_line(saishang("tenant", "list", env=env_for(settings, tmp_path, url, key, SAISHANG_LANG="en")))
            assert "a key rotation is under way" in line
        other = tmp_path / "other.key"
        other.write_text(b64(new_key()))
        refused = one_line(saishang("key", "rotate", "--new-key-file", str(other), env=env))
        assert "a rotation to another key is under way" in refused

    resumed = saishang("key", "rotate", "--new-key-file", str(new_file), "--batch", "5", env=env)
    assert resumed.returncode == 0, resumed.stderr
    await assert_all_open_under(url, new, numbers)
    read_back(env_for(settings, tmp_path, url, new), tmp_path, numbers)


def test_every_purpose_the_code_seals_for_is_rotated():
    """`keys.SEALED` lists every sealed column: a purpose sealed somewhere but not listed would be
    left under the old key by a rotation."""
    root = Path(__file__).resolve().parents[2] / "server"
    sealed_for = set()
    for path in root.rglob("*.py"):
        sealed_for |= set(re.findall(r'\bsealer\("([a-z-]+)"\)', path.read_text(encoding="utf-8")))
    assert sealed_for and sealed_for == {s.purpose for s in keys.SEALED}
