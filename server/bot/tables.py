"""What the workers' bot keeps in each tenant's schema: the bot's token and webhook secret,
the link between a Telegram account and a member, one-time link codes, the update ids already
handled, conversation state, and the outbox of Bot API calls.

These were voice's tables until the bot became the platform's channel (issue 12); the `bot`
app's first migration renamed them in place, so every tenant kept its links and its outbox.
"""

from piccolo.columns import JSONB, BigInt, Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class LinkCode(Table, tablename="bot_link_code"):
    """A one-time code a union issues so a worker can link their Telegram account."""

    id = Serial(primary_key=True)
    code_hash = Varchar(length=64, unique=True)
    member_id = Integer(index=True)
    issued_by = Varchar(length=200, default="system")
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class TelegramLink(Table, tablename="bot_telegram_link"):
    """A worker's Telegram account linked to their member record."""

    id = Serial(primary_key=True)
    telegram_user_id = BigInt(unique=True)
    chat_id = BigInt()
    member_id = Integer(unique=True)
    language = Varchar(length=8, null=True, default=None)  # /lang override; None = Telegram's
    telegram_language = Varchar(length=16, null=True, default=None)  # the user's Telegram language_code
    linked_at = Timestamptz(default=TimestamptzNow())


class BotConfig(Table, tablename="bot_config"):
    """The tenant's bot: its token (never shown back in full) and webhook secret, both sealed at rest."""

    id = Serial(primary_key=True)
    singleton = Boolean(default=True, unique=True)
    token = Varchar(length=200)
    webhook_secret = Varchar(length=200)  # sealed too (issue 13)
    username = Varchar(length=100, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class BotUpdate(Table, tablename="bot_update"):
    """Update ids already processed: the same update twice is processed once."""

    id = Serial(primary_key=True)
    update_id = BigInt(unique=True)
    received_at = Timestamptz(default=TimestamptzNow())


class BotChatState(Table, tablename="bot_state"):
    """The bot's conversation state per chat (aiogram FSM), kept in PostgreSQL so it
    survives restarts and is shared by several API processes."""

    id = Serial(primary_key=True)
    key = Varchar(length=120, unique=True)
    state = Varchar(length=120, null=True, default=None)
    data = JSONB(default={})
    updated_at = Timestamptz(default=TimestamptzNow())


class BotMessage(Table, tablename="bot_message"):
    """The outbox of Bot API calls; an arq job sends each one within Telegram's limits."""

    id = Serial(primary_key=True)
    key = Varchar(length=120, unique=True, null=True, default=None)
    chat_id = BigInt(index=True)
    method = Varchar(length=32)  # sendMessage, editMessageText, answerCallbackQuery
    payload = JSONB(default={})
    status = Varchar(length=16, default="queued", index=True)  # queued, sent, failed
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    attempted_at = Timestamptz(null=True, default=None)  # the last try (with `last_error`: health shows it)


TABLES = [LinkCode, TelegramLink, BotConfig, BotUpdate, BotChatState, BotMessage]
# The names these tables had as voice's (see server/migrations/bot/).
VOICE_NAMES = {
    "bot_link_code": "voice_link_code",
    "bot_telegram_link": "voice_telegram_link",
    "bot_config": "voice_bot_config",
    "bot_update": "voice_bot_update",
    "bot_state": "voice_bot_state",
    "bot_message": "voice_bot_message",
}
