"""Secrets at rest: AES-GCM sealing and keyed hashes, one key per purpose.

Every purpose ("id-number", "bot-token", ...) gets its own cipher key and hash key,
both derived from one installation key with HMAC-SHA256, so a value sealed for one
purpose never opens as another. The installation key (base64 of 32 bytes) is
`SAISHANG_ID_KEY`, else the file `SAISHANG_ID_KEY_FILE` names; with neither, a
production process (DATABASE_URL set) refuses to start (`KeyProblem`), and a development
one uses `$SAISHANG_HOME/secrets/id-number.key`, created on first use with mode 0600
(the names are from when it protected ID numbers only). Every process checks at start
that its key opens the check value the database holds (`server.platform.keys`). Losing
the key loses every sealed value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server import messages
from server.errors import DomainError
from server.settings import Settings

NONCE_BYTES = 12


class Sealer:
    """Seal, open and hash values for one purpose under the installation key."""

    def __init__(self, master: bytes, purpose: str):
        if len(master) != 32:
            raise ValueError("the installation key must be 32 bytes")
        # Two keys from one: the cipher key and the hash key never coincide.
        self._aead = AESGCM(hmac.new(master, f"saishang {purpose} encrypt".encode(), hashlib.sha256).digest())
        self._mac = hmac.new(master, f"saishang {purpose} lookup".encode(), hashlib.sha256).digest()
        self._aad = purpose.encode()

    def digest(self, text: str) -> bytes:
        """A keyed hash: equal texts give equal digests, and nothing is learnt without the key."""
        return hmac.digest(self._mac, text.encode(), "sha256")  # one-shot: fast in bulk

    def fingerprint(self, data: bytes) -> bytes:
        """A keyed 16-byte hash for recognising content seen before (not a look-up key that must
        survive a rotation): BLAKE2b, a third of the HMAC's time, for hashing every row of a file."""
        return hashlib.blake2b(data, key=self._mac, digest_size=16, person=b"saishang-fprint").digest()

    def encrypt(self, text: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, text.encode(), self._aad)

    def encrypt_many(self, texts: list[str]) -> list[bytes]:
        """Bulk form: one call for all the nonces."""
        nonces = os.urandom(NONCE_BYTES * len(texts))
        encrypt, aad = self._aead.encrypt, self._aad
        return [
            nonce + encrypt(nonce, t.encode(), aad)
            for nonce, t in zip((nonces[i : i + NONCE_BYTES] for i in range(0, len(nonces), NONCE_BYTES)), texts)
        ]

    def decrypt(self, blob: bytes) -> str:
        blob = bytes(blob)
        return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], self._aad).decode()

    # Text columns: the sealed bytes as "sealed:<base64>".
    def seal_text(self, text: str) -> str:
        return "sealed:" + base64.b64encode(self.encrypt(text)).decode()

    def open_text(self, stored: str) -> str:
        """The text sealed by `seal_text`; a value stored before sealing began is returned as it is."""
        if not stored.startswith("sealed:"):
            return stored
        return self.decrypt(base64.b64decode(stored[len("sealed:") :]))


class KeyProblem(DomainError):
    """The installation key is missing, malformed or not the database's: the process must not run."""

    status = 503
    default = messages.KEY_MISMATCH
    title = "Installation key"


@dataclass(frozen=True)
class InstallationKey:
    key: bytes
    source: str  # where it came from, for messages: "SAISHANG_ID_KEY", a file's path
    home_file: Path | None = None  # the development key file in the home, when it is that


def decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyProblem(messages.KEY_MALFORMED, source=source) from None
    if len(key) != 32:
        raise KeyProblem(messages.KEY_MALFORMED, source=source)
    return key


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(messages.KEY_FILE_UNREADABLE, path=str(path), error=str(exc)) from None
    return decode_key(text, str(path))


def home_key_path(home: Path) -> Path:
    return home / "secrets" / "id-number.key"


def _key_file(path: Path) -> bytes:
    try:
        return read_key_file(path) if path.exists() else _create_key_file(path)
    except FileExistsError:  # another process won the race: use its key
        return read_key_file(path)


def _create_key_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(base64.b64encode(key).decode() + "\n")
    return key


def write_key_file(path: Path, key: bytes) -> None:
    """Replace a key file atomically (mode 0600): a reader sees the old key or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(base64.b64encode(key).decode() + "\n")
    tmp.replace(path)


def load_key(settings: Settings) -> InstallationKey:
    """The installation key `settings` name; `KeyProblem` when production has none."""
    if settings.id_number_key:
        return InstallationKey(decode_key(settings.id_number_key, "SAISHANG_ID_KEY"), "SAISHANG_ID_KEY")
    if settings.id_key_file:
        return InstallationKey(read_key_file(settings.id_key_file), f"SAISHANG_ID_KEY_FILE={settings.id_key_file}")
    if settings.database_url:
        raise KeyProblem(messages.KEY_MISSING)
    path = home_key_path(settings.home)
    return InstallationKey(_key_file(path), str(path), home_file=path)


@cache
def current_key() -> InstallationKey:
    """This process's installation key, from its environment."""
    return load_key(Settings.from_env())


def installation_key() -> bytes:
    return current_key().key


@cache
def sealer(purpose: str) -> Sealer:
    return Sealer(installation_key(), purpose)


def forget_key() -> None:
    """Read the key again on next use (after a rotation replaced the development key file)."""
    current_key.cache_clear()
    sealer.cache_clear()
