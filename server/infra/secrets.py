"""Secrets at rest: AES-GCM sealing and keyed hashes, one key per purpose.

Every purpose ("id-number", "bot-token", ...) gets its own cipher key and hash key,
both derived from one installation key with HMAC-SHA256, so a value sealed for one
purpose never opens as another. The installation key is `Settings.id_number_key`
(`SAISHANG_ID_KEY`, base64 of 32 bytes) or else `$SAISHANG_HOME/secrets/id-number.key`,
created on first use with mode 0600 (the names are from when it protected ID numbers
only). Every process of one installation (API, worker, CLI) shares the home, hence the
key. Losing the key loses every sealed value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

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


def _key_file(home: Path) -> bytes:
    path = home / "secrets" / "id-number.key"
    try:
        return base64.b64decode(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return base64.b64decode(path.read_text().strip())
    with os.fdopen(fd, "w") as f:
        f.write(base64.b64encode(key).decode() + "\n")
    return key


@cache
def installation_key() -> bytes:
    settings = Settings.from_env()
    if settings.id_number_key:
        return base64.b64decode(settings.id_number_key)
    return _key_file(settings.home)


@cache
def sealer(purpose: str) -> Sealer:
    return Sealer(installation_key(), purpose)
