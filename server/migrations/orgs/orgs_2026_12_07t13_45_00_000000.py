"""Member search served by indexes. A name is searched for a part of it (`ILIKE '%…%'`), and
Chinese names are two or three characters: pg_trgm finds no trigram in a two-character term. So
a name is indexed by its characters (GIN on `string_to_array(lower(name), NULL)`: built-in C
functions, cheap for a bulk import to maintain); a search asks for the names holding every
character of the term, and ILIKE confirms. Phones are searched by prefix (btree, pattern ops: the
cluster's collation is not C), the ID number's last four by an expression index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T13:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orgs: indexes for member search by name, phone prefix and ID number's last four"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orgs", description=DESCRIPTION)

    manager.add_raw(
        run_sql(
            [
                "CREATE INDEX member_name_chars ON member USING gin (string_to_array(lower(name), NULL))",
                "CREATE INDEX member_phone_prefix ON member (phone varchar_pattern_ops)",
                "CREATE INDEX member_id_last4 ON member (right(id_masked, 4))",
            ]
        )
    )
    return manager
