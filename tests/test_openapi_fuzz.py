"""No bad input is answered with a 5xx: a property-based test over the whole OpenAPI document
(issue 13). Schemathesis generates, for every operation, requests that fit the schema and
requests that break it; they are sent in-process to the app with the session's real
PostgreSQL and Redis, as a tenant admin (a platform admin on platform routes), with the
tenant's real ids mixed in so requests reach past 404. Any 5xx fails the test.

The cases are drawn in two worker processes while this one sends them (tests/openapi_cases.py).
The number of examples per operation is bounded (`EXAMPLES`, twice: valid and invalid), so
the whole run stays near half a minute on two cores; `SAISHANG_FUZZ_EXAMPLES` raises it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

pytest.importorskip("schemathesis")
from tests import openapi_cases  # noqa: E402
from tests.conftest import bearer  # noqa: E402
from tests.modules.welfare.conftest import build_world  # noqa: E402

EXAMPLES = int(os.environ.get("SAISHANG_FUZZ_EXAMPLES", "5"))
BASE = "http://saishang.test"
# Drawing the cases is most of the cost: two worker processes draw chunks of operations while
# this process sends the chunks before them, in the operations' order (tests/openapi_cases.py).
WORKERS = 2
CHUNK = 8


async def world(client, tenant, make_tenant, make_token) -> dict[str, Any]:
    """The tenant's real ids, by parameter name, and a tenant and tokens that may be disabled."""
    w = await build_world(tenant.slug, n=4)
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    base = f"/api/v1/t/{tenant.slug}"
    ids: dict[str, list[Any]] = {
        "org_id": [w.union, w.city],
        "scope_org_id": [w.city],
        "member_id": w.members,
        "household_id": w.households,
        "year": [2017],
    }

    async def make(key: str, path: str, body: dict[str, Any]) -> int | None:
        r = await client.post(base + path, json=body, headers=admin)
        if r.status_code in (200, 201):
            ids.setdefault(key, []).append(r.json()["id"])
            return r.json()["id"]
        return None

    await make(
        "campaign_id",
        "/campaigns",
        {
            "kind": "holiday_relief",
            "name": "两节送温暖",
            "year": 2017,
            "budget_fen": 1_000_000,
            "eligibility": {"rule": "hardship_households"},
            "amount_rule": {"rule": "flat", "fen": 50_000},
        },
    )
    complaint = await make(
        "complaint_id", "/complaints", {"category": "wages", "text": "拖欠工资三个月", "org_id": w.union}
    )
    if complaint is not None:
        order = await make("order_id", "/demand-orders", {"title": "工资拖欠", "complaint_ids": [complaint]})
        if order is not None:
            await make("form_id", "/acceptance-forms", {"order_id": order})
    await make(
        "programme_id",
        "/pairing/programmes",
        {"name": "名师带高徒", "scope_org_id": w.city, "term_start": "2017-03-01", "term_end": "2018-02-28"},
    )
    spare = await make_tenant()
    ids["slug"] = [spare.slug]
    spare_tokens = []
    for _ in range(2):
        r = await client.post(
            "/api/v1/platform/tokens",
            json={"role": "auditor", "tenant": spare.slug},
            headers=bearer(await make_token("platform_admin")),
        )
        if r.status_code in (200, 201):
            spare_tokens.append(r.json()["info"]["id"])
    ids["token_id"] = spare_tokens
    return ids


def request_of(case: dict[str, Any], ids: dict[str, list[Any]], i: int) -> dict[str, Any]:
    """The case as httpx arguments, with a real id for every second case's id parameters."""
    path_parameters = dict(case["path_parameters"])
    query = dict(case["query"])
    for params in (path_parameters, query):
        for name in list(params):
            real = ids.get(name)
            if real and (name in ("slug", "token_id") or i % 2 == 0):
                params[name] = real[i % len(real)]
    path = case["path"]
    for name, value in path_parameters.items():
        path = path.replace("{" + name + "}", _quote(value))
    out: dict[str, Any] = {"method": case["method"], "url": BASE + path, "params": _query(query)}
    if case["body"] is not None:
        out["content"] = case["body"]
        out["headers"] = {"content-type": "application/json"}
    return out


def _quote(value: Any) -> str:
    from urllib.parse import quote

    text = json.dumps(value) if isinstance(value, dict | list | bool) or value is None else str(value)
    return quote(text, safe="")


def _query(query: dict[str, Any]) -> list[tuple[str, str]]:
    items = []
    for name, value in query.items():
        for v in value if isinstance(value, list) else [value]:
            items.append((str(name), v if isinstance(v, str) else json.dumps(v, default=str)))
    return items


async def test_no_operation_answers_bad_input_with_a_5xx(client, app, tenant, make_tenant, make_token):
    schema = app.openapi_schema.to_schema()
    total = openapi_cases.count(schema)
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(WORKERS, spawn, openapi_cases.start, (schema, tenant.slug, EXAMPLES))
    try:
        chunks = [pool.submit(openapi_cases.chunk, k, k + CHUNK) for k in range(0, total, CHUNK)]
        ids = await world(client, tenant, make_tenant, make_token)
        auth = {
            "tenant": bearer(await make_token("tenant_admin", tenant.slug)),
            "platform": bearer(await make_token("platform_admin")),
        }
        failures: list[str] = []
        sent = drawn = 0
        started = dt.datetime.now()
        for future in chunks:
            for authority, cases in await asyncio.wrap_future(future):
                drawn += 1
                for i, case in enumerate(cases):
                    req = request_of(case, ids, i)
                    req["headers"] = {**req.get("headers", {}), **auth[authority]}
                    r = await client.request(**req)
                    sent += 1
                    if r.status_code >= 500:
                        body = req.get("content", b"")[:300]
                        failures.append(f"{req['method']} {r.request.url} {body!r} -> {r.status_code} {r.text[:200]}")
    finally:  # a failure does not wait for the chunks still to be drawn
        pool.shutdown(cancel_futures=True)
    elapsed = (dt.datetime.now() - started).total_seconds()
    assert drawn == 2 * total, f"{drawn} of {2 * total} operation-modes were drawn"
    assert sent > 100, f"only {sent} requests were sent"
    assert not failures, f"{len(failures)} of {sent} requests got a 5xx ({elapsed:.0f}s):\n" + "\n".join(failures[:15])
