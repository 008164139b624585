"""The token check a tenant read sends with its BEGIN (2026-12-08T01:30:00).

`platform.entry_stamp` is a fingerprint (SHA-256: a FIPS build of PostgreSQL refuses md5) of what
a token says about its caller: the token row, its account and the tenant asked for (none: NULL).
The API reads it with the token the first time a process sees that token for that tenant, and
keeps the answer; on the next read of that tenant it sends `BEGIN; SET LOCAL search_path …; SELECT platform.entry_check(hash, tenant, stamp)` in one
round trip. The check raises (SQLSTATE `SSENT`) unless the token is still there, unrevoked and
unexpired and nothing of the three rows changed since: a revocation, an expiry, a role, a tenant
switched off or a module turned off is seen by the very next request, in every process, as before.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-08T01:30:00:lead-entry-check"
VERSION = "1.38.0"
DESCRIPTION = "platform_entry_check"

STATEMENTS = [
    """CREATE FUNCTION platform.entry_stamp(k platform.api_token, a platform.account, t platform.tenant)
       RETURNS text LANGUAGE sql STABLE
       AS $$ SELECT encode(sha256(convert_to(row(k, a, t)::text, 'UTF8')), 'hex') $$""",
    """CREATE FUNCTION platform.entry_check(token_hash text, tenant text, stamp text) RETURNS void
       LANGUAGE plpgsql STABLE AS $$
    BEGIN
      PERFORM 1
         FROM platform.api_token k
         JOIN platform.account a ON a.id = k.account
         LEFT JOIN platform.tenant t ON t.slug = entry_check.tenant
        WHERE k.token_hash = entry_check.token_hash
          AND k.revoked_at IS NULL
          AND (k.expires_at IS NULL OR k.expires_at > now())
          AND platform.entry_stamp(k, a, t) = entry_check.stamp;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'the token or its tenant changed' USING ERRCODE = 'SSENT';
      END IF;
    END $$""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="platform", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
