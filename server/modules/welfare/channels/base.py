"""The payment-channel interface: how a payout leaves the system.

A channel is asked to apply payment orders, each identified by a reference the
ledger generated once; it may also be asked what became of a reference, and for
its statement. A channel never raises for a payment it could not confirm: it
answers `unknown` and the engine settles that reference later by querying it,
never by paying again under another reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol

import msgspec


class Outcome(str, Enum):
    applied = "applied"  # money moved, once
    rejected = "rejected"  # refused for good (closed account, ...): nothing moved
    processing = "processing"  # accepted, not yet applied: ask again later
    not_found = "not_found"  # the channel has no record of the reference
    unknown = "unknown"  # no answer we can trust (timeout, dropped reply, 5xx)


class PaymentOrder(msgspec.Struct, frozen=True):
    reference: str
    account: str
    name: str
    amount_fen: int
    memo: str = ""


class PaymentResult(msgspec.Struct, frozen=True):
    reference: str
    outcome: Outcome
    channel_txn: str | None = None
    amount_fen: int | None = None
    reason: str = ""


class StatementLine(msgspec.Struct, frozen=True):
    """One application of money as the channel recorded it."""

    reference: str
    amount_fen: int
    channel_txn: str
    account: str = ""


class PaymentChannel(Protocol):
    name: str

    async def pay(self, orders: Sequence[PaymentOrder]) -> list[PaymentResult]:
        """Apply each order (deduplicated by reference); one result per order, same order."""

    async def query(self, references: Sequence[str]) -> list[PaymentResult]:
        """What became of each reference; one result per reference, same order."""

    async def statement(self, references: Sequence[str] | None = None) -> list[StatementLine]:
        """Every application the channel made (for these references, or all)."""

    async def aclose(self) -> None: ...


def unknown_for(orders: Sequence[PaymentOrder] | Sequence[str], reason: str) -> list[PaymentResult]:
    refs = [o if isinstance(o, str) else o.reference for o in orders]
    return [PaymentResult(r, Outcome.unknown, reason=reason) for r in refs]
