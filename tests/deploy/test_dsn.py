"""`DATABASE_URL` is read the way libpq reads it (asyncpg's own DSN handling): a password with
`@`, `%` and `:` percent-encoded, and TLS (`sslmode=require`, `verify-full` with `sslrootcert`)
against a server whose `pg_hba.conf` lets one role in over TLS only."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from server.infra.db import asyncpg_config
from server.settings import Settings
from tests.cli_helpers import cli_env, saishang
from tests.pg_cluster import Cluster, debian_bin, make_ca, pem_cert, start_cluster

ODD_PASSWORD = "p@ss%w:rd/?#&= 塞上"  # every character a URL gives a meaning to
TLS_PASSWORD = "tls-only-secret"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A second server (TCP, TLS on): `odd` owns database `odd`; `tls_only` may come in over TLS only."""
    bin_dir = debian_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL built with TLS here (the embedded build has none): apt-get install postgresql-15")
    started = start_cluster(
        bin_dir,
        tls=True,
        hba=[
            "hostssl all tls_only 127.0.0.1/32 scram-sha-256",
            "hostnossl all tls_only 127.0.0.1/32 reject",
        ],
    )
    yield started
    started.stop()


@pytest.fixture(scope="module")
async def roles(cluster: Cluster) -> None:
    admin = await asyncpg.connect(**asyncpg_config(cluster.url))
    try:
        await admin.execute("CREATE ROLE odd LOGIN PASSWORD " + _literal(ODD_PASSWORD))
        await admin.execute("CREATE DATABASE odd OWNER odd")
        await admin.execute("CREATE ROLE tls_only LOGIN PASSWORD " + _literal(TLS_PASSWORD))
    finally:
        await admin.close()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


async def whoami(url: str) -> tuple[str, bool]:
    conn = await asyncpg.connect(**asyncpg_config(url))
    try:
        row = await conn.fetchrow("SELECT current_user AS who, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return row["who"], row["ssl"]
    finally:
        await conn.close()


async def test_a_percent_encoded_password_with_at_percent_and_colon_connects(cluster: Cluster, roles: None) -> None:
    url = cluster.tcp_url("odd", ODD_PASSWORD, "odd")
    assert "%40" in url and "%25" in url and "%3A" in url
    assert (await whoami(url))[0] == "odd"


def test_the_cli_migrates_through_such_a_url_as_a_role_that_is_no_superuser(
    cluster: Cluster, roles: None, settings: Settings, tmp_path: Path
) -> None:
    url = cluster.tcp_url("odd", ODD_PASSWORD, "odd")
    result = saishang("migrate", env=cli_env(settings, tmp_path, DATABASE_URL=url, SAISHANG_LANG="en"))
    assert result.returncode == 0, result.stderr
    assert "migrated platform" in result.stdout


@pytest.mark.parametrize("mode", ["require", "verify-ca", "verify-full"])
async def test_tls_is_used_when_the_url_asks_for_it(cluster: Cluster, roles: None, mode: str) -> None:
    url = cluster.tcp_url("tls_only", TLS_PASSWORD, sslmode=mode, sslrootcert=str(cluster.root / "ca.crt"))
    assert await whoami(url) == ("tls_only", True)


async def test_without_tls_that_role_is_refused(cluster: Cluster, roles: None) -> None:
    with pytest.raises(asyncpg.InvalidAuthorizationSpecificationError, match="no encryption"):
        await whoami(cluster.tcp_url("tls_only", TLS_PASSWORD, sslmode="disable"))


async def test_verify_full_refuses_a_server_its_ca_did_not_sign(cluster: Cluster, roles: None, tmp_path: Path) -> None:
    other = tmp_path / "other-ca.crt"
    other.write_bytes(pem_cert(make_ca("not the server's CA")[1]))
    with pytest.raises(ssl.SSLCertVerificationError):
        await whoami(cluster.tcp_url("tls_only", TLS_PASSWORD, sslmode="verify-full", sslrootcert=str(other)))


def test_a_wrong_password_is_one_line_from_the_cli(cluster: Cluster, roles: None, settings: Settings, tmp_path: Path):
    url = cluster.tcp_url("odd", "wrong", "odd")
    result = saishang("tenant", "list", env=cli_env(settings, tmp_path, DATABASE_URL=url, SAISHANG_LANG="en"))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: cannot reach the database: password authentication failed")
    assert "Traceback" not in result.stderr


def test_statement_cache_size_is_taken_out_of_the_url_for_asyncpg() -> None:
    config = asyncpg_config("postgresql://u:p%40@db:6432/app?sslmode=require&statement_cache_size=0")
    assert config == {"dsn": "postgresql://u:p%40@db:6432/app?sslmode=require", "statement_cache_size": 0}
    assert asyncpg_config("postgresql://u@db/app") == {"dsn": "postgresql://u@db/app"}
    with pytest.raises(ValueError, match="statement_cache_size must be a whole number"):
        asyncpg_config("postgresql://u@db/app?statement_cache_size=none")
