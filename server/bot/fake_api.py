"""A fake Telegram Bot API server for tests and demos.

A small aiohttp server that answers the Bot API methods the bot uses (getMe,
setWebhook, deleteWebhook, getWebhookInfo, setMyCommands, getMyCommands, sendMessage,
editMessageText, answerCallbackQuery, getUpdates) the way Telegram does, records every call,
and plays the user: `user_sends` / `user_taps` build an update and deliver it
to the registered webhook (with the secret-token header) or queue it for
getUpdates. `fail(method, status=429, retry_after=...)` injects faults.

    fake = FakeBotAPI()
    await fake.start()            # fake.base_url -> Settings.telegram_api_base
    ...
    await fake.stop()

Run one for a demo: `saishang bot fake-api --port 8081`; then play the user with
`curl -d '{"user_id": 1, "text": "/start"}' localhost:8081/_fake/bot<TOKEN>/user_sends`,
`GET /_fake/chats/1` shows the chat, `POST /_fake/bot<TOKEN>/user_taps`
(`user_id`, `message_id`, `data`) presses a button.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")  # what Telegram accepts as a command in setMyCommands


@dataclass
class Call:
    token: str
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when received
    status: int = 200


@dataclass
class Fault:
    method: str
    status: int
    retry_after: int | None
    times: int


@dataclass
class TelegramUser:
    id: int
    first_name: str = "张伟"
    language_code: str | None = "zh-hans"
    username: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class BotState:
    token: str
    username: str
    webhook_url: str = ""
    secret: str | None = None
    pending: list[dict[str, Any]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    # setMyCommands: language code ("" for the default list) -> the commands, as Telegram's menu shows them
    commands: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def as_user(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.username, "username": self.username}


class FakeBotAPI:
    def __init__(self, *, webhook_client: httpx.AsyncClient | None = None, strict_tokens: bool = False):
        # Tests hand an httpx client wired to the app in-process; otherwise real HTTP.
        self.webhook_client = webhook_client
        self.strict_tokens = strict_tokens
        self.calls: list[Call] = []
        self.bots: dict[str, BotState] = {}
        self.faults: list[Fault] = []
        # (chat_id, message_id) -> the message as the bot left it (after edits)
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.webhook_responses: list[int] = []
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(100_000)
        self._callback_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- running ---------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Playing the user from outside the process (demos: curl against the fake).
        app.router.add_post("/_fake/bot{token}/user_sends", self._control_send)
        app.router.add_post("/_fake/bot{token}/user_taps", self._control_tap)
        app.router.add_get("/_fake/chats/{chat_id}", self._control_chat)
        app.router.add_get("/_fake/calls", self._control_calls)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            for bot in self.bots.values():  # answer held long polls now: cleanup waits for every handler
                bot.arrived.set()
            await self._runner.cleanup()
            self._runner = None

    def add_bot(self, token: str, username: str = "saishang_test_bot") -> BotState:
        self.bots[token] = BotState(token=token, username=username)
        return self.bots[token]

    def bot(self, token: str) -> BotState:
        if token not in self.bots:
            self.add_bot(token)
        return self.bots[token]

    def fail(self, method: str, status: int = 429, *, retry_after: int | None = 1, times: int = 1) -> None:
        """The next `times` calls of `method` fail with `status` (429 carries `retry_after`)."""
        self.faults.append(Fault(method, status, retry_after if status == 429 else None, times))

    # --- what the bot did ---------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages delivered (sendMessage that succeeded), oldest first."""
        return [
            c.params
            for c in self.calls
            if c.method == "sendMessage"
            and c.status == 200
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def chat(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat as the user sees it now: every bot message, after edits."""
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    def last(self, chat_id: int) -> dict[str, Any]:
        """The chat's latest bot message (an empty one before the bot has said anything)."""
        messages = self.chat(chat_id)
        return messages[-1] if messages else {"message_id": 0, "text": ""}

    @staticmethod
    def buttons(message: dict[str, Any]) -> dict[str, str]:
        """Button label -> callback data of a message's inline keyboard."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        return {b["text"]: b.get("callback_data", "") for row in rows for b in row}

    # --- playing the user ------------------------------------------------------------

    async def user_sends(self, token: str, user: TelegramUser, text: str) -> int:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": user.as_dict(),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.push(token, {"message": message})

    async def user_taps(self, token: str, user: TelegramUser, message: dict[str, Any], data: str) -> int:
        bot = self.bot(token)
        query = {
            "id": str(next(self._callback_ids)),
            "from": user.as_dict(),
            "chat_instance": f"ci{user.id}",
            "data": data,
            "message": {
                "message_id": message["message_id"],
                "from": bot.as_user(),
                "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
                "date": int(time.time()),
                "text": message.get("text", ""),
                **({"reply_markup": message["reply_markup"]} if message.get("reply_markup") else {}),
            },
        }
        return await self.push(token, {"callback_query": query})

    async def push(
        self, token: str, body: dict[str, Any], *, update_id: int | None = None, secret: str | None = None
    ) -> int:
        """Deliver an update as Telegram would; returns the webhook's HTTP status (0 when queued)."""
        bot = self.bot(token)
        update = {"update_id": update_id if update_id is not None else next(self._update_ids), **body}
        if not bot.webhook_url:
            bot.pending.append(update)
            bot.arrived.set()
            return 0
        headers: dict[str, str] = {}
        given = secret if secret is not None else bot.secret
        if given is not None:
            headers[SECRET_HEADER] = given
        if self.webhook_client is not None:
            response = await self.webhook_client.post(bot.webhook_url, json=update, headers=headers)
        else:
            async with httpx.AsyncClient(timeout=30) as http:
                response = await http.post(bot.webhook_url, json=update, headers=headers)
        self.webhook_responses.append(response.status_code)
        return response.status_code

    # --- control endpoints (demos) ---------------------------------------------------

    def _user(self, body: dict[str, Any]) -> TelegramUser:
        return TelegramUser(
            id=int(body["user_id"]),
            first_name=body.get("first_name", "张伟"),
            language_code=body.get("language_code", "zh-hans"),
        )

    async def _control_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        status = await self.user_sends(request.match_info["token"], self._user(body), body["text"])
        return web.json_response({"webhook_status": status})

    async def _control_tap(self, request: web.Request) -> web.Response:
        body = await request.json()
        message = self.messages.get((int(body["user_id"]), int(body["message_id"])))
        if message is None:
            return web.json_response({"error": "no such message"}, status=404)
        status = await self.user_taps(request.match_info["token"], self._user(body), message, body["data"])
        return web.json_response({"webhook_status": status})

    async def _control_chat(self, request: web.Request) -> web.Response:
        return web.json_response(self.chat(int(request.match_info["chat_id"])))

    async def _control_calls(self, request: web.Request) -> web.Response:
        return web.json_response([{"method": c.method, "params": c.params, "status": c.status} for c in self.calls])

    # --- the Bot API -----------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                for key, value in (await request.post()).items():
                    if isinstance(value, str) and value[:1] in "[{":
                        try:
                            value = json.loads(value)
                        except ValueError:
                            pass
                    params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params = await self._params(request)
        call = Call(token=token, method=method, params=params, at=time.monotonic())
        self.calls.append(call)
        if ":" not in token or not token.split(":", 1)[0].isdigit() or (self.strict_tokens and token not in self.bots):
            return self._error(call, 401, "Unauthorized")
        for fault in self.faults:
            if fault.method == method and fault.times > 0:
                fault.times -= 1
                if fault.status == 429:
                    return self._error(
                        call,
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after},
                    )
                return self._error(
                    call, fault.status, "Internal Server Error" if fault.status == 500 else "Bad Gateway"
                )
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(call, 404, "Not Found: method not found")
        try:
            result = await handler(self.bot(token), params)
        except _ApiError as exc:
            return self._error(call, exc.status, exc.description)
        return web.json_response({"ok": True, "result": result})

    def _error(
        self, call: Call, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        call.status = status
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _m_getMe(self, bot: BotState, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **bot.as_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_setWebhook(self, bot: BotState, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        if url and not url.startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: bad webhook: invalid URL")
        bot.webhook_url, bot.secret = url, params.get("secret_token")
        return True

    async def _m_deleteWebhook(self, bot: BotState, params: dict[str, Any]) -> bool:
        bot.webhook_url, bot.secret = "", None
        return True

    async def _m_getWebhookInfo(self, bot: BotState, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": bot.webhook_url, "has_custom_certificate": False, "pending_update_count": len(bot.pending)}

    def _require(self, params: dict[str, Any], *names: str) -> None:
        for name in names:
            if params.get(name) in (None, ""):
                raise _ApiError(400, f"Bad Request: {name} is empty")

    async def _m_sendMessage(self, bot: BotState, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "chat_id", "text")
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "from": bot.as_user(),
            "chat": {"id": chat_id, "type": "private"},
            "date": int(time.time()),
            "text": params["text"],
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_editMessageText(self, bot: BotState, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "chat_id", "message_id", "text")
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise _ApiError(400, "Bad Request: message to edit not found")
        message = dict(self.messages[key], text=params["text"], edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[key] = message
        return message

    async def _m_answerCallbackQuery(self, bot: BotState, params: dict[str, Any]) -> bool:
        self._require(params, "callback_query_id")
        return True

    async def _m_setMyCommands(self, bot: BotState, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be a list of at most 100 BotCommand")
        for c in commands:
            name, description = (c.get("command"), c.get("description")) if isinstance(c, dict) else (None, None)
            if not isinstance(name, str) or not COMMAND_NAME.fullmatch(name):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        language = params.get("language_code") or ""
        if language and not (len(language) == 2 and language.isalpha() and language.islower()):
            raise _ApiError(400, "Bad Request: language code is invalid")  # Telegram takes ISO 639-1 codes
        bot.commands[language] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    async def _m_getMyCommands(self, bot: BotState, params: dict[str, Any]) -> list[dict[str, str]]:
        return bot.commands.get(params.get("language_code") or "", [])

    async def _m_getUpdates(self, bot: BotState, params: dict[str, Any]) -> list[dict[str, Any]]:
        if bot.webhook_url:
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        bot.pending = [u for u in bot.pending if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), 50)
        if not bot.pending and timeout > 0:
            bot.arrived.clear()
            try:
                await asyncio.wait_for(bot.arrived.wait(), timeout)
            except TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return bot.pending[:limit]


class _ApiError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


async def serve(host: str = "127.0.0.1", port: int = 8081) -> None:
    """Run a fake Bot API until cancelled (for demos: point TELEGRAM_API_BASE at it)."""
    fake = FakeBotAPI()
    await fake.start(host, port)
    print(f"fake Bot API at {fake.base_url}  (TELEGRAM_API_BASE={fake.base_url})", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()
