"""Bank account numbers at rest and on screen.

Stored sealed (AES-GCM under the installation key, purpose "bank-account", through
`server.infra.secrets`, as ID numbers are): hardship files, relief applications and payouts
hold `sealed:<base64>`, never the number. The number is opened where money is sent (the
channel, the bank's batch file) and shown whole only to those who pay (a tenant_admin, the
platform); everyone else (an org officer, an auditor) sees it masked: `6222***********3445`.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from server.infra.secrets import Sealer, sealer
from server.platform.roles import Actor, Role

PREFIX = "sealed:"
PAYERS = frozenset({Role.tenant_admin, Role.platform_admin})
# (table, column) of every stored account number.
COLUMNS = (("hardship_household", "bank_account"), ("relief_application", "bank_account"), ("payout", "account"))


def _keys() -> Sealer:
    return sealer("bank-account")


def seal_account(account: str) -> str:
    return _keys().seal_text(account)


def seal_accounts(accounts: Sequence[str]) -> list[str]:
    """Bulk form (a batch of thousands of payouts)."""
    return [PREFIX + base64.b64encode(b).decode() for b in _keys().encrypt_many(list(accounts))]


def open_account(stored: str) -> str:
    """The number; a value stored before sealing began is returned as it is."""
    return _keys().open_text(stored)


def mask(account: str) -> str:
    """The first four and last four characters, the rest hidden (short ones: the last four only)."""
    if len(account) <= 8:
        return "*" * max(len(account) - 4, 2) + account[-4:]
    return account[:4] + "*" * (len(account) - 8) + account[-4:]


def sees_whole(actor: Actor) -> bool:
    return actor.role in PAYERS


def shown(stored: str, actor: Actor) -> str:
    """The account as this actor may see it: whole for those who pay, masked for the rest."""
    account = open_account(stored)
    return account if sees_whole(actor) else mask(account)


async def seal_stored(c: Any) -> int:
    """Seal every account number still stored in plain text (the migration calls it; running
    it again changes nothing). `c` is a connection inside the tenant's schema."""
    n = 0
    for table, column in COLUMNS:
        rows = await c.fetch(f"SELECT id, {column} AS v FROM {table} WHERE {column} NOT LIKE 'sealed:%'")
        if not rows:
            continue
        sealed = seal_accounts([r["v"] for r in rows])
        await c.execute(
            f"UPDATE {table} t SET {column} = s.v FROM unnest($1::int[], $2::text[]) AS s(id, v) WHERE t.id = s.id",
            [r["id"] for r in rows],
            sealed,
        )
        n += len(rows)
    return n
