"""The rules the database enforces itself, whatever the Python above it does.

- Two slots of the same role in one area never overlap: an exclusion constraint on
  (area_id, role, daterange(starts_on, ends_on, '[]')) with btree_gist, so a slot written
  directly to the table, or two rosters that race, are refused by PostgreSQL.
- A platform is never booked twice at once: an exclusion constraint on
  (platform_id, tstzrange(starts_at, ends_at)); a cancelled booking frees its time.
- A reminder and a flag are sent once per slot; a member is on an activity's roster once;
  one roster per area and year; one plan per slot and month; counts are never negative;
  dates run forwards.

btree_gist is created in `public` once per database (see skills' rules migration).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T11:20:22:000000"
VERSION = "1.38.0"
DESCRIPTION = "rotation_rules"

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public",
    "ALTER TABLE rot_slot ADD CONSTRAINT rot_slot_no_overlap EXCLUDE USING gist "
    "(area_id WITH =, role WITH =, daterange(starts_on, ends_on, '[]') WITH &&)",
    "ALTER TABLE rot_slot ADD CONSTRAINT rot_slot_forwards CHECK (ends_on >= starts_on)",
    "ALTER TABLE rot_slot ADD CONSTRAINT rot_slot_role CHECK (role IN ('chair','vice_chair'))",
    "ALTER TABLE rot_slot ADD CONSTRAINT rot_slot_area_fk FOREIGN KEY (area_id) REFERENCES rot_area (id) "
    "ON DELETE CASCADE",
    "ALTER TABLE rot_chair ADD CONSTRAINT rot_chair_role CHECK (role IN ('chair','vice_chair'))",
    "CREATE UNIQUE INDEX rot_chair_once ON rot_chair (area_id, role, org_id) WHERE active",
    "ALTER TABLE rot_roster ADD CONSTRAINT rot_roster_once UNIQUE (area_id, year)",
    "ALTER TABLE rot_roster ADD CONSTRAINT rot_roster_forwards CHECK (ends_on >= starts_on)",
    "ALTER TABLE rot_roster ADD CONSTRAINT rot_roster_state CHECK (state IN ('draft','published'))",
    "ALTER TABLE rot_platform ADD CONSTRAINT rot_platform_once UNIQUE (area_id, name)",
    "ALTER TABLE rot_booking ADD CONSTRAINT rot_booking_free EXCLUDE USING gist "
    "(platform_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (state = 'booked')",
    "ALTER TABLE rot_booking ADD CONSTRAINT rot_booking_forwards CHECK (ends_at > starts_at)",
    "ALTER TABLE rot_booking ADD CONSTRAINT rot_booking_state CHECK (state IN ('booked','cancelled'))",
    "ALTER TABLE rot_work_plan ADD CONSTRAINT rot_work_plan_once UNIQUE (slot_id, month)",
    "ALTER TABLE rot_meeting ADD CONSTRAINT rot_meeting_attendance CHECK (attendance >= 0)",
    "ALTER TABLE rot_theme ADD CONSTRAINT rot_theme_once UNIQUE (area_id, year, title)",
    "ALTER TABLE rot_activity ADD CONSTRAINT rot_activity_heads CHECK (head_count IS NULL OR head_count >= 0)",
    "ALTER TABLE rot_activity ADD CONSTRAINT rot_activity_kind CHECK (kind IN "
    "('cultural','training','volunteer','tutoring','skills_contest','health_talk','warmth','coolness'))",
    "CREATE INDEX rot_activity_area_day ON rot_activity (area_id, held_on)",
    "ALTER TABLE rot_participant ADD CONSTRAINT rot_participant_once UNIQUE (activity_id, member_id)",
    "ALTER TABLE rot_slot_notice ADD CONSTRAINT rot_slot_notice_once UNIQUE (slot_id, kind)",
    "ALTER TABLE rot_slot_notice ADD CONSTRAINT rot_slot_notice_kind CHECK (kind IN ('reminded','flagged'))",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="rotation", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
