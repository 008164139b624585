"""Setting a tenant's bot up: the token checked with Telegram (getMe), stored sealed, and the
webhook registered, from the API (`PUT /bot`) and the CLI (`saishang bot set-token`) alike."""

from __future__ import annotations

from server.bot import client, store
from server.infra.tenancy import tenant_scope
from server.platform.roles import SYSTEM, Actor
from server.settings import Settings


async def configure(
    settings: Settings, tenant: str, data: store.BotConfigIn, actor: Actor = SYSTEM
) -> store.BotConfigOut:
    token = store.check_token_shape(data.token)
    me = await client.check_token(settings, token)  # outside the transaction: it is a network call
    async with tenant_scope(tenant):
        out = await store.set_bot_config(data, actor, username=me.get("username", ""))
        secret = await store.webhook_secret()
    if data.webhook:
        await client.set_webhook(settings, tenant, token, secret)
    return out
