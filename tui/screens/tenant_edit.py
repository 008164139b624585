"""Change a tenant (names, parent, locale: the platform admin) and set its Telegram bot
(the tenant's admin, or the platform admin from the tenant's page). Both on the kit's
FormModal: the API's field errors show under the fields."""

from __future__ import annotations

from typing import Any

from tui.client import Tenant
from tui.i18n import L
from tui.kit.api import ModuleApi, Record
from tui.kit.form import Field, FormModal

EDIT_HEADING = L("修改租户 {slug}", "Change tenant {slug}")
NAME_ZH = L("中文名称", "Name (Chinese)")
NAME_EN = L("英文名称", "Name (English)")
PARENT = L("上级", "Parent")
LOCALE = L("语言", "Locale")
REGION = L("自治区总工会（无上级）", "the region (no parent)")
BOT_HEADING = L("Telegram 机器人", "Telegram bot")
BOT_TOKEN = L("机器人令牌", "Bot token")
BOT_TOKEN_HINT = L("BotFather 给出的 123456:ABC…", "123456:ABC… from BotFather")
BOT_WEBHOOK = L("Webhook", "Webhook")
BOT_WEBHOOK_HINT = L("向 Telegram 登记 webhook（否则轮询）", "register the webhook (else polling)")
SAVE_BOT = L("保存并连接", "Save and connect")


class BotConfig(Record):
    SCHEMA = "BotConfigOut"
    configured: bool
    username: str = ""
    token_hint: str = ""


class PlatformApi(ModuleApi):
    """The platform's tenant routes and a tenant's bot."""

    async def update_tenant(self, slug: str, body: dict[str, Any]) -> Tenant:
        return await self._send("PATCH", f"/api/v1/platform/tenants/{slug}", body, Tenant)

    async def bot(self, tenant: str) -> BotConfig:
        return await self._get(f"/api/v1/t/{tenant}/bot", BotConfig)

    async def set_bot(self, tenant: str, body: dict[str, Any]) -> BotConfig:
        return await self._send("PUT", f"/api/v1/t/{tenant}/bot", body, BotConfig)


class EditTenantModal(FormModal[Tenant]):
    """Dismisses with the changed Tenant (only the fields changed are sent)."""

    PATCH = True

    def __init__(self, tenant: Tenant, parents: list[str]) -> None:
        values = {
            "name_zh": tenant.name_zh,
            "name_en": tenant.name_en,
            "parent": tenant.parent,
            "locale": tenant.locale,
        }
        super().__init__(values, title=EDIT_HEADING(slug=tenant.slug))
        self.tenant = tenant
        self.parents = [p for p in parents if p != tenant.slug]

    def fields(self) -> list[Field]:
        return [
            Field("name_zh", NAME_ZH),
            Field("name_en", NAME_EN),
            Field("parent", PARENT, "choice", choices=[(p, p) for p in self.parents], hint=REGION),
            Field("locale", LOCALE, "choice", choices=[("简体中文 zh-CN", "zh-CN"), ("English en", "en")], blank=False),
        ]

    def body(self) -> dict[str, Any]:
        body = super().body()
        if "parent" in body and body["parent"] is None:
            body["parent"] = "region"  # back under the region: PATCH's null means "unchanged"
        return body

    async def submit(self, body: dict[str, Any]) -> Tenant:
        return await PlatformApi.of(self.app).update_tenant(self.tenant.slug, body)


class BotSettingsModal(FormModal[BotConfig]):
    """Dismisses with the bot as the API now reports it (the token itself never comes back)."""

    HEADING = BOT_HEADING
    SUBMIT = SAVE_BOT
    FIELDS = (
        Field("token", BOT_TOKEN, hint=BOT_TOKEN_HINT),
        Field("webhook", BOT_WEBHOOK, "flag", hint=BOT_WEBHOOK_HINT),
    )

    def __init__(self, tenant: str, current: BotConfig | None = None) -> None:
        title = BOT_HEADING() + (f" · @{current.username}" if current and current.username else "")
        super().__init__({"webhook": True}, title=title)
        self.tenant = tenant

    async def submit(self, body: dict[str, Any]) -> BotConfig:
        return await PlatformApi.of(self.app).set_bot(self.tenant, body)
