"""The bot's link of a Telegram account goes with its member (ON DELETE CASCADE; links to members
deleted before are removed): server.infra.migrate.add_member_refs."""

from functools import partial

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import add_member_refs

ID = "2026-12-08T01:10:00:botlink-memberrefs-bot"
VERSION = "1.38.0"
DESCRIPTION = "bot_member_refs"

# A link is no record of the member (deleting a member is refused only for records): deleting the
# member unlinks their Telegram account, which then hears "not linked" like any stranger.
MEMBER_COLUMNS = [("bot_telegram_link", "member_id")]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bot", description=DESCRIPTION)
    manager.add_raw(partial(add_member_refs, "bot", MEMBER_COLUMNS, on_delete="CASCADE"))
    return manager
