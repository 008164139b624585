"""The baseline of `bench.api_read`: a bare Litestar app doing what `GET /t/{tenant}/members`
must do at the least: check the bearer token (its hash, account, revocation, expiry, the tenant
active) in one query and run the same member query, on one pool connection.

    DATABASE_URL=... python -m bench._bare_api PORT
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from typing import Any

import asyncpg
import uvicorn
from litestar import Litestar, Request, get
from litestar.exceptions import NotAuthorizedException, NotFoundException

from server.infra.db import asyncpg_config
from server.modules.orgs.service.common import ACTIVE
from server.modules.orgs.service.members import MEMBER_COLUMNS

AUTH = """SELECT a.tenant_slug, a.role, k.revoked_at, k.expires_at, t.active
            FROM platform.api_token k JOIN platform.account a ON a.id = k.account
            JOIN platform.tenant t ON t.slug = $2 WHERE k.token_hash = $1"""
POOL: dict[str, asyncpg.Pool] = {}


async def startup() -> None:
    POOL["db"] = await asyncpg.create_pool(**asyncpg_config(os.environ["DATABASE_URL"]), min_size=1, max_size=20)


@get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/api/v1/t/{tenant:str}/members")
async def members(tenant: str, request: Request, limit: int = 50) -> dict[str, Any]:
    token = request.headers.get("authorization", "").partition(" ")[2]
    async with POOL["db"].acquire() as c:
        who = await c.fetchrow(AUTH, hashlib.sha256(token.encode()).hexdigest(), tenant)
        if (
            who is None
            or who["revoked_at"] is not None
            or (who["expires_at"] or dt.datetime.max.replace(tzinfo=dt.UTC)) <= dt.datetime.now(dt.UTC)
        ):
            raise NotAuthorizedException()
        if not who["active"] or who["tenant_slug"] not in (tenant, None):
            raise NotFoundException()
        rows = await c.fetch(
            f'SELECT {MEMBER_COLUMNS} FROM "t_{tenant}".member m WHERE {ACTIVE} ORDER BY m.id LIMIT $1', limit + 1
        )
    items = [{k: v for k, v in r.items() if k != "id_cipher"} for r in rows[:limit]]
    return {"items": items, "next_cursor": str(rows[-1]["id"]) if len(rows) > limit else None}


app = Litestar([healthz, members], on_startup=[startup])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
