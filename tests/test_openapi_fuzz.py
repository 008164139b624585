"""No bad input is answered with a 5xx: a property-based test over the whole OpenAPI document
(issue 13). Schemathesis generates, for every operation, requests that fit the schema and
requests that break it; they are sent in-process to the app with the session's real
PostgreSQL and Redis, as a tenant admin (a platform admin on platform routes), with the
tenant's real ids mixed in so requests reach past 404. Any 5xx fails the test.

The number of examples per operation is bounded (`EXAMPLES`, twice: valid and invalid), so
the whole run stays near a minute on two cores; `SAISHANG_FUZZ_EXAMPLES` raises it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from tests.conftest import bearer  # noqa: E402
from tests.modules.welfare.conftest import build_world  # noqa: E402

EXAMPLES = int(os.environ.get("SAISHANG_FUZZ_EXAMPLES", "5"))
BASE = "http://saishang.test"

# Operations left out for now, each with the reason; the lead removes an entry when it holds.
EXCLUDED_TAGS: set[str] = set()
EXCLUDED = {
    # A well-shaped token goes to Telegram's getMe over the network (the bot's own tests call the
    # fake Bot API for it: tests/bot/test_webhook.py); a test must not depend on the internet.
    ("PUT", "/api/v1/t/{tenant}/bot"),
    ("PUT", "/api/v1/t/{tenant}/voice/bot"),
}


def operations(schema: Any) -> Iterator[Any]:
    for result in schema.get_all_operations():
        op = result.ok()
        tags = set(op.definition.raw.get("tags") or [])
        if tags & EXCLUDED_TAGS or (op.method.upper(), op.path) in EXCLUDED:
            continue
        yield op


def draw(op: Any, mode: GenerationMode, fixed: dict[str, Any], n: int) -> list[Any]:
    cases: list[Any] = []

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(op.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    def collect(case: Any) -> None:
        cases.append(case)

    try:
        collect()
    except Exception as exc:  # an operation schemathesis cannot generate for is a finding, not a pass
        if "Unsatisfiable" not in type(exc).__name__:
            raise
    return cases


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


def request_of(case: Any, ids: dict[str, list[Any]], i: int) -> dict[str, Any]:
    """The case as httpx arguments, with a real id for every second case's id parameters."""
    path_parameters = dict(case.path_parameters or {})
    query = dict(case.query or {})
    for params in (path_parameters, query):
        for name in list(params):
            real = ids.get(name)
            if real and (name in ("slug", "token_id") or i % 2 == 0):
                params[name] = real[i % len(real)]
    path = case.path
    for name, value in path_parameters.items():
        path = path.replace("{" + name + "}", _quote(value))
    out: dict[str, Any] = {"method": case.method.upper(), "url": BASE + path, "params": _query(query)}
    if case.media_type and "json" in case.media_type and not _is_unset(case.body):
        out["content"] = json.dumps(case.body, ensure_ascii=True, allow_nan=True, default=str).encode()
        out["headers"] = {"content-type": "application/json"}
    return out


def _is_unset(body: Any) -> bool:
    return type(body).__name__ == "NotSet"


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
    ids = await world(client, tenant, make_tenant, make_token)
    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    tenant_admin = bearer(await make_token("tenant_admin", tenant.slug))
    platform_admin = bearer(await make_token("platform_admin"))
    failures: list[str] = []
    sent = 0
    started = dt.datetime.now()
    for op in operations(schema):
        fixed = {"tenant": tenant.slug} if "{tenant}" in op.path else {}
        auth = tenant_admin if "{tenant}" in op.path else platform_admin
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for i, case in enumerate(draw(op, mode, fixed, EXAMPLES)):
                req = request_of(case, ids, i)
                req["headers"] = {**req.get("headers", {}), **auth}
                r = await client.request(**req)
                sent += 1
                if r.status_code >= 500:
                    body = req.get("content", b"")[:300]
                    failures.append(f"{req['method']} {r.request.url} {body!r} -> {r.status_code} {r.text[:200]}")
    elapsed = (dt.datetime.now() - started).total_seconds()
    assert sent > 100, f"only {sent} requests were sent"
    assert not failures, f"{len(failures)} of {sent} requests got a 5xx ({elapsed:.0f}s):\n" + "\n".join(failures[:15])
