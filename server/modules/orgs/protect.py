"""ID-card numbers at rest: AES-GCM encrypted, plus a keyed hash (HMAC-SHA256)
that makes them unique per tenant and lets us look a person up without
decrypting anything.

The master key comes from `Settings.id_number_key` (`SAISHANG_ID_KEY`, base64
of 32 bytes) or else from `$SAISHANG_HOME/secrets/id-number.key`, created on
first use with mode 0600. Every process of one installation (API, worker,
CLI) shares the home, hence the key. Losing the key loses the full numbers
(the masked form stays readable).
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


class Keys:
    def __init__(self, master: bytes):
        if len(master) != 32:
            raise ValueError("the ID-number key must be 32 bytes")
        # Two keys from one: the cipher key and the hash key never coincide.
        self._aead = AESGCM(hmac.new(master, b"saishang id-number encrypt", hashlib.sha256).digest())
        self._mac = hmac.new(master, b"saishang id-number lookup", hashlib.sha256).digest()

    def digest(self, id_number: str) -> bytes:
        return hmac.digest(self._mac, id_number.encode(), "sha256")  # one-shot: fast in bulk

    def encrypt(self, id_number: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, id_number.encode(), b"id-number")

    def encrypt_many(self, id_numbers: list[str]) -> list[bytes]:
        """Bulk form: one call for all the nonces."""
        nonces = os.urandom(NONCE_BYTES * len(id_numbers))
        encrypt = self._aead.encrypt
        return [nonce + encrypt(nonce, n.encode(), b"id-number") for nonce, n in
                zip((nonces[i:i + NONCE_BYTES] for i in range(0, len(nonces), NONCE_BYTES)), id_numbers)]

    def decrypt(self, blob: bytes) -> str:
        blob = bytes(blob)
        return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], b"id-number").decode()


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
def keys() -> Keys:
    settings = Settings.from_env()
    if settings.id_number_key:
        return Keys(base64.b64decode(settings.id_number_key))
    return Keys(_key_file(settings.home))
