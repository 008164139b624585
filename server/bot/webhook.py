"""`POST /telegram/{tenant}/webhook`: Telegram delivers a tenant's updates here, whichever
modules the tenant has on. Checked by Telegram's secret-token header
(`X-Telegram-Bot-Api-Secret-Token`, set with setWebhook): a wrong or missing secret, or a tenant
without a bot, answers 401 and processes nothing. A tenant that is unknown or disabled answers
404. The same update twice is processed once; an update the bot cannot handle is answered 200,
dropped and logged (Telegram redelivers anything else for ever). A handler that fails is
answered 200 too, recorded, the worker told and the traceback logged, unless the failure may pass
(the database or the network for a moment: 5xx, and Telegram delivers it again); see
`dispatch.process_update`.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.status_codes import HTTP_200_OK

from server.bot import jobs, store
from server.bot.messages import NO_UPDATE_ID, NOT_JSON, SECRET_INVALID
from server.errors import Unauthorized, invalid
from server.infra.params import Slug
from server.infra.tenancy import check_slug, tenant_scope
from server.platform import service as platform

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@post(
    "/telegram/{tenant:str}/webhook",
    status_code=HTTP_200_OK,
    tags=["telegram"],
    include_in_schema=True,
    summary="Telegram's webhook for the tenant's bot (secret-token header checked)",
)
async def telegram_webhook(request: Request, tenant: Slug) -> dict[str, Any]:
    check_slug(tenant)
    await platform.active_tenant(tenant)
    async with tenant_scope(tenant):
        if not await store.secret_matches(request.headers.get(SECRET_HEADER)):
            raise Unauthorized(SECRET_INVALID)
    try:
        raw = await request.json()
    except Exception:  # a body that is not JSON is bad input, never a 500
        raise invalid("body", NOT_JSON) from None
    from server.bot import dispatch  # aiogram: loaded with the first update, not with the app

    if (
        not isinstance(raw, dict)
        or type(update_id := raw.get("update_id")) is not int
        or abs(update_id) >= dispatch.BIGINT
    ):
        raise invalid("update_id", NO_UPDATE_ID)
    # An update the bot cannot handle (no chat, no sender, ...) is answered 200 and dropped, or
    # Telegram would redeliver it for ever: `dispatch.unhandled`.

    processed = await dispatch.process_update(tenant, raw)
    if processed:
        await jobs.kick(request.app.state.settings, tenant)
    return {"ok": True, "processed": processed}
