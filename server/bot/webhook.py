"""`POST /telegram/{tenant}/webhook`: Telegram delivers a tenant's updates here.

Checked by Telegram's secret-token header (`X-Telegram-Bot-Api-Secret-Token`,
set with setWebhook): a wrong or missing secret answers 401 and processes
nothing. A tenant that is unknown, disabled, without the voice module or
without a bot answers 404. The same update twice is processed once.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, post
from litestar.status_codes import HTTP_200_OK

from server.bot import dispatch
from server.errors import NotFound, Unauthorized, invalid
from server.infra.tenancy import check_slug, tenant_scope
from server.modules.voice import jobs, telegram
from server.platform import service as platform

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@post(
    "/telegram/{tenant:str}/webhook",
    status_code=HTTP_200_OK,
    tags=["telegram"],
    include_in_schema=True,
    summary="Telegram's webhook for the tenant's bot (secret-token header checked)",
)
async def telegram_webhook(request: Request, tenant: str) -> dict[str, Any]:
    check_slug(tenant)
    found = await platform.active_tenant(tenant)
    if not platform.module_enabled(found, "voice"):
        raise NotFound("module", "voice", code="module_not_enabled")
    async with tenant_scope(tenant):
        if not await telegram.secret_matches(request.headers.get(SECRET_HEADER)):
            raise Unauthorized("wrong or missing Telegram secret token", code="telegram_secret_invalid")
    try:
        raw = await request.json()
    except Exception:  # a body that is not JSON is bad input, never a 500
        raise invalid("body", "is not a JSON update") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
        raise invalid("update_id", "an update needs an integer update_id")
    processed = await dispatch.process_update(tenant, raw)
    if processed:
        await jobs.kick_sending(request.app.state.settings, tenant)
    return {"ok": True, "processed": processed}


def routes() -> list:
    return [Router(path="/", route_handlers=[telegram_webhook])]
