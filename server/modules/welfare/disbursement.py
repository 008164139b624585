"""The disbursement engine (发放引擎): the one way money leaves the system.

Any module that pays people (welfare campaigns, skills rewards, representative
rewards) calls `create_batch(source, title, items, budget_fen=...)` inside its
tenant scope. That writes, in the caller's transaction, the batch, one payout
per beneficiary with a payment reference generated once, and an outbox entry.
From there:

- the dispatcher (`dispatch_outbox`) puts outbox entries on arq;
- a pay job `drain`s a batch: it claims payouts (`FOR UPDATE SKIP LOCKED`, a
  lease with expiry), calls the channel with the stored references, records
  the results; many payouts per round trip, many round trips per job;
- a payout whose outcome is not known (timeout, dropped reply, 5xx, "processing",
  a lease that expired while its worker was away) becomes `unknown` and is
  settled only by querying the channel about its reference; if the channel
  has never heard of it, it is sent again under the same reference, which the
  channel deduplicates;
- the sweeper (`sweep`, cron) takes back expired leases and re-queues batches
  that still have work; `reconcile` compares the ledger with the channel's
  statement and records every difference.

Payout states: pending → sending → paid | failed | unknown; unknown → sending → ...
`paid` and `failed` are final (the database refuses to change them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import msgspec

from server.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from server.infra.pagination import keyset_sql
from server.infra.tenancy import conn, tenant_scope
from server.modules.core import service as activity
from server.modules.welfare import accounts
from server.modules.welfare import messages as msg
from server.modules.welfare.channels.base import Outcome, PaymentChannel, PaymentOrder, PaymentResult
from server.platform.roles import SYSTEM, Actor

OPEN_STATES = ("pending", "sending", "unknown")
FINAL_STATES = ("paid", "failed")
ACCOUNT_RE = re.compile(r"^[A-Za-z0-9-]{6,32}$")
SOURCE_RE = re.compile(r"^[a-z][a-z0-9_.:-]{2,99}$")
MAX_CHECK_DELAY = 30.0


def new_reference() -> str:
    """A payment reference: generated once, stored, never changed; 26 letters and digits."""
    return "WF" + secrets.token_hex(12).upper()


# --- creating a batch --------------------------------------------------------------


class PayoutItem(msgspec.Struct):
    """One payment a source asks for."""

    beneficiary: str  # unique within the batch, e.g. "member:17"
    name: str
    account: str
    amount_fen: int
    member_id: int | None = None
    org_id: int | None = None
    memo: str = ""


class BatchOut(msgspec.Struct):
    id: int
    source: str
    title: str
    budget_fen: int
    total_fen: int
    payout_count: int
    created_at: dt.datetime
    settled_at: dt.datetime | None
    reconciled_at: dt.datetime | None


def check_amount(value: Any, field_name: str, errors: list[FieldError], row: int | None = None) -> int | None:
    """Money is a positive integer of fen: no floats, no strings, no booleans."""
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError(field_name, msg.FEN_INTEGER, row=row, kind=type(value).__name__))
        return None
    if value <= 0:
        errors.append(FieldError(field_name, msg.FEN_POSITIVE, row=row))
        return None
    return value


def check_account(value: str, field_name: str, errors: list[FieldError], row: int | None = None) -> None:
    if not isinstance(value, str) or not ACCOUNT_RE.fullmatch(value):
        errors.append(FieldError(field_name, msg.BANK_ACCOUNT, row=row))


async def create_batch(
    source: str, title: str, items: Sequence[PayoutItem], *, budget_fen: int, actor: Actor = SYSTEM
) -> BatchOut:
    """Create a payout batch in the caller's transaction: payouts, references, outbox entry.

    All or nothing: a bad item, a source already paid, or a total over the
    budget refuses the whole batch and writes nothing.
    """
    errors: list[FieldError] = []
    if not isinstance(source, str) or not SOURCE_RE.fullmatch(source):
        errors.append(FieldError("source", msg.SOURCE_SHAPE))
    check_amount(budget_fen, "budget_fen", errors)
    if not items:
        errors.append(FieldError("items", msg.NO_ITEMS))
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        check_amount(item.amount_fen, "amount_fen", errors, row=n)
        check_account(item.account, "account", errors, row=n)
        if not item.beneficiary or len(item.beneficiary) > 60:
            errors.append(FieldError("beneficiary", msg.BENEFICIARY_LENGTH, row=n))
        elif item.beneficiary in seen:
            errors.append(FieldError("beneficiary", msg.BENEFICIARY_TWICE, row=n, beneficiary=item.beneficiary))
        seen.add(item.beneficiary)
        if not item.name or len(item.name) > 100:
            errors.append(FieldError("name", msg.PAYEE_NAME, row=n))
    if errors:
        raise InvalidInput(errors)
    total = sum(i.amount_fen for i in items)
    if total > budget_fen:
        raise RuleViolation(
            msg.OVER_BUDGET,
            code="over_budget",
            extra={"total_fen": total, "budget_fen": budget_fen},
            total=total,
            budget=budget_fen,
        )
    c = conn()
    try:
        batch_id = await c.fetchval(
            "INSERT INTO payout_batch (source, title, budget_fen, total_fen, payout_count, created_at, created_by) "
            "VALUES ($1, $2, $3, 0, 0, now(), $4) RETURNING id",
            source,
            title[:200],
            budget_fen,
            actor.name,
        )
        now = dt.datetime.now(dt.UTC)
        sealed = accounts.seal_accounts([i.account for i in items])  # never stored in plain text
        records = [
            (
                batch_id,
                i.beneficiary,
                i.member_id,
                i.org_id,
                i.name,
                account,
                i.amount_fen,
                i.memo[:60],
                new_reference(),
                "pending",
                0,
                0,
                False,
                "",
                now,
            )
            for i, account in zip(items, sealed, strict=True)
        ]
        await c.copy_records_to_table(
            "payout",
            records=records,
            columns=[
                "batch",
                "beneficiary",
                "member_id",
                "org_id",
                "name",
                "account",
                "amount_fen",
                "memo",
                "reference",
                "state",
                "sends",
                "queries",
                "doubted",
                "failure_reason",
                "created_at",
            ],
        )
        await c.execute("INSERT INTO payout_outbox (batch, created_at) VALUES ($1, now())", batch_id)
    except asyncpg.UniqueViolationError as exc:
        if "source" in (exc.constraint_name or "") or "payout_batch" in str(exc):
            raise Conflict(msg.ALREADY_PAID, code="already_paid", source=source) from None
        raise Conflict(msg.DUPLICATE_PAYOUT, conflict=exc.detail) from None
    except asyncpg.CheckViolationError as exc:
        raise RuleViolation(msg.LEDGER_REFUSED, code="over_budget", constraint=exc.constraint_name) from None
    await activity.record(
        "welfare.batch.created", source, {"batch": batch_id, "payouts": len(items), "total_fen": total}, actor
    )
    return await get_batch(batch_id)


async def get_batch(batch_id: int) -> BatchOut:
    row = await conn().fetchrow(
        "SELECT id, source, title, budget_fen, total_fen, payout_count, created_at, "
        "settled_at, reconciled_at FROM payout_batch WHERE id = $1",
        batch_id,
    )
    if row is None:
        raise NotFound(msg.BATCH_NOT_FOUND, key=batch_id)
    return BatchOut(**dict(row))


async def batch_for_source(source: str) -> BatchOut | None:
    bid = await conn().fetchval("SELECT id FROM payout_batch WHERE source = $1", source)
    return await get_batch(bid) if bid else None


# --- progress ------------------------------------------------------------------------


class Progress(msgspec.Struct):
    batch_id: int
    total: int
    pending: int
    in_flight: int
    unknown: int
    paid: int
    failed: int
    total_fen: int
    paid_fen: int
    failed_fen: int
    recovered: int
    done: bool


async def progress(batch_id: int) -> Progress:
    rows = await conn().fetch(
        "SELECT state, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen, "
        "count(*) FILTER (WHERE doubted AND state IN ('paid','failed'))::int AS rec "
        "FROM payout WHERE batch = $1 GROUP BY state",
        batch_id,
    )
    if not rows and not await conn().fetchval("SELECT 1 FROM payout_batch WHERE id = $1", batch_id):
        raise NotFound(msg.BATCH_NOT_FOUND, key=batch_id)
    by = {r["state"]: r for r in rows}
    n = lambda s: by[s]["n"] if s in by else 0  # noqa: E731
    fen = lambda s: int(by[s]["fen"]) if s in by else 0  # noqa: E731
    total = sum(r["n"] for r in rows)
    return Progress(
        batch_id,
        total,
        n("pending"),
        n("sending"),
        n("unknown"),
        n("paid"),
        n("failed"),
        sum(int(r["fen"]) for r in rows),
        fen("paid"),
        fen("failed"),
        sum(r["rec"] for r in rows),
        done=total > 0 and n("pending") + n("sending") + n("unknown") == 0,
    )


# --- claiming and paying ---------------------------------------------------------------


class Claimed(msgspec.Struct):
    id: int
    reference: str
    account: str
    name: str
    amount_fen: int
    memo: str
    fresh: bool  # never sent before: may be sent straight away; otherwise ask the channel first


@dataclass
class Claim:
    token: uuid.UUID
    payouts: list[Claimed]


CLAIMABLE = (
    "(p.state = 'pending' OR (p.state = 'unknown' AND p.next_check_at <= now()) "
    "OR (p.state = 'sending' AND p.lease_until < now()))"
)


async def claim(batch_id: int, *, limit: int, lease_seconds: float) -> Claim:
    """Take up to `limit` payouts of the batch under a fresh lease (one statement)."""
    token = uuid.uuid4()
    rows = await conn().fetch(
        f"""WITH picked AS (
              SELECT p.id, p.sends AS old_sends FROM payout p
              WHERE p.batch = $1 AND {CLAIMABLE}
              ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE payout p SET state = 'sending', lease_token = $3,
                   lease_until = now() + make_interval(secs => $4),
                   sends = CASE WHEN picked.old_sends = 0 THEN 1 ELSE p.sends END,
                   doubted = p.doubted OR p.state <> 'pending'
            FROM picked WHERE p.id = picked.id
            RETURNING p.id, p.reference, p.account, p.name, p.amount_fen, p.memo, picked.old_sends = 0 AS fresh""",
        batch_id,
        limit,
        token,
        float(lease_seconds),
    )
    return Claim(
        token,
        [
            Claimed(**{**dict(r), "account": accounts.open_account(r["account"])})  # the channel needs the number
            for r in sorted(rows, key=lambda r: r["id"])
        ],
    )


@dataclass
class Settled:
    """What one round trip learnt about each claimed payout."""

    results: dict[int, PaymentResult]
    queried: set[int] = field(default_factory=set)
    resent: set[int] = field(default_factory=set)


async def send(channel: PaymentChannel, claimed: Sequence[Claimed]) -> Settled:
    """Talk to the channel (no transaction open): pay the fresh, ask about the doubtful.

    A doubtful payout the channel has never heard of is sent again under the
    same reference; one it knows about is never sent again.
    """
    by_ref = {c.reference: c for c in claimed}
    fresh = [c for c in claimed if c.fresh]
    doubtful = [c for c in claimed if not c.fresh]
    out = Settled({})
    order = lambda c: PaymentOrder(c.reference, c.account, c.name, c.amount_fen, c.memo)  # noqa: E731
    if doubtful:
        answers = await channel.query([c.reference for c in doubtful])
        out.queried = {c.id for c in doubtful}
        again = []
        for a in answers:
            c = by_ref[a.reference]
            if a.outcome == Outcome.not_found:
                again.append(c)
            else:
                out.results[c.id] = a
        if again:
            out.resent = {c.id for c in again}
            for a in await channel.pay([order(c) for c in again]):
                out.results[by_ref[a.reference].id] = a
    if fresh:
        for a in await channel.pay([order(c) for c in fresh]):
            out.results[by_ref[a.reference].id] = a
    return out


async def record(claim_: Claim, settled: Settled, *, channel_name: str) -> dict[str, int]:
    """Write what the channel said. Facts (applied, rejected) are written whoever holds the
    lease; doubt (unknown, processing) only by the lease holder, and final states never change."""
    ids, outcomes, txns, reasons, queried, resent = [], [], [], [], [], []
    for c in claim_.payouts:
        r = settled.results.get(c.id) or PaymentResult(c.reference, Outcome.unknown, reason="no answer")
        outcome = r.outcome.value if isinstance(r.outcome, Outcome) else str(r.outcome)
        if outcome == Outcome.not_found.value:
            outcome = Outcome.unknown.value  # a re-send that got "not found" back is still a doubt
        ids.append(c.id)
        outcomes.append(outcome)
        txns.append(r.channel_txn)
        reasons.append((r.reason or "")[:200])
        queried.append(1 if c.id in settled.queried else 0)
        resent.append(1 if c.id in settled.resent else 0)
    rows = await conn().fetch(
        """UPDATE payout p SET
              state = CASE r.outcome WHEN 'applied' THEN 'paid' WHEN 'rejected' THEN 'failed' ELSE 'unknown' END,
              channel_txn = coalesce(r.txn, p.channel_txn),
              failure_reason = CASE WHEN r.outcome = 'applied' THEN '' ELSE r.reason END,
              settled_at = CASE WHEN r.outcome IN ('applied', 'rejected') THEN now() END,
              lease_token = NULL, lease_until = NULL,
              next_check_at = CASE WHEN r.outcome IN ('applied', 'rejected') THEN NULL
                   ELSE now() + make_interval(secs => least($3::float8, 0.25 * power(2, least(p.queries, 8)))) END,
              queries = p.queries + r.queried, sends = p.sends + r.resent,
              doubted = p.doubted OR r.outcome NOT IN ('applied', 'rejected'),
              channel = $4
           FROM unnest($1::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])
                AS r(id, outcome, txn, reason, queried, resent)
           WHERE p.id = r.id AND p.state NOT IN ('paid', 'failed')
             AND (r.outcome IN ('applied', 'rejected') OR (p.state = 'sending' AND p.lease_token = $2))
           RETURNING p.state""",
        ids,
        claim_.token,
        MAX_CHECK_DELAY,
        channel_name,
        outcomes,
        txns,
        reasons,
        queried,
        resent,
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["state"]] = counts.get(r["state"], 0) + 1
    return counts


async def next_check_in(batch_id: int) -> float | None:
    """Seconds until the batch has claimable work again; None when nothing is open."""
    row = await conn().fetchrow(
        "SELECT count(*) FILTER (WHERE state = 'pending') AS pending, "
        "min(CASE WHEN state = 'unknown' THEN next_check_at WHEN state = 'sending' THEN lease_until END) AS at, "
        "count(*) AS open FROM payout WHERE batch = $1 AND state IN ('pending','sending','unknown')",
        batch_id,
    )
    if not row["open"]:
        return None
    if row["pending"] or row["at"] is None:
        return 0.0
    return max(0.0, (row["at"] - dt.datetime.now(dt.UTC)).total_seconds())


@dataclass
class DrainStats:
    rounds: int = 0
    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


async def drain(
    tenant: str,
    batch_id: int,
    channel: PaymentChannel,
    *,
    chunk: int = 500,
    lease_seconds: float = 60.0,
    time_budget: float = 60.0,
    wait_for_doubt: float = 3.0,
) -> DrainStats:
    """Pay a batch until nothing is claimable (or the time budget is spent).

    Each round claims in one short transaction, talks to the channel with no
    transaction open, and records in another. Doubtful payouts due within
    `wait_for_doubt` seconds are waited for rather than left to the sweeper.
    """
    stats = DrainStats()
    deadline = time.monotonic() + time_budget
    while time.monotonic() < deadline:
        async with tenant_scope(tenant):
            c = await claim(batch_id, limit=chunk, lease_seconds=lease_seconds)
        if not c.payouts:
            async with tenant_scope(tenant):
                wait = await next_check_in(batch_id)
            if wait is None or wait > wait_for_doubt or time.monotonic() + wait > deadline:
                break
            await asyncio.sleep(max(wait, 0.05))
            continue
        stats.rounds += 1
        stats.claimed += len(c.payouts)
        settled = await send(channel, c.payouts)
        async with tenant_scope(tenant):
            for state, n in (await record(c, settled, channel_name=channel.name)).items():
                stats.outcomes[state] = stats.outcomes.get(state, 0) + n
    return stats


async def pay_until_settled(
    tenant: str,
    batch_id: int,
    channel: PaymentChannel,
    *,
    chunk: int = 500,
    lease_seconds: float = 60.0,
    timeout: float = 120.0,
) -> Progress:
    """Pay in this process until every payout is paid or failed (the demo and tests use it)."""
    deadline = time.monotonic() + timeout
    while True:
        await drain(
            tenant,
            batch_id,
            channel,
            chunk=chunk,
            lease_seconds=lease_seconds,
            time_budget=max(1.0, deadline - time.monotonic()),
        )
        async with tenant_scope(tenant):
            p = await progress(batch_id)
            wait = await next_check_in(batch_id)
        if p.done or time.monotonic() > deadline:
            return p
        await asyncio.sleep(min(max(wait or 0.1, 0.05), 1.0))


# --- outbox, sweeper -------------------------------------------------------------------

Enqueue = Callable[[str, int, int], Awaitable[Any]]  # (tenant, batch_id, slot)


def jobs_for(open_payouts: int, chunk: int, max_parallel: int = 4) -> int:
    return max(1, min(max_parallel, math.ceil(open_payouts / max(chunk, 1))))


async def dispatch_outbox(tenant: str, enqueue: Enqueue, *, chunk: int) -> int:
    """Put undispatched outbox entries on the queue; marked dispatched only once enqueued."""
    dispatched = 0
    async with tenant_scope(tenant):
        rows = await conn().fetch(
            "SELECT o.id, o.batch, b.payout_count FROM payout_outbox o JOIN payout_batch b ON b.id = o.batch "
            "WHERE o.dispatched_at IS NULL ORDER BY o.id FOR UPDATE OF o SKIP LOCKED LIMIT 100"
        )
        for r in rows:
            for slot in range(jobs_for(r["payout_count"], chunk)):
                await enqueue(tenant, r["batch"], slot)
            await conn().execute("UPDATE payout_outbox SET dispatched_at = now() WHERE id = $1", r["id"])
            dispatched += 1
    return dispatched


@dataclass
class SweepResult:
    leases_taken_back: int = 0
    batches_requeued: int = 0
    batches_to_reconcile: list[int] = field(default_factory=list)  # settled, never reconciled
    batches_to_recheck: list[int] = field(default_factory=list)  # reconciled; the next check is due


async def sweep(tenant: str, enqueue: Enqueue, *, chunk: int) -> SweepResult:
    """Take back expired leases (their payouts become doubtful) and re-queue batches with work."""
    out = SweepResult()
    async with tenant_scope(tenant):
        c = conn()
        status = await c.execute(
            "UPDATE payout SET state = 'unknown', lease_token = NULL, lease_until = NULL, next_check_at = now(), "
            "doubted = true WHERE state = 'sending' AND lease_until < now()"
        )
        out.leases_taken_back = int(status.split()[-1])
        rows = await c.fetch(
            "SELECT batch, count(*)::int AS n FROM payout WHERE state = 'pending' "
            "OR (state = 'unknown' AND next_check_at <= now() + interval '1 second') GROUP BY batch"
        )
        for r in rows:
            for slot in range(jobs_for(r["n"], chunk)):
                await enqueue(tenant, r["batch"], slot)
        out.batches_requeued = len(rows)
        settled = await c.fetch(
            "UPDATE payout_batch b SET settled_at = now() WHERE settled_at IS NULL AND payout_count > 0 "
            "AND NOT EXISTS (SELECT 1 FROM payout p WHERE p.batch = b.id AND p.state IN ('pending','sending','unknown')) "
            "RETURNING id"
        )
        del settled
        out.batches_to_reconcile = [
            r["id"]
            for r in await c.fetch(
                "SELECT id FROM payout_batch WHERE settled_at IS NOT NULL AND reconciled_at IS NULL ORDER BY id"
            )
        ]
        out.batches_to_recheck = [
            r["id"]
            for r in await c.fetch(
                "SELECT id FROM payout_batch WHERE reconciled_at IS NOT NULL AND recheck_at <= now() ORDER BY id"
            )
        ]
    return out


async def recheck_references(tenant: str, references: Sequence[str]) -> int:
    """A new statement mentions these references: reconcile their batches again (the sweeper
    does, soon). Returns how many batches were marked."""
    async with tenant_scope(tenant):
        status = await conn().execute(
            "UPDATE payout_batch SET recheck_at = now() WHERE reconciled_at IS NOT NULL "
            "AND id IN (SELECT batch FROM payout WHERE reference = ANY($1::text[]))",
            list(references),
        )
    return int(status.split()[-1])


# --- reconciliation --------------------------------------------------------------------


class Difference(msgspec.Struct):
    reference: str
    kind: str  # missing_in_channel | not_paid_in_ledger | amount_mismatch | duplicated | unsettled
    ledger_state: str
    ledger_fen: int
    channel_fen: int
    applications: int


class ReconciliationOut(msgspec.Struct):
    batch_id: int
    checked: int
    ledger_paid_fen: int
    channel_fen: int
    duplicated: int
    differences: list[Difference]
    ok: bool
    trigger: str = "manual"
    at: dt.datetime | None = None


TRIGGERS = ("settlement", "recheck", "statement", "manual")


async def reconcile(
    tenant: str,
    batch_id: int,
    channel: PaymentChannel,
    *,
    trigger: str = "manual",
    settlement_seconds: float = 600.0,
) -> ReconciliationOut:
    """Compare the ledger with the channel's statement, reference by reference, and keep the
    run (every run is kept; the latest is the batch's answer).

    `trigger="auto"` (the sweeper's job) is `settlement` for a batch never reconciled and
    `recheck` for one whose next check is due. The first run with nothing open schedules a
    recheck after the bank's settlement window (`settlement_seconds`): a bank may apply a
    payment late, and a duplicate it applies after settlement is found only then.
    """
    async with tenant_scope(tenant):
        batch = await get_batch(batch_id)
        if trigger == "auto":
            trigger = "settlement" if batch.reconciled_at is None else "recheck"
        ledger = await conn().fetch(
            "SELECT reference, state, amount_fen FROM payout WHERE batch = $1 ORDER BY id", batch_id
        )
        # A batch is reconciled against the channel that paid it: any other knows nothing of it
        # and would report (and store) differences that are not there.
        used = [
            r["channel"]
            for r in await conn().fetch(
                "SELECT DISTINCT channel FROM payout WHERE batch = $1 AND channel IS NOT NULL", batch_id
            )
        ]
    if used and channel.name not in used:
        raise Conflict(
            msg.WRONG_CHANNEL, code="wrong_channel", batch=batch_id, paid_through=", ".join(used), channel=channel.name
        )
    refs = [r["reference"] for r in ledger]
    applied: dict[str, list[int]] = {}
    for i in range(0, len(refs), 5000):
        for line in await channel.statement(refs[i : i + 5000]):
            applied.setdefault(line.reference, []).append(line.amount_fen)
    diffs: list[Difference] = []
    ledger_paid = channel_total = duplicated = 0
    for r in ledger:
        got = applied.get(r["reference"], [])
        fen = int(r["amount_fen"])
        channel_total += sum(got)

        def d(kind: str, r: Any = r, fen: int = fen, got: list[int] = got) -> Difference:
            return Difference(r["reference"], kind, r["state"], fen, sum(got), len(got))

        if r["state"] == "paid":
            ledger_paid += fen
            if not got:
                diffs.append(d("missing_in_channel"))
            elif len(got) > 1:
                duplicated += 1
                diffs.append(d("duplicated"))
            elif got[0] != fen:
                diffs.append(d("amount_mismatch"))
        elif r["state"] in OPEN_STATES:
            diffs.append(d("unsettled"))
        elif got:
            if len(got) > 1:
                duplicated += 1
            diffs.append(d("not_paid_in_ledger"))
    out = ReconciliationOut(
        batch_id,
        len(ledger),
        ledger_paid,
        channel_total,
        duplicated,
        diffs,
        ok=not diffs and ledger_paid == channel_total,
    )
    out.trigger = trigger
    async with tenant_scope(tenant):
        out.at = await conn().fetchval(
            "INSERT INTO payout_reconciliation (batch, at, trigger, checked, ledger_paid_fen, channel_fen, duplicated, "
            "differences, ok) VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8) RETURNING at",
            batch_id,
            trigger,
            out.checked,
            out.ledger_paid_fen,
            out.channel_fen,
            out.duplicated,
            msgspec.json.encode(out.differences).decode(),
            out.ok,
        )
        if not any(x.kind == "unsettled" for x in diffs):
            # The first complete run schedules the recheck after the settlement window; a due
            # recheck is done then, or, if a statement brought it forward, the window's still stands.
            await conn().execute(
                "UPDATE payout_batch SET reconciled_at = coalesce(reconciled_at, now()), recheck_at = CASE "
                "WHEN reconciled_at IS NULL THEN now() + make_interval(secs => $2) "
                "WHEN $3 AND recheck_at <= now() THEN CASE WHEN reconciled_at + make_interval(secs => $2) > now() "
                "THEN reconciled_at + make_interval(secs => $2) END ELSE recheck_at END WHERE id = $1",
                batch_id,
                float(settlement_seconds),
                trigger in ("recheck", "statement"),
            )
        await activity.record(
            "welfare.batch.reconciled",
            f"batch:{batch_id}",
            {"ok": out.ok, "differences": len(diffs), "duplicated": duplicated, "trigger": trigger},
        )
    return out


async def latest_reconciliation(batch_id: int) -> ReconciliationOut | None:
    row = await conn().fetchrow(
        "SELECT batch AS batch_id, checked, ledger_paid_fen, channel_fen, duplicated, "
        "differences, ok, trigger, at FROM payout_reconciliation WHERE batch = $1 ORDER BY id DESC LIMIT 1",
        batch_id,
    )
    if row is None:
        return None
    data = dict(row)
    data["differences"] = msgspec.json.decode(data["differences"], type=list[Difference])
    return ReconciliationOut(**data)


# --- listing -----------------------------------------------------------------------------


class PayoutOut(msgspec.Struct):
    """A payout as the engine knows it (the account opened: callers mask it for who reads it)."""

    id: int
    batch_id: int
    beneficiary: str
    member_id: int | None
    org_id: int | None
    name: str
    account: str
    amount_fen: int
    reference: str
    state: str
    sends: int
    queries: int
    channel_txn: str | None
    failure_reason: str
    settled_at: dt.datetime | None


PAYOUT_COLUMNS = (
    "id, batch AS batch_id, beneficiary, member_id, org_id, name, account, amount_fen, reference, "
    "state, sends, queries, channel_txn, failure_reason, settled_at"
)


async def list_payouts(
    batch_id: int,
    *,
    state: str | None = None,
    org_ids: Sequence[int] | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[PayoutOut], str | None]:
    """A page of the batch's payouts (by state; of the given orgs when named) and the next cursor."""
    rows, next_cursor = await keyset_sql(
        f"SELECT {PAYOUT_COLUMNS} FROM payout WHERE batch = $1 AND ($2::text IS NULL OR state = $2) "
        "AND ($3::int[] IS NULL OR org_id = ANY($3))",
        batch_id,
        state,
        None if org_ids is None else list(org_ids),
        limit=limit,
        cursor=cursor,
    )
    return [PayoutOut(**{**dict(r), "account": accounts.open_account(r["account"])}) for r in rows], next_cursor


class MemberPayment(msgspec.Struct):
    payout_id: int
    member_id: int
    amount_fen: int
    title: str
    settled_at: dt.datetime


async def claim_paid_untold(member_ids: Sequence[int], *, limit: int = 500) -> list[MemberPayment]:
    """Payouts settled as paid to these members that no worker was told of yet, locked and marked
    told in the caller's transaction (welfare's part of the bot, which queues the notices in that
    same transaction: both commit or neither does, so each payout is told once, however long the
    bot or the worker was down and however often delivery runs)."""
    if not member_ids:
        return []
    rows = await conn().fetch(
        """WITH due AS (
             SELECT id FROM payout
              WHERE state = 'paid' AND told_at IS NULL AND member_id = ANY($1::int[])
              ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
           UPDATE payout p SET told_at = $3 FROM due, payout_batch b
            WHERE p.id = due.id AND b.id = p.batch
        RETURNING p.id, p.member_id, p.amount_fen, b.title, p.settled_at""",
        list(member_ids),
        limit,
        dt.datetime.now(dt.UTC),
    )
    return [
        MemberPayment(
            payout_id=r["id"],
            member_id=r["member_id"],
            amount_fen=r["amount_fen"],
            title=r["title"],
            settled_at=r["settled_at"],
        )
        for r in sorted(rows, key=lambda r: r["id"])
    ]


async def mark_told_before(member_id: int, before: dt.datetime) -> int:
    """A worker who links their chat is not told of payments settled before `before`: those are
    marked told without a word (the later ones wait for the next delivery)."""
    rows = await conn().fetch(
        """UPDATE payout SET told_at = $3
            WHERE member_id = $1 AND state = 'paid' AND told_at IS NULL AND settled_at < $2 RETURNING id""",
        member_id,
        before,
        dt.datetime.now(dt.UTC),
    )
    return len(rows)
