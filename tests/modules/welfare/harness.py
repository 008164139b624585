"""The exactly-once harness: what the channel's own record and the ledger say, side by side."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from server.infra.tenancy import conn, tenant_scope


@dataclass
class Verdict:
    attempted: int
    paid: int
    failed: int
    unknown: int
    lost: int
    duplicated: int
    recovered: int
    faults_injected: dict[str, int]
    ledger_paid_fen: int
    channel_fen: int
    approved_fen: int
    failed_fen: int
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        total = sum(self.faults_injected.values())
        kinds = ", ".join(f"{k}={v}" for k, v in sorted(self.faults_injected.items()))
        return (
            f"attempted={self.attempted} paid={self.paid} lost={self.lost} duplicated={self.duplicated} "
            f"recovered={self.recovered} faults injected={total} ({kinds}); failed={self.failed} "
            f"unknown={self.unknown}; ledger={self.ledger_paid_fen} channel={self.channel_fen} "
            f"approved={self.approved_fen} explicitly failed={self.failed_fen} (fen)"
        )


async def verify(tenant: str, batch_id: int, statement: list[dict[str, Any]], faults: dict[str, int]) -> Verdict:
    """Every payout applied exactly once (and paid in the ledger) or failed with zero applications."""
    async with tenant_scope(tenant):
        rows = await conn().fetch("SELECT reference, state, amount_fen, doubted FROM payout WHERE batch = $1", batch_id)
    applications = Counter(line["reference"] for line in statement)
    applied_fen = Counter()
    for line in statement:
        applied_fen[line["reference"]] += line["amount_fen"]
    refs = {r["reference"] for r in rows}
    v = Verdict(
        attempted=len(rows),
        paid=0,
        failed=0,
        unknown=0,
        lost=0,
        duplicated=0,
        recovered=0,
        faults_injected=dict(faults),
        ledger_paid_fen=0,
        channel_fen=sum(applied_fen[r] for r in refs),
        approved_fen=sum(r["amount_fen"] for r in rows),
        failed_fen=0,
    )
    for r in rows:
        n = applications[r["reference"]]
        if n > 1:
            v.duplicated += 1
            v.problems.append(f"{r['reference']} applied {n} times")
        if r["state"] == "paid":
            v.paid += 1
            v.ledger_paid_fen += r["amount_fen"]
            if n == 0:
                v.lost += 1
                v.problems.append(f"{r['reference']} paid in the ledger, never applied by the channel")
            elif applied_fen[r["reference"]] != r["amount_fen"] * n:
                v.problems.append(f"{r['reference']} amount differs")
        elif r["state"] == "failed":
            v.failed += 1
            v.failed_fen += r["amount_fen"]
            if n:
                v.lost += 1
                v.problems.append(f"{r['reference']} failed in the ledger but applied {n} times")
        else:
            v.unknown += 1
            v.lost += 1
            v.problems.append(f"{r['reference']} left {r['state']}")
        if r["doubted"] and r["state"] in ("paid", "failed"):
            v.recovered += 1
    return v
