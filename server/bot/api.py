"""The bot over HTTP, for every tenant whichever modules it has on:

- `POST /telegram/{tenant}/webhook` (outside the API tree: Telegram calls it), `ROUTES`;
- under `/api/v1/t/{tenant}`: `GET/PUT /bot` (the token, masked) and `POST /bot/link-codes`
  (a one-time code a worker sends the bot), `CONTROLLERS`.

The app mounts both lists (`server.app`); voice keeps `/voice/bot` and `/voice/link-codes` as
aliases for the clients that know them."""

from __future__ import annotations

from litestar import Controller, Request, get, post, put

from server.bot import setup, store
from server.bot.store import BotConfigIn, BotConfigOut, LinkCodeIn, LinkCodeOut
from server.bot.webhook import telegram_webhook
from server.infra.params import Slug
from server.platform.auth import ADMINS, TenantScope, roles
from server.platform.roles import Actor, Role

UNION = roles(Role.tenant_admin, Role.org_officer)


class BotController(Controller):
    path = "/bot"
    tags = ["bot"]

    @post("/link-codes", guards=[UNION], summary="Issue a one-time code a worker sends the bot to link Telegram")
    async def link_code(self, in_tenant: TenantScope, actor: Actor, data: LinkCodeIn) -> LinkCodeOut:
        async with in_tenant:
            return await store.issue_link_code(data, actor)

    @get("/", guards=[ADMINS], summary="The tenant's bot (token masked)")
    async def bot(self, in_tenant: TenantScope) -> BotConfigOut:
        async with in_tenant:
            return await store.get_bot_config()

    @put("/", guards=[ADMINS], summary="Set the bot token; registers the webhook with Telegram")
    async def set_bot(self, request: Request, tenant: Slug, actor: Actor, data: BotConfigIn) -> BotConfigOut:
        return await setup.configure(request.app.state.settings, tenant, data, actor)


CONTROLLERS = [BotController]
ROUTES = [telegram_webhook]
