"""The client side of the simulated channel (and of any bank API speaking its JSON).

Every transport failure, timeout, dropped reply or 5xx becomes `unknown` for
each order of the request: whether the money moved is then a question for
`query`, never a reason to pay again under a new reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import msgspec

from server.modules.welfare.channels.base import (
    Outcome,
    PaymentOrder,
    PaymentResult,
    StatementLine,
    unknown_for,
)


class _Results(msgspec.Struct):
    results: list[PaymentResult]


class _Lines(msgspec.Struct):
    lines: list[StatementLine]


class HttpChannel:
    name = "simulated"

    def __init__(self, base_url: str, *, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=20),
        )

    async def _post(self, path: str, body: dict, refs: Sequence[str]) -> list[PaymentResult]:
        try:
            resp = await self._client.post(
                path, content=msgspec.json.encode(body), headers={"content-type": "application/json"}
            )
        except httpx.TimeoutException:
            return unknown_for(list(refs), "timeout")
        except httpx.HTTPError as exc:
            return unknown_for(list(refs), f"transport: {type(exc).__name__}")
        if resp.status_code >= 500:
            return unknown_for(list(refs), f"http {resp.status_code}")
        if resp.status_code != 200:
            return unknown_for(list(refs), f"http {resp.status_code}")
        try:
            results = msgspec.json.decode(resp.content, type=_Results).results
        except (msgspec.DecodeError, msgspec.ValidationError):
            return unknown_for(list(refs), "unreadable reply")
        by_ref = {r.reference: r for r in results}
        # A reply that leaves out a reference says nothing about it.
        return [by_ref.get(ref) or PaymentResult(ref, Outcome.unknown, reason="missing from reply") for ref in refs]

    async def pay(self, orders: Sequence[PaymentOrder]) -> list[PaymentResult]:
        if not orders:
            return []
        return await self._post(
            "/v1/payments", {"orders": msgspec.to_builtins(list(orders))}, [o.reference for o in orders]
        )

    async def query(self, references: Sequence[str]) -> list[PaymentResult]:
        if not references:
            return []
        return await self._post("/v1/payments/query", {"references": list(references)}, references)

    async def statement(self, references: Sequence[str] | None = None) -> list[StatementLine]:
        body = {"references": list(references) if references is not None else None}
        resp = await self._client.post(
            "/v1/statement", content=msgspec.json.encode(body), headers={"content-type": "application/json"}, timeout=60
        )
        resp.raise_for_status()
        return msgspec.json.decode(resp.content, type=_Lines).lines

    async def aclose(self) -> None:
        await self._client.aclose()
