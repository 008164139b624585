"""Member search served by indexes. A name is searched for a part of it (`ILIKE '%…%'`), and
Chinese names are two or three characters: pg_trgm finds no trigram in a two-character term, so
names are indexed by every one- and two-character piece of them (GIN on `member_name_grams`); a
term of three characters or more asks for all its two-character pieces, then ILIKE confirms.
Phones are searched by prefix (btree, pattern ops: the cluster's collation is not C), the ID
number's last four by an expression index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T13:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orgs: indexes for member search by name, phone prefix and ID number's last four"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orgs", description=DESCRIPTION)

    async def search_indexes():
        from server.infra.db import DB

        for sql in (
            """CREATE FUNCTION member_name_grams(name text) RETURNS text[]
               LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                 SELECT coalesce(array_agg(DISTINCT substr(lower(name), i, n)), '{}')
                   FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS k(n)
                  WHERE i + n - 1 <= char_length(name)
               $$""",
            "CREATE INDEX member_name_grams ON member USING gin (member_name_grams(name))",
            "CREATE INDEX member_phone_prefix ON member (phone varchar_pattern_ops)",
            "CREATE INDEX member_id_last4 ON member (right(id_masked, 4))",
        ):
            await DB.run_ddl(sql)

    manager.add_raw(search_indexes)
    return manager
