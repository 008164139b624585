"""The simulated payment channel (模拟支付通道): a small local HTTP service.

Part of the product for demos and tests, it behaves like a bank's payment API:
it keeps its own record of every payment it applied, deduplicates by reference
(a reference seen before is answered from the record, never applied twice),
and injects faults on request:

- `drop_reply`: apply the payment, then drop the connection without answering;
- `timeout_before_apply`: hold the request past any sane client timeout and
  apply only afterwards (the client gave up before the money moved);
- `error_5xx`: answer 503 without applying;
- `slow`: answer late (but apply);
- `not_found_while_processing`: accept the payment for later processing and,
  until it is applied, answer "not found" when asked about the reference.

HTTP API (JSON):
  POST /v1/payments         {"orders": [{reference, account, name, amount_fen, memo}]}
                            -> {"results": [{reference, outcome, channel_txn, amount_fen, reason}]}
  POST /v1/payments/query   {"references": [...]} -> {"results": [...]}
  POST /v1/statement        {"references": [...] | null} -> {"lines": [{reference, amount_fen, channel_txn, account}]}
  GET  /v1/stats            counters: requests, applications, duplicates refused, faults injected by kind
  PUT  /v1/faults           {"rate": 0.2, "kinds": [...], "seed": 1, "dedupe": true, ...}; DELETE switches faults off
  GET  /healthz
A request may force one fault with the header `X-Fault: <kind>`.
Accounts starting with "CLOSED" are refused (`rejected`, reason account_closed).

Its record survives a restart when it has a journal (`saishang welfare channel-sim` keeps
one in `$SAISHANG_HOME/channel-sim/journal.jsonl`): every payment taken and every
application is appended as a JSON line and replayed at start, as a bank's books would be.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import msgspec
from aiohttp import web

FAULT_KINDS = ("drop_reply", "timeout_before_apply", "error_5xx", "slow", "not_found_while_processing")
QUERY_FAULT_KINDS = ("drop_reply", "error_5xx", "slow")


class FaultConfig(msgspec.Struct):
    rate: float = 0.0
    kinds: list[str] = msgspec.field(default_factory=lambda: list(FAULT_KINDS))
    seed: int = 0
    # Inject each kind once, in order, before drawing at random: every fault is seen.
    cover_all_first: bool = True
    # Delays (seconds): a stall outlives the client's timeout; slow answers stay around it.
    stall_seconds: float = 3.0
    slow_seconds: float = 0.4
    # How long an accepted payment stays "processing" before it is applied.
    processing_seconds: float = 0.5
    # The channel's reference uniqueness. False only for the negative control.
    dedupe: bool = True
    # Apply every payment asynchronously (answer "processing"), not just under the fault.
    always_process_later: bool = False
    # Answer "not found" for every reference still processing, not just under the fault.
    always_lie_while_processing: bool = False


@dataclass
class Payment:
    reference: str
    account: str
    name: str
    amount_fen: int
    status: str  # processing | applied | rejected
    txn: str | None = None
    reason: str = ""
    applications: int = 0
    hide_while_processing: bool = False


@dataclass
class ChannelState:
    faults: FaultConfig = field(default_factory=FaultConfig)
    payments: dict[str, Payment] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)
    counters: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    to_cover: list[str] = field(default_factory=list)
    to_cover_query: list[str] = field(default_factory=list)
    txn_seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    tasks: dict = field(default_factory=dict)  # what is to be applied later: its task → (fn, args)
    journal: IO[str] | None = None

    def open_journal(self, path: Path) -> None:
        """Replay the record kept in `path` (payments and applied lines), then append to it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for raw in f:
                    try:
                        entry = json.loads(raw)
                    except ValueError:
                        continue  # a line cut short by a crash: the payment it described was not answered
                    if "payment" in entry:
                        p = Payment(**entry["payment"])
                        if p.status == "processing":  # its processing died with the process: apply it now
                            p.status = "processing-lost"
                        self.payments[p.reference] = p
                    elif "line" in entry:
                        self.lines.append(entry["line"])
            self.txn_seq = itertools.count(len(self.lines) + 1)
        self.journal = path.open("a", encoding="utf-8")
        for p in self.payments.values():
            if p.status == "processing-lost":
                p.status = "processing"
                self.apply(p, replaying=True)

    def close_journal(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def _write(self, entry: dict[str, Any]) -> None:
        if self.journal is not None:
            self.journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.journal.flush()

    def keep(self, p: Payment) -> None:
        self._write({"payment": asdict(p)})

    def configure(self, faults: FaultConfig) -> None:
        unknown = set(faults.kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self.faults = faults
        self.rng = random.Random(faults.seed)
        cover = faults.cover_all_first and faults.rate > 0
        self.to_cover = list(faults.kinds) if cover else []
        self.to_cover_query = [k for k in faults.kinds if k in QUERY_FAULT_KINDS] if cover else []

    def pick_fault(self, forced: str | None, *, query: bool) -> str | None:
        if forced:
            return forced
        f = self.faults
        if f.rate <= 0:
            return None
        allowed = [k for k in f.kinds if not query or k in QUERY_FAULT_KINDS]
        cover = self.to_cover_query if query else self.to_cover
        if cover:
            return cover.pop(0)
        if allowed and self.rng.random() < f.rate:
            return self.rng.choice(allowed)
        return None

    # --- the ledger of the channel ---------------------------------------------

    def apply(self, p: Payment, *, replaying: bool = False) -> None:
        if p.status == "applied" and self.faults.dedupe:
            return
        p.status = "applied"
        p.applications += 1
        txn = f"SIM{next(self.txn_seq):010d}"
        p.txn = p.txn or txn
        line = {"reference": p.reference, "amount_fen": p.amount_fen, "channel_txn": txn, "account": p.account}
        self.lines.append(line)
        self._write({"line": line})
        self.keep(p)
        if not replaying:
            self.counters["applications"] += 1

    def later(self, delay: float, fn, *args) -> None:
        async def run() -> None:
            await asyncio.sleep(delay)
            fn(*args)

        task = asyncio.get_running_loop().create_task(run())
        self.tasks[task] = (fn, args)
        task.add_done_callback(lambda t: self.tasks.pop(t, None))

    def process_now(self) -> int:
        """Apply at once what was taken for later, as if its `processing_seconds` had passed (a
        test need not wait them out). Returns how many were applied."""
        waiting = list(self.tasks.items())
        for task, (fn, args) in waiting:
            del self.tasks[task]
            task.cancel()
            fn(*args)
        return len(waiting)

    def accept(self, order: dict[str, Any], *, process_later: float | None, hide: bool) -> dict[str, Any]:
        """Take one order: dedupe by reference, refuse closed accounts, apply now or later."""
        ref = order["reference"]
        existing = self.payments.get(ref)
        if existing is not None and self.faults.dedupe:
            self.counters["duplicates_refused"] += 1
            if existing.amount_fen != order["amount_fen"] or existing.account != order["account"]:
                return result(ref, "rejected", reason="reference_conflict")
            return self.result_of(existing, query=False)
        p = Payment(
            ref, order["account"], order.get("name", ""), order["amount_fen"], "processing", hide_while_processing=hide
        )
        if existing is None:
            self.payments[ref] = p
        else:  # dedupe off: a second payment under the same reference is applied again
            p = existing
            p.status = "processing"
        if order["account"].upper().startswith("CLOSED"):
            p.status, p.reason = "rejected", "account_closed"
            self.keep(p)
            return self.result_of(p, query=False)
        if process_later:
            self.keep(p)
            self.later(process_later, self.apply, p)
            return self.result_of(p, query=False)
        self.apply(p)
        return self.result_of(p, query=False)

    def result_of(self, p: Payment, *, query: bool) -> dict[str, Any]:
        if p.status == "processing":
            lie = p.hide_while_processing or self.faults.always_lie_while_processing
            if query and lie:
                return result(p.reference, "not_found")
            return result(p.reference, "processing", amount_fen=p.amount_fen)
        return result(p.reference, p.status, channel_txn=p.txn, amount_fen=p.amount_fen, reason=p.reason)


def result(
    reference: str, outcome: str, *, channel_txn: str | None = None, amount_fen: int | None = None, reason: str = ""
) -> dict[str, Any]:
    return {
        "reference": reference,
        "outcome": outcome,
        "channel_txn": channel_txn,
        "amount_fen": amount_fen,
        "reason": reason,
    }


_enc = msgspec.json.Encoder()
STATE = web.AppKey("state", ChannelState)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=_enc.encode(data), status=status, content_type="application/json")


def _drop(request: web.Request) -> web.Response:
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


def make_app(state: ChannelState | None = None) -> web.Application:
    state = state or ChannelState()
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[STATE] = state

    async def pay(request: web.Request) -> web.Response:
        body = msgspec.json.decode(await request.read())
        orders = body.get("orders") or []
        state.counters["pay_requests"] += 1
        state.counters["orders_received"] += len(orders)
        fault = state.pick_fault(request.headers.get("X-Fault"), query=False)
        f = state.faults
        if fault:
            state.injected[fault] += 1
        if fault == "error_5xx":
            return _json({"error": "service unavailable (injected)"}, status=503)
        if fault == "timeout_before_apply":
            await asyncio.sleep(f.stall_seconds)
            return _json({"results": [state.accept(o, process_later=None, hide=False) for o in orders]})
        if fault == "slow":
            await asyncio.sleep(state.rng.uniform(0.5, 1.0) * f.slow_seconds)
        later = f.processing_seconds if (fault == "not_found_while_processing" or f.always_process_later) else None
        results = [state.accept(o, process_later=later, hide=fault == "not_found_while_processing") for o in orders]
        if fault == "drop_reply":
            return _drop(request)
        return _json({"results": results})

    async def query(request: web.Request) -> web.Response:
        body = msgspec.json.decode(await request.read())
        refs = body.get("references") or []
        state.counters["query_requests"] += 1
        fault = state.pick_fault(request.headers.get("X-Fault"), query=True)
        if fault:
            state.injected[f"query_{fault}"] += 1
        if fault == "error_5xx":
            return _json({"error": "service unavailable (injected)"}, status=503)
        if fault == "slow":
            await asyncio.sleep(state.rng.uniform(0.5, 1.0) * state.faults.slow_seconds)
        results = []
        for ref in refs:
            p = state.payments.get(ref)
            results.append(result(ref, "not_found") if p is None else state.result_of(p, query=True))
        if fault == "drop_reply":
            return _drop(request)
        return _json({"results": results})

    async def statement(request: web.Request) -> web.Response:
        raw = await request.read()
        refs = msgspec.json.decode(raw).get("references") if raw else None
        if refs is None:
            return _json({"lines": state.lines})
        wanted = set(refs)
        return _json({"lines": [ln for ln in state.lines if ln["reference"] in wanted]})

    async def stats(request: web.Request) -> web.Response:
        return _json(
            {
                "counters": dict(state.counters),
                "faults_injected": dict(state.injected),
                "payments": len(state.payments),
                "faults": msgspec.to_builtins(state.faults),
            }
        )

    async def put_faults(request: web.Request) -> web.Response:
        try:
            cfg = msgspec.json.decode(await request.read(), type=FaultConfig)
            state.configure(cfg)
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
            return _json({"error": str(exc)}, status=422)
        return _json(msgspec.to_builtins(state.faults))

    async def delete_faults(request: web.Request) -> web.Response:
        keep = state.faults
        state.configure(
            FaultConfig(
                rate=0.0,
                dedupe=keep.dedupe,
                processing_seconds=keep.processing_seconds,
                always_process_later=keep.always_process_later,
                always_lie_while_processing=False,
            )
        )
        return _json(msgspec.to_builtins(state.faults))

    async def healthz(request: web.Request) -> web.Response:
        return _json({"status": "ok"})

    app.router.add_post("/v1/payments", pay)
    app.router.add_post("/v1/payments/query", query)
    app.router.add_post("/v1/statement", statement)
    app.router.add_get("/v1/stats", stats)
    app.router.add_put("/v1/faults", put_faults)
    app.router.add_delete("/v1/faults", delete_faults)
    app.router.add_get("/healthz", healthz)
    return app


class SimulatedChannelServer:
    """Run the simulated channel in this process (the demo does): `url = await s.start()`."""

    def __init__(self, faults: FaultConfig | None = None, *, journal: Path | None = None):
        self.state = ChannelState()
        if faults is not None:
            self.state.configure(faults)
        if journal is not None:
            self.state.open_journal(journal)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(make_app(self.state), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]  # port 0: the OS chose one
        self.url = f"http://{host}:{bound}"
        return self.url

    async def stop(self) -> None:
        for task in list(self.state.tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.state.close_journal()


def serve(host: str, port: int, faults: FaultConfig, journal: Path | None = None) -> None:
    """Blocking: `saishang welfare channel-sim` (its record kept in `journal` when given)."""
    state = ChannelState()
    state.configure(faults)
    if journal is not None:
        state.open_journal(journal)
    web.run_app(make_app(state), host=host, port=port, access_log=None, print=None)
