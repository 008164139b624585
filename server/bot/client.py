"""The Bot API over HTTP (httpx). The base URL is `Settings.telegram_api_base`,
so tests and demos talk to the fake Bot API (`server.bot.fake_api`)."""

from __future__ import annotations

from typing import Any

import httpx

from server.bot.messages import TOKEN_REFUSED
from server.errors import invalid
from server.settings import Settings

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class BotApiError(Exception):
    """A Bot API call failed. `retry_after` is set on 429; `status` 5xx or 0 (network) may be retried."""

    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after

    @property
    def temporary(self) -> bool:
        return self.status == 429 or self.status >= 500 or self.status == 0


def method_url(settings: Settings, token: str, method: str) -> str:
    return f"{settings.telegram_api_base.rstrip('/')}/bot{token}/{method}"


async def call(
    settings: Settings,
    token: str,
    method: str,
    payload: dict[str, Any] | None = None,
    *,
    timeout: httpx.Timeout | float = TIMEOUT,
) -> Any:
    """One Bot API call; the `result` on success, `BotApiError` otherwise."""
    try:
        async with httpx.AsyncClient(timeout=timeout) as http:
            response = await http.post(method_url(settings, token, method), json=payload or {})
    except httpx.HTTPError as exc:
        raise BotApiError(0, f"{type(exc).__name__}: {exc}") from None
    try:
        body = response.json()
    except ValueError:
        body = {"ok": False, "description": response.text[:200]}
    if response.status_code == 200 and body.get("ok"):
        return body.get("result")
    params = body.get("parameters") or {}
    raise BotApiError(
        body.get("error_code") or response.status_code, body.get("description") or "error", params.get("retry_after")
    )


async def check_token(settings: Settings, token: str) -> dict[str, Any]:
    """getMe: a token Telegram does not know is invalid input, not a 500."""
    try:
        return await call(settings, token.strip(), "getMe")
    except BotApiError as exc:
        if exc.temporary:
            raise
        raise invalid("token", TOKEN_REFUSED, reason=exc.description) from None


def webhook_url(settings: Settings, tenant: str) -> str:
    return f"{settings.base_url.rstrip('/')}/telegram/{tenant}/webhook"


async def set_webhook(settings: Settings, tenant: str, token: str, secret: str) -> Any:
    return await call(
        settings,
        token,
        "setWebhook",
        {
            "url": webhook_url(settings, tenant),
            "secret_token": secret,
            "allowed_updates": ["message", "callback_query"],
            "drop_pending_updates": False,
        },
    )


async def delete_webhook(settings: Settings, token: str) -> Any:
    return await call(settings, token, "deleteWebhook", {"drop_pending_updates": False})
