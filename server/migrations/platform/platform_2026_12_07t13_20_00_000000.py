"""The adoption history: every switch of a module for a tenant, on or off, with when and who.
Tenants that exist already get one switch-on row per module they have on, at their creation
(the earliest moment the platform knows of)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T13:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "platform_module_switch"

STATEMENTS = [
    """CREATE TABLE platform.module_switch (
        id serial PRIMARY KEY,
        tenant_slug varchar(32) NOT NULL,
        module varchar(64) NOT NULL,
        switched_on boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(200) NOT NULL DEFAULT 'system'
    )""",
    "CREATE INDEX module_switch_tenant_slug ON platform.module_switch (tenant_slug, module, id)",
    "CREATE INDEX module_switch_module ON platform.module_switch (module, id)",
    """INSERT INTO platform.module_switch (tenant_slug, module, switched_on, at, actor)
       SELECT t.slug, m.name, true, t.created_at, 'system'
         FROM platform.tenant t CROSS JOIN LATERAL jsonb_array_elements_text(t.modules) AS m(name)
        ORDER BY t.id""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="platform", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
