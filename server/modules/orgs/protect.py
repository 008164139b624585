"""ID-card numbers at rest: AES-GCM encrypted, plus a keyed hash (HMAC-SHA256)
that makes them unique per tenant and lets us look a person up without
decrypting anything. The keys are the installation's, for the purpose
"id-number" (see `server.infra.secrets`)."""

from __future__ import annotations

from server.infra.secrets import Sealer, sealer


def keys() -> Sealer:
    return sealer("id-number")
