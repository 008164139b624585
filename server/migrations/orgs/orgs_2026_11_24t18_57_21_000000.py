"""Rules the database keeps that Piccolo columns cannot say: partial and composite
unique indexes (one open link per org, one open placement per member) and checks."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-11-24T18:57:21:000000"
VERSION = "1.38.0"
DESCRIPTION = "orgs: constraints and indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="orgs", description=DESCRIPTION)

    manager.add_raw(
        run_sql(
            [
                "CREATE UNIQUE INDEX org_link_one_open ON org_link (org_id) WHERE valid_to IS NULL",
                "CREATE INDEX org_link_dates ON org_link (parent_id, valid_from, valid_to)",
                "CREATE UNIQUE INDEX placement_one_open ON placement (member_id) WHERE valid_to IS NULL",
                "CREATE INDEX placement_dates ON placement (org_id, valid_from, valid_to)",
                "CREATE UNIQUE INDEX plan_org_ref ON plan_org (plan_id, ref)",
                "CREATE UNIQUE INDEX plan_move_org ON plan_move (plan_id, org_id)",
                "CREATE INDEX member_open ON member (org_id) WHERE left_on IS NULL",
                "ALTER TABLE org ADD CONSTRAINT org_type_known CHECK (type IN ('city_federation', "
                "'county_federation', 'zone_federation', 'industry_union', 'joint_union', 'enterprise_union'))",
                "ALTER TABLE member ADD CONSTRAINT member_level_range CHECK (level BETWEEN 1 AND 5)",
                "ALTER TABLE member ADD CONSTRAINT member_gender CHECK (gender IN ('M', 'F'))",
                "ALTER TABLE org_link ADD CONSTRAINT org_link_dates_ordered CHECK (valid_to IS NULL OR valid_to >= valid_from)",
                "ALTER TABLE placement ADD CONSTRAINT placement_dates_ordered CHECK (valid_to IS NULL OR valid_to >= valid_from)",
            ]
        )
    )
    return manager
