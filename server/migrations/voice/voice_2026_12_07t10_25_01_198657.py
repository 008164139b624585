from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T10:25:01:198657"
VERSION = "1.38.0"
DESCRIPTION = "the bot tables moved to the bot app"

# The bot's tables left voice for the bot channel (issue 12): the `bot` app's first migration
# renames them in place, keeping their rows. Here they only leave voice's table snapshot: the
# drops below are what Piccolo's auto migrations read, and running this migration drops nothing.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voice", description=DESCRIPTION)

    def keep_the_tables() -> None:
        manager.drop_tables = []

    manager.add_raw(keep_the_tables)

    manager.drop_table(class_name="LinkCode", tablename="voice_link_code", schema=None)

    manager.drop_table(class_name="BotConfig", tablename="voice_bot_config", schema=None)

    manager.drop_table(class_name="TelegramLink", tablename="voice_telegram_link", schema=None)

    manager.drop_table(class_name="BotMessage", tablename="voice_bot_message", schema=None)

    manager.drop_table(class_name="BotUpdate", tablename="voice_bot_update", schema=None)

    manager.drop_table(class_name="BotChatState", tablename="voice_bot_state", schema=None)

    return manager
