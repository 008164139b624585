"""The schemathesis cases of tests/test_openapi_fuzz.py, drawn in worker processes.

Drawing the cases (Hypothesis and schemathesis, pure Python) costs about four times what
sending them does, so two spawned workers draw the operations in chunks while the test
sends the chunks before them: the same operations, modes, examples and order as drawing
in the test's own process, in about half the time. This module imports no `server` code,
so a worker starts in about a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

# Operations left out for now, each with the reason; the lead removes an entry when it holds.
EXCLUDED_TAGS: set[str] = set()
EXCLUDED = {
    # A well-shaped token goes to Telegram's getMe over the network (the bot's own tests call the
    # fake Bot API for it: tests/bot/test_webhook.py); a test must not depend on the internet.
    ("PUT", "/api/v1/t/{tenant}/bot"),
    ("PUT", "/api/v1/t/{tenant}/voice/bot"),
}
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

# One parsed schema per worker process, set by `start`.
_worker: dict[str, Any] = {}


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


def plain(case: Any) -> dict[str, Any]:
    """The case as plain data a worker can send back: its parameters and its JSON body's bytes."""
    body = None
    if case.media_type and "json" in case.media_type and type(case.body).__name__ != "NotSet":
        body = json.dumps(case.body, ensure_ascii=True, allow_nan=True, default=str).encode()
    return {
        "method": case.method.upper(),
        "path": case.path,
        "path_parameters": dict(case.path_parameters or {}),
        "query": dict(case.query or {}),
        "body": body,
    }


def count(schema_dict: dict[str, Any]) -> int:
    return sum(1 for _ in operations(schemathesis.openapi.from_dict(schema_dict)))


def start(schema_dict: dict[str, Any], tenant: str, examples: int) -> None:
    """A worker's initializer: parse the schema once."""
    _worker.update(ops=list(operations(schemathesis.openapi.from_dict(schema_dict))), tenant=tenant, n=examples)


def chunk(first: int, last: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """Operations first..last-1, each mode's cases in order, as (authority, cases) pairs."""
    out = []
    for op in _worker["ops"][first:last]:
        on_tenant = "{tenant}" in op.path
        fixed = {"tenant": _worker["tenant"]} if on_tenant else {}
        for mode in MODES:
            out.append(("tenant" if on_tenant else "platform", [plain(c) for c in draw(op, mode, fixed, _worker["n"])]))
    return out
