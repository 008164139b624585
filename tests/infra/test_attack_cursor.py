"""A forged cursor: the server issues cursors naming a record's id (or a year); one naming a number
past any id column answered a 422 that named no field ("out of range", from PostgreSQL). It now
names the cursor, as any other cursor this server never issued."""

from __future__ import annotations

import base64
import itertools

KEYED_LISTS = ("/members", "/orgs", "/training-sessions")


def forged(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


async def test_a_cursor_past_any_id_names_the_cursor(client, tenant, tenant_headers):
    for key, path in itertools.product(["3000000000", "99999999999999999999", "-5", "0"], KEYED_LISTS):
        r = await client.get(
            f"/api/v1/t/{tenant.slug}{path}",
            params={"cursor": forged(f"k:{key}")},
            headers={**tenant_headers, "Accept-Language": "en"},
        )
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == ["cursor"], r.text
