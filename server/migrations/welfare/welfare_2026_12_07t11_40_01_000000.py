"""Seal the bank account numbers stored in plain text before sealing began (hardship files,
relief applications, payouts). Running it again changes nothing."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T11:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "welfare_seal_bank_accounts"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)

    async def run():
        from server.infra.db import DB
        from server.modules.welfare.accounts import seal_stored

        transaction = DB.current_transaction.get()
        await seal_stored(transaction.connection)  # inside the tenant's schema (search_path)

    manager.add_raw(run)
    return manager
