"""What the workers' bot keeps, as SQL on the tenant scope's connection: link codes and linked
accounts, the bot's token and webhook secret (both sealed at rest), the update ids already handled,
conversation state, and the outbox of Bot API calls. No Telegram I/O here: the webhook, polling
and the send job do the talking and call these functions inside a tenant scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Any

import msgspec

from server import messages as shared
from server.bot.messages import LINK_CODE_INVALID, NO_SUCH_MEMBER, NOT_A_TOKEN, NOT_CONFIGURED
from server.errors import NotFound, RuleViolation, invalid
from server.infra.secrets import Sealer, sealer
from server.infra.tenancy import conn
from server.infra.types import Id, Name
from server.modules.core import service as core
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.platform.roles import SYSTEM, Actor, Role

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
CODE_TTL = dt.timedelta(days=7)
LANGUAGES = ("zh-CN", "en")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _loaded(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


# --- link codes and linked accounts -----------------------------------------------


class LinkCodeIn(msgspec.Struct, forbid_unknown_fields=True):
    member_id: Id


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


LINK_COLUMNS = "telegram_user_id, chat_id, member_id, language, telegram_language"


def _link(row: Mapping[str, Any]) -> LinkOut:
    return LinkOut(
        telegram_user_id=row["telegram_user_id"],
        chat_id=row["chat_id"],
        member_id=row["member_id"],
        language=row["language"],
        telegram_language=row["telegram_language"],
    )


async def issue_link_code(data: LinkCodeIn, actor: Actor) -> LinkCodeOut:
    """The worker's union issues a one-time code; the worker sends it to the bot."""
    try:
        member = await orgs.get_member(data.member_id)
    except NotFound:
        raise invalid("member_id", NO_SUCH_MEMBER, member=data.member_id) from None
    await access.check_org_visible(actor, member.org_id)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = _now() + CODE_TTL
    await conn().execute(
        "INSERT INTO bot_link_code (code_hash, member_id, issued_by, expires_at) VALUES ($1, $2, $3, $4)",
        _hash(code),
        member.id,
        actor.name,
        expires_at,
    )
    await core.record("bot.link_code.issued", f"member {member.id}", {}, actor)
    return LinkCodeOut(code=code, member_id=member.id, expires_at=expires_at)


async def redeem_link_code(
    code: str, *, telegram_user_id: int, chat_id: int, telegram_language: str | None = None
) -> LinkOut:
    """Link a Telegram account to the member the code was issued for; the code is spent. Links change
    one at a time in a tenant (a transaction-scoped advisory lock): two codes of one member, or two
    members' codes sent by one account, redeemed at once both replaced the old link (none), and the
    later insert broke the one-account-per-member rule (a unique violation the bot could not explain)."""
    now = _now()
    await conn().execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':bot_telegram_link'))")
    member_id = await conn().fetchval(
        """UPDATE bot_link_code SET used_at = $2
            WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING member_id""",
        _hash(normalise_code(code)),
        now,
    )
    # A code of a member deleted since links nobody. The member's key is held until the link
    # commits: a delete racing it waits, then takes the link with it (its ON DELETE CASCADE key).
    if (
        member_id is None
        or await conn().fetchval("SELECT 1 FROM member WHERE id = $1 FOR KEY SHARE", member_id) is None
    ):
        raise RuleViolation(LINK_CODE_INVALID)
    # One account per member and one member per account: a new link replaces old ones.
    await conn().execute(
        "DELETE FROM bot_telegram_link WHERE telegram_user_id = $1 OR member_id = $2", telegram_user_id, member_id
    )
    await conn().execute(
        """INSERT INTO bot_telegram_link (telegram_user_id, chat_id, member_id, telegram_language, linked_at)
           VALUES ($1, $2, $3, $4, $5)""",
        telegram_user_id,
        chat_id,
        member_id,
        language_tag(telegram_language),
        now,
    )
    await core.record("bot.telegram.linked", f"member {member_id}", {})
    return LinkOut(
        telegram_user_id=telegram_user_id,
        chat_id=chat_id,
        member_id=member_id,
        language=None,
        telegram_language=language_tag(telegram_language),
    )


async def get_link(telegram_user_id: int) -> LinkOut | None:
    row = await conn().fetchrow(
        f"SELECT {LINK_COLUMNS} FROM bot_telegram_link WHERE telegram_user_id = $1", telegram_user_id
    )
    return _link(row) if row else None


async def links_for_members(member_ids: list[int]) -> dict[int, LinkOut]:
    if not member_ids:
        return {}
    rows = await conn().fetch(
        f"SELECT {LINK_COLUMNS} FROM bot_telegram_link WHERE member_id = ANY($1::int[])", list(member_ids)
    )
    return {r["member_id"]: _link(r) for r in rows}


async def linked_member_ids() -> list[int]:
    return [r["member_id"] for r in await conn().fetch("SELECT member_id FROM bot_telegram_link ORDER BY member_id")]


async def set_language(telegram_user_id: int, language: str) -> None:
    if language not in LANGUAGES:
        raise invalid("language", shared.ONE_OF, choices=", ".join(LANGUAGES))
    await conn().execute(
        "UPDATE bot_telegram_link SET language = $2 WHERE telegram_user_id = $1", telegram_user_id, language
    )


# An IETF language tag as Telegram passes it on ("en", "zh-hans", "pt-br"), within the column.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def language_tag(code: str | None) -> str | None:
    """The Telegram language code to keep, or None: Telegram passes on what a client declares, and
    one past the column's 16 characters (or holding a NUL) made linking, and every later update of
    that worker, fail in the database."""
    return code if code and len(code) <= 16 and _LANGUAGE_TAG.fullmatch(code) else None


async def seen_language(telegram_user_id: int, telegram_language: str | None) -> None:
    """Keep the user's Telegram language current (used when no /lang choice was made)."""
    await conn().execute(
        "UPDATE bot_telegram_link SET telegram_language = $2 WHERE telegram_user_id = $1",
        telegram_user_id,
        language_tag(telegram_language),
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
    token: Name  # Telegram's are about 46 characters (`123456:ABC…`); Telegram itself judges them
    webhook: bool = True  # register the webhook with Telegram (False: polling mode)


class BotConfigOut(msgspec.Struct):
    configured: bool
    username: str = ""
    token_hint: str = ""  # "123456:…wxyz": the token itself is never shown back
    updated_at: dt.datetime | None = None


# BotFather's shape: the bot's id (ASCII digits, at most 15), a colon, then a secret of URL-safe
# characters. The token goes into the Bot API's URL, so nothing else may reach Telegram (a `/`,
# `?` or `%` would call another URL); 116 characters in all keeps the sealed token within its column.
TOKEN_SHAPE = re.compile(r"[0-9]{1,15}:[A-Za-z0-9_-]{10,}")


def check_token_shape(token: str) -> str:
    """The token, stripped, when it has a bot token's shape; a field error naming `token` otherwise.
    Checked before any call to Telegram."""
    token = token.strip()
    if not TOKEN_SHAPE.fullmatch(token) or len(token) > 116:
        raise invalid("token", NOT_A_TOKEN)
    return token


def _hint(token: str) -> str:
    head, _, tail = token.partition(":")
    return f"{head}:…{tail[-4:]}"


def _sealer() -> Sealer:
    # The token controls the bot (whoever has it can message every linked worker): sealed at rest.
    return sealer("bot-token")


def secret_sealer() -> Sealer:
    # The webhook secret lets its holder post updates as Telegram (as any linked worker): sealed too.
    return sealer("bot-webhook-secret")


async def set_bot_config(data: BotConfigIn, actor: Actor = SYSTEM, *, username: str = "") -> BotConfigOut:
    token = check_token_shape(data.token)
    existing = await conn().fetchrow("SELECT token, webhook_secret FROM bot_config WHERE singleton FOR UPDATE")
    # A new token gets a new webhook secret; the same token keeps it.
    same = existing is not None and _sealer().open_text(existing["token"]) == token
    secret = (
        existing["webhook_secret"]
        if existing is not None and same
        else secret_sealer().seal_text(secrets.token_urlsafe(32))
    )
    await conn().execute(
        """INSERT INTO bot_config (singleton, token, webhook_secret, username, updated_at)
           VALUES (true, $1, $2, $3, $4)
           ON CONFLICT (singleton) DO UPDATE
              SET token = excluded.token, webhook_secret = excluded.webhook_secret,
                  username = excluded.username, updated_at = excluded.updated_at""",
        _sealer().seal_text(token),
        secret,
        username,
        _now(),
    )
    await core.record("bot.configured", username or _hint(token), {}, actor)
    return await get_bot_config()


async def get_bot_config() -> BotConfigOut:
    row = await conn().fetchrow("SELECT token, username, updated_at FROM bot_config WHERE singleton")
    if row is None:
        return BotConfigOut(configured=False)
    return BotConfigOut(
        configured=True,
        username=row["username"],
        token_hint=_hint(_sealer().open_text(row["token"])),
        updated_at=row["updated_at"],
    )


async def is_configured() -> bool:
    return bool(await conn().fetchval("SELECT 1 FROM bot_config WHERE singleton"))


async def bot_token() -> str:
    token = await conn().fetchval("SELECT token FROM bot_config WHERE singleton")
    if token is None:
        raise NotFound(NOT_CONFIGURED)
    return _sealer().open_text(token)


async def webhook_secret() -> str:
    secret = await conn().fetchval("SELECT webhook_secret FROM bot_config WHERE singleton")
    if secret is None:
        raise NotFound(NOT_CONFIGURED)
    return secret_sealer().open_text(secret)


async def secret_matches(given: str | None) -> bool:
    stored = await conn().fetchval("SELECT webhook_secret FROM bot_config WHERE singleton")
    if not stored or not given:
        return False
    return hmac.compare_digest(secret_sealer().open_text(stored).encode(), given.encode())


# --- updates, conversation state ---------------------------------------------------


async def first_time(update_id: int) -> bool:
    """Record an update id; False when it was seen before (Telegram redelivers)."""
    return bool(
        await conn().fetchval(
            "INSERT INTO bot_update (update_id, received_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING "
            "RETURNING id",
            update_id,
            _now(),
        )
    )


async def lock_chat(key: str) -> None:
    """Serialise the updates of one chat until the transaction ends."""
    await conn().execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"saishang:tg:{key}")


async def prune_updates(older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Telegram redelivers for a day at most; older update ids need not be kept."""
    rows = await conn().fetch("DELETE FROM bot_update WHERE received_at < $1 RETURNING id", _now() - older_than)
    return len(rows)


async def get_state(key: str) -> tuple[str | None, dict[str, Any]]:
    row = await conn().fetchrow("SELECT state, data FROM bot_state WHERE key = $1", key)
    return (row["state"], _loaded(row["data"]) or {}) if row else (None, {})


_KEEP = object()


async def put_state(key: str, *, state: str | None | object = _KEEP, data: dict[str, Any] | None = None) -> None:
    """Set the chat's state, its data, or both (what is not given is kept)."""
    keep_state = state is _KEEP
    await conn().execute(
        """INSERT INTO bot_state (key, state, data, updated_at) VALUES ($1, $2, coalesce($3::jsonb, '{}'), $4)
           ON CONFLICT (key) DO UPDATE
              SET state = CASE WHEN $5 THEN bot_state.state ELSE excluded.state END,
                  data = coalesce($3::jsonb, bot_state.data),
                  updated_at = excluded.updated_at""",
        key,
        None if keep_state else state,
        None if data is None else _json(data),
        _now(),
        keep_state,
    )


# --- the outbox --------------------------------------------------------------------


class OutMessage(msgspec.Struct):
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int


OUT_COLUMNS = "id, chat_id, method, payload, attempts"


def _out(r: Mapping[str, Any]) -> OutMessage:
    return OutMessage(
        id=r["id"], chat_id=r["chat_id"], method=r["method"], payload=_loaded(r["payload"]), attempts=r["attempts"]
    )


async def enqueue(chat_id: int, method: str, payload: dict[str, Any], *, key: str | None = None) -> int | None:
    """Queue one Bot API call; None when a call with this key was queued before."""
    return await conn().fetchval(
        """INSERT INTO bot_message (key, chat_id, method, payload, status, attempts, last_error, created_at)
           VALUES ($1, $2, $3, $4::jsonb, 'queued', 0, '', $5)
           ON CONFLICT (key) DO NOTHING RETURNING id""",
        key,
        chat_id,
        method,
        _json(payload),
        _now(),
    )


BUSY = "busy"  # `claim`: the chat's oldest call is in another job's hands; this one waits its turn


async def claim(message_id: int) -> OutMessage | None | str:
    """Lock the call to send for this job: a callback answer is sent as itself; other calls
    to a chat go oldest first, so a chat reads its messages in order. None: nothing left to
    send; `BUSY`: the chat's oldest call is being sent by another job (skipping past it to a
    newer one would put the chat's messages out of order), so try again shortly."""
    own = await conn().fetchrow("SELECT chat_id, method, status FROM bot_message WHERE id = $1", message_id)
    if own is None:
        return None
    if own["method"] == "answerCallbackQuery":
        row = await conn().fetchrow(
            f"SELECT {OUT_COLUMNS} FROM bot_message WHERE id = $1 AND status = 'queued' FOR UPDATE SKIP LOCKED",
            message_id,
        )
        return _out(row) if row else None
    row = await conn().fetchrow(
        f"""SELECT {OUT_COLUMNS} FROM bot_message
             WHERE id = (SELECT min(id) FROM bot_message
                          WHERE chat_id = $1 AND status = 'queued' AND method <> 'answerCallbackQuery')
               AND status = 'queued'
             FOR UPDATE SKIP LOCKED""",
        own["chat_id"],
    )
    if row:
        return _out(row)
    return BUSY if own["status"] == "queued" else None


async def queued_ahead(message_id: int) -> int:
    """How many calls to the same chat wait to go out before this one (callback answers aside)."""
    return (
        await conn().fetchval(
            """SELECT count(*) FROM bot_message o JOIN bot_message m ON m.id = $1
                WHERE o.chat_id = m.chat_id AND o.id < m.id AND o.status = 'queued'
                  AND o.method <> 'answerCallbackQuery'""",
            message_id,
        )
        or 0
    )


async def mark_sent(message_id: int) -> None:
    await conn().execute(
        "UPDATE bot_message SET status = 'sent', sent_at = $2, attempted_at = $2, attempts = attempts + 1 WHERE id = $1",
        message_id,
        _now(),
    )


async def note_attempt(message_id: int, error: str, *, failed: bool = False) -> None:
    await conn().execute(
        """UPDATE bot_message SET attempts = attempts + 1, last_error = $2, attempted_at = $4,
                  status = CASE WHEN $3 THEN 'failed' ELSE status END
            WHERE id = $1""",
        message_id,
        error[:1000],
        failed,
        _now(),
    )


async def queued_messages(*, older_than: dt.timedelta = dt.timedelta(0), limit: int = 500) -> list[OutMessage]:
    rows = await conn().fetch(
        f"SELECT {OUT_COLUMNS} FROM bot_message WHERE status = 'queued' AND created_at <= $1 ORDER BY id LIMIT $2",
        _now() - older_than,
        limit,
    )
    return [_out(r) for r in rows]


# --- health ------------------------------------------------------------------------

STUCK_AFTER = dt.timedelta(minutes=2)  # a call queued longer: nothing is sending (no worker?)


class OutboxHealth(msgspec.Struct):
    """One tenant's outbox as the health screen shows it. `failing`: sending does not work now
    (a queued call's tries fail, a call waits longer than `STUCK_AFTER`, or the newest call
    Telegram answered was refused and nothing went out since)."""

    tenant: str
    queued: int
    failed: int
    oldest_queued_at: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    failing: bool = False


async def outbox_health(tenant: str) -> OutboxHealth:
    row = await conn().fetchrow(
        """SELECT count(*) FILTER (WHERE status = 'queued') AS queued,
                  count(*) FILTER (WHERE status = 'failed') AS failed,
                  min(created_at) FILTER (WHERE status = 'queued') AS oldest_queued_at,
                  bool_or(status = 'queued' AND last_error <> '') AS retrying,
                  max(id) FILTER (WHERE status = 'failed') AS last_failed,
                  max(id) FILTER (WHERE status = 'sent') AS last_sent
             FROM bot_message WHERE status IN ('queued', 'failed', 'sent')"""
    )
    error = await conn().fetchrow(
        """SELECT last_error, attempted_at FROM bot_message
            WHERE last_error <> '' ORDER BY attempted_at DESC NULLS LAST, id DESC LIMIT 1"""
    )
    oldest = row["oldest_queued_at"]
    failing = bool(
        row["retrying"]
        or (oldest is not None and _now() - oldest > STUCK_AFTER)
        or (row["last_failed"] is not None and row["last_failed"] > (row["last_sent"] or 0))
    )
    return OutboxHealth(
        tenant=tenant,
        queued=row["queued"],
        failed=row["failed"],
        oldest_queued_at=oldest,
        last_error=error["last_error"] if error else "",
        last_error_at=error["attempted_at"] if error else None,
        failing=failing,
    )
