from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-07T11:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "seal the webhook secret at rest"

# Issue 13: the webhook secret lets whoever holds it post updates as Telegram, so it is sealed
# like the bot token (`server.bot.store.secret_sealer`). The column grows to hold the sealed
# text, and every secret stored in the clear is sealed in place (Telegram keeps sending the
# same secret: nothing to register again).


async def seal_stored_secrets() -> None:
    from piccolo.engine import engine_finder

    from server.bot.store import secret_sealer

    engine = engine_finder()
    # Raw steps run before the column changes below: widen it first (a sealed secret is ~103 characters).
    await engine.run_ddl('ALTER TABLE "bot_config" ALTER COLUMN "webhook_secret" TYPE VARCHAR(200)')
    rows = await engine.run_ddl(
        "SELECT id, webhook_secret FROM bot_config WHERE webhook_secret <> '' AND webhook_secret NOT LIKE 'sealed:%'"
    )
    for row in rows or []:
        sealed = secret_sealer().seal_text(row["webhook_secret"])  # "sealed:" and base64: nothing to quote
        await engine.run_ddl(f"UPDATE bot_config SET webhook_secret = '{sealed}' WHERE id = {int(row['id'])}")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="bot", description=DESCRIPTION)
    manager.add_raw(seal_stored_secrets)

    manager.alter_column(
        table_class_name="BotConfig",
        tablename="bot_config",
        column_name="webhook_secret",
        db_column_name="webhook_secret",
        params={"length": 200},
        old_params={"length": 64},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
