"""What the Telegram bot keeps in the tenant's schema: the bot's token and webhook
secret, workers' linked accounts and one-time link codes, processed update ids,
conversation state, and the outbox of Bot API calls. No Telegram I/O here: the
bot (`server/bot/`) does the talking and calls these functions inside a tenant scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

import msgspec

from server.errors import Forbidden, NotFound, RuleViolation, invalid
from server.infra.secrets import Sealer, sealer
from server.modules.core import service as core
from server.modules.orgs import service as orgs
from server.modules.voice.tables import (
    BotChatState,
    BotConfig,
    BotMessage,
    BotUpdate,
    LinkCode,
    TelegramLink,
)
from server.platform.roles import SYSTEM, Actor, Role

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
CODE_TTL = dt.timedelta(days=7)
LANGUAGES = ("zh-CN", "en")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


# --- link codes and linked accounts -----------------------------------------------


class LinkCodeIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: int


class LinkCodeOut(msgspec.Struct):
    code: str
    member_id: int
    expires_at: dt.datetime


class LinkOut(msgspec.Struct):
    telegram_user_id: int
    chat_id: int
    member_id: int
    language: str | None
    telegram_language: str | None = None


async def issue_link_code(data: LinkCodeIn, actor: Actor) -> LinkCodeOut:
    """The worker's union issues a one-time code; the worker sends it to the bot."""
    try:
        member = await orgs.get_member(data.member_id)
    except NotFound:
        raise invalid("member_id", f"no member {data.member_id}") from None
    if actor.role is Role.org_officer and not (
        actor.org_id is not None and await orgs.is_in_subtree(member.org_id, actor.org_id)
    ):
        raise Forbidden("this member is outside your union's subtree", code="org_forbidden")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = _now() + CODE_TTL
    await LinkCode.insert(
        LinkCode(code_hash=_hash(code), member_id=member.id, issued_by=actor.name, expires_at=expires_at)
    )
    await core.record("voice.link_code.issued", f"member {member.id}", {}, actor)
    return LinkCodeOut(code=code, member_id=member.id, expires_at=expires_at)


async def redeem_link_code(
    code: str, *, telegram_user_id: int, chat_id: int, telegram_language: str | None = None
) -> LinkOut:
    """Link a Telegram account to the member the code was issued for; the code is spent."""
    spent = (
        await LinkCode.update({LinkCode.used_at: _now()})
        .where(
            (LinkCode.code_hash == _hash(normalise_code(code)))
            & LinkCode.used_at.is_null()
            & (LinkCode.expires_at > _now())
        )
        .returning(LinkCode.member_id)
    )
    if not spent:
        raise RuleViolation("the code is unknown, used or expired", code="link_code_invalid")
    member_id = spent[0]["member_id"]
    # One account per member and one member per account: a new link replaces old ones.
    await TelegramLink.delete().where(
        (TelegramLink.telegram_user_id == telegram_user_id) | (TelegramLink.member_id == member_id)
    )
    await TelegramLink.insert(
        TelegramLink(
            telegram_user_id=telegram_user_id, chat_id=chat_id, member_id=member_id, telegram_language=telegram_language
        )
    )
    await core.record("voice.telegram.linked", f"member {member_id}", {})
    return LinkOut(
        telegram_user_id=telegram_user_id,
        chat_id=chat_id,
        member_id=member_id,
        language=None,
        telegram_language=telegram_language,
    )


async def get_link(telegram_user_id: int) -> LinkOut | None:
    row = (
        await TelegramLink.select(
            TelegramLink.telegram_user_id,
            TelegramLink.chat_id,
            TelegramLink.member_id,
            TelegramLink.language,
            TelegramLink.telegram_language,
        )
        .where(TelegramLink.telegram_user_id == telegram_user_id)
        .first()
    )
    return LinkOut(**row) if row else None


async def links_for_members(member_ids: list[int]) -> dict[int, LinkOut]:
    if not member_ids:
        return {}
    rows = await TelegramLink.select(
        TelegramLink.telegram_user_id,
        TelegramLink.chat_id,
        TelegramLink.member_id,
        TelegramLink.language,
        TelegramLink.telegram_language,
    ).where(TelegramLink.member_id.is_in(member_ids))
    return {r["member_id"]: LinkOut(**r) for r in rows}


async def linked_member_ids() -> list[int]:
    return [r["member_id"] for r in await TelegramLink.select(TelegramLink.member_id)]


async def set_language(telegram_user_id: int, language: str) -> None:
    if language not in LANGUAGES:
        raise invalid("language", f"must be one of {', '.join(LANGUAGES)}")
    await TelegramLink.update({TelegramLink.language: language}).where(
        TelegramLink.telegram_user_id == telegram_user_id
    )


async def seen_language(telegram_user_id: int, telegram_language: str | None) -> None:
    """Keep the user's Telegram language current (used when no /lang choice was made)."""
    await TelegramLink.update({TelegramLink.telegram_language: telegram_language}).where(
        TelegramLink.telegram_user_id == telegram_user_id
    )


def worker_actor(tenant: str, link: LinkOut) -> Actor:
    """The worker behind a linked Telegram account, as services see them."""
    return Actor(
        account_id=None,
        name=f"telegram:{link.telegram_user_id}",
        role=Role.worker,
        tenant=tenant,
        member_id=link.member_id,
    )


# --- the bot's token and webhook secret ------------------------------------------


class BotConfigIn(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    webhook: bool = True  # register the webhook with Telegram (False: polling mode)


class BotConfigOut(msgspec.Struct):
    configured: bool
    username: str = ""
    token_hint: str = ""  # "123456:…wxyz": the token itself is never shown back
    updated_at: dt.datetime | None = None


def check_token_shape(token: str) -> str:
    token = token.strip()
    head, _, tail = token.partition(":")
    # Bot ids are at most 15 digits; 116 characters in all keeps the sealed token within its column.
    if not head.isdigit() or len(head) > 15 or len(tail) < 10 or len(token) > 116:
        raise invalid("token", "is not a bot token (digits:secret, as BotFather gives it)")
    return token


def _hint(token: str) -> str:
    head, _, tail = token.partition(":")
    return f"{head}:…{tail[-4:]}"


def _sealer() -> Sealer:
    # The token controls the bot (whoever has it can message every linked worker): sealed at rest.
    return sealer("bot-token")


async def set_bot_config(data: BotConfigIn, actor: Actor = SYSTEM, *, username: str = "") -> BotConfigOut:
    token = check_token_shape(data.token)
    existing = await BotConfig.select(BotConfig.token, BotConfig.webhook_secret).first()
    # A new token gets a new webhook secret; the same token keeps it.
    same = existing is not None and _sealer().open_text(existing["token"]) == token
    secret = existing["webhook_secret"] if same else secrets.token_urlsafe(32)
    sealed = _sealer().seal_text(token)
    if existing:
        await BotConfig.update(
            {
                BotConfig.token: sealed,
                BotConfig.webhook_secret: secret,
                BotConfig.username: username,
                BotConfig.updated_at: _now(),
            }
        ).where(BotConfig.singleton.eq(True))
    else:
        await BotConfig.insert(BotConfig(token=sealed, webhook_secret=secret, username=username))
    await core.record("voice.bot.configured", username or _hint(token), {}, actor)
    return await get_bot_config()


async def get_bot_config() -> BotConfigOut:
    row = await BotConfig.select().first()
    if row is None:
        return BotConfigOut(configured=False)
    return BotConfigOut(
        configured=True,
        username=row["username"],
        token_hint=_hint(_sealer().open_text(row["token"])),
        updated_at=row["updated_at"],
    )


async def bot_token() -> str:
    row = await BotConfig.select(BotConfig.token).first()
    if row is None:
        raise NotFound("bot", detail="no bot is configured for this tenant", code="bot_not_configured")
    return _sealer().open_text(row["token"])


async def webhook_secret() -> str:
    row = await BotConfig.select(BotConfig.webhook_secret).first()
    if row is None:
        raise NotFound("bot", detail="no bot is configured for this tenant", code="bot_not_configured")
    return row["webhook_secret"]


async def secret_matches(given: str | None) -> bool:
    row = await BotConfig.select(BotConfig.webhook_secret).first()
    return bool(row and given and hmac.compare_digest(row["webhook_secret"].encode(), given.encode()))


# --- updates, conversation state ---------------------------------------------------


async def first_time(update_id: int) -> bool:
    """Record an update id; False when it was seen before (Telegram redelivers)."""
    rows = (
        await BotUpdate.insert(BotUpdate(update_id=update_id))
        .on_conflict(target=BotUpdate.update_id, action="DO NOTHING")
        .returning(BotUpdate.id)
    )
    return bool(rows)


async def lock_chat(key: str) -> None:
    """Serialise the updates of one chat until the transaction ends."""
    await BotUpdate.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"saishang:tg:{key}")


async def prune_updates(older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Telegram redelivers for a day at most; older update ids need not be kept."""
    rows = await BotUpdate.delete().where(BotUpdate.received_at < _now() - older_than).returning(BotUpdate.id)
    return len(rows)


async def get_state(key: str) -> tuple[str | None, dict[str, Any]]:
    row = (
        await BotChatState.select(BotChatState.state, BotChatState.data)
        .where(BotChatState.key == key)
        .first()
        .output(load_json=True)
    )
    return (row["state"], row["data"] or {}) if row else (None, {})


async def put_state(key: str, *, state: str | None = ..., data: dict[str, Any] | None = None) -> None:  # type: ignore[assignment]
    values: dict[Any, Any] = {BotChatState.updated_at: _now()}
    row = BotChatState(key=key, state=None if state is ... else state, data=data or {})
    if state is not ...:
        values[BotChatState.state] = state
    if data is not None:
        values[BotChatState.data] = data
    await BotChatState.insert(row).on_conflict(target=BotChatState.key, action="DO UPDATE", values=list(values.keys()))


# --- the outbox --------------------------------------------------------------------


class OutMessage(msgspec.Struct):
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int


async def enqueue(chat_id: int, method: str, payload: dict[str, Any], *, key: str | None = None) -> int | None:
    """Queue one Bot API call; None when a call with this key was queued before."""
    rows = (
        await BotMessage.insert(BotMessage(chat_id=chat_id, method=method, payload=payload, key=key))
        .on_conflict(target=BotMessage.key, action="DO NOTHING")
        .returning(BotMessage.id)
    )
    return rows[0]["id"] if rows else None


def _out(r: dict[str, Any]) -> OutMessage:
    payload = r["payload"]
    if isinstance(payload, str):
        payload = msgspec.json.decode(payload)
    return OutMessage(id=r["id"], chat_id=r["chat_id"], method=r["method"], payload=payload, attempts=r["attempts"])


BUSY = "busy"  # `claim`: the chat's oldest call is in another job's hands; this one waits its turn


async def claim(message_id: int) -> OutMessage | None | str:
    """Lock the call to send for this job: a callback answer is sent as itself; other calls
    to a chat go oldest first, so a chat reads its messages in order. None: nothing left to
    send; `BUSY`: the chat's oldest call is being sent by another job (skipping past it to a
    newer one would put the chat's messages out of order), so try again shortly."""
    own = await BotMessage.raw(
        "SELECT id, chat_id, method, payload, attempts, status FROM voice_bot_message WHERE id = {}", message_id
    )
    if not own:
        return None
    if own[0]["method"] == "answerCallbackQuery":
        rows = await BotMessage.raw(
            "SELECT id, chat_id, method, payload, attempts FROM voice_bot_message "
            "WHERE id = {} AND status = 'queued' FOR UPDATE SKIP LOCKED",
            message_id,
        )
        return _out(rows[0]) if rows else None
    rows = await BotMessage.raw(
        "SELECT id, chat_id, method, payload, attempts FROM voice_bot_message "
        "WHERE id = (SELECT min(id) FROM voice_bot_message WHERE chat_id = {} AND status = 'queued' "
        "            AND method <> 'answerCallbackQuery') AND status = 'queued' FOR UPDATE SKIP LOCKED",
        own[0]["chat_id"],
    )
    if rows:
        return _out(rows[0])
    return BUSY if own[0]["status"] == "queued" else None


async def queued_ahead(message_id: int) -> int:
    """How many calls to the same chat wait to go out before this one (callback answers aside)."""
    rows = await BotMessage.raw(
        "SELECT count(*) AS n FROM voice_bot_message o JOIN voice_bot_message m ON m.id = {} "
        "WHERE o.chat_id = m.chat_id AND o.id < m.id AND o.status = 'queued' AND o.method <> 'answerCallbackQuery'",
        message_id,
    )
    return rows[0]["n"] if rows else 0


async def mark_sent(message_id: int, result: Any = None) -> None:
    await BotMessage.update(
        {BotMessage.status: "sent", BotMessage.sent_at: _now(), BotMessage.attempts: BotMessage.attempts + 1}
    ).where(BotMessage.id == message_id)


async def note_attempt(message_id: int, error: str, *, failed: bool = False) -> None:
    values: dict[Any, Any] = {BotMessage.attempts: BotMessage.attempts + 1, BotMessage.last_error: error[:1000]}
    if failed:
        values[BotMessage.status] = "failed"
    await BotMessage.update(values).where(BotMessage.id == message_id)


async def queued_messages(*, older_than: dt.timedelta = dt.timedelta(0), limit: int = 500) -> list[OutMessage]:
    rows = (
        await BotMessage.select(
            BotMessage.id, BotMessage.chat_id, BotMessage.method, BotMessage.payload, BotMessage.attempts
        )
        .where((BotMessage.status == "queued") & (BotMessage.created_at <= _now() - older_than))
        .order_by(BotMessage.id)
        .limit(limit)
        .output(load_json=True)
    )
    return [_out(r) for r in rows]
