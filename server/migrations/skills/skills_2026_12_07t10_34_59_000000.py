"""The rules the database enforces itself, whatever the Python above it does.

- A trainer is never booked for two sessions whose times overlap: an exclusion constraint on
  (trainer_id, tstzrange(starts_at, ends_at)) with btree_gist, so two bookings that race are
  refused by PostgreSQL, not by a check in Python. A cancelled session frees its time.
- A certificate, and an honour, is rewarded at most once: each is in one reward line at most.
- Levels are 1-5, money is never negative, head counts are positive, dates run forwards.

btree_gist is created in `public` once per database (an extension is per database, the
tenants' schemas find its operator classes whatever their search_path); on a managed
PostgreSQL the role running migrations must be allowed to create it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T10:34:59:000000"
VERSION = "1.38.0"
DESCRIPTION = "skills_rules"

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_trainer_free EXCLUDE USING gist "
    "(trainer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (trainer_id IS NOT NULL AND state <> 'cancelled')",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_forwards CHECK (ends_at > starts_at)",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_money CHECK (cost_fen >= 0)",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_heads CHECK (head_count IS NULL OR head_count >= 0)",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_state CHECK (state IN ('scheduled','cancelled'))",
    "ALTER TABLE skill_session ADD CONSTRAINT skill_session_mode CHECK (mode IN ('classroom','workplace'))",
    "CREATE INDEX skill_session_starts ON skill_session (starts_at)",
    "ALTER TABLE skill_attendance ADD CONSTRAINT skill_attendance_once UNIQUE (session_id, member_id)",
    "ALTER TABLE skill_attendance ADD CONSTRAINT skill_attendance_rating CHECK (rating IS NULL OR rating BETWEEN 1 AND 5)",
    "ALTER TABLE skill_course ADD CONSTRAINT skill_course_category "
    "CHECK (category IN ('general','skills','safety_law'))",
    "ALTER TABLE skill_course ADD CONSTRAINT skill_course_sane CHECK (hours > 0 AND price_fen >= 0)",
    "ALTER TABLE skill_project ADD CONSTRAINT skill_project_sane "
    "CHECK (budget_fen >= 0 AND expected_heads > 0 AND ends_on >= starts_on)",
    "ALTER TABLE skill_project ADD CONSTRAINT skill_project_state "
    "CHECK (state IN ('declared','approved','returned','rejected','running','completed'))",
    "ALTER TABLE skill_order_line ADD CONSTRAINT skill_order_line_heads CHECK (heads > 0)",
    "ALTER TABLE skill_drill ADD CONSTRAINT skill_drill_participants CHECK (participants > 0)",
    "CREATE INDEX skill_competition_entry_enterprise ON skill_competition_entry (enterprise)",
    "ALTER TABLE skill_competition_entry ADD CONSTRAINT skill_competition_entry_once UNIQUE (competition_id, enterprise)",
    "ALTER TABLE skill_competition_entry ADD CONSTRAINT skill_competition_entry_counts "
    "CHECK (participants >= 0 AND eligible >= participants)",
    "ALTER TABLE skill_competition ADD CONSTRAINT skill_competition_forwards CHECK (ends_on >= starts_on)",
    "ALTER TABLE skill_competition_result ADD CONSTRAINT skill_competition_result_once UNIQUE (competition_id, member_id)",
    "ALTER TABLE skill_certificate ADD CONSTRAINT skill_certificate_level CHECK (level BETWEEN 1 AND 5)",
    "ALTER TABLE skill_certificate ADD CONSTRAINT skill_certificate_route CHECK (route IN ('competition','exam'))",
    "CREATE INDEX skill_certificate_member ON skill_certificate (member_id, level)",
    "ALTER TABLE skill_reward_amount ADD CONSTRAINT skill_reward_amount_once UNIQUE (rule_id, level)",
    "ALTER TABLE skill_reward_amount ADD CONSTRAINT skill_reward_amount_sane "
    "CHECK (level BETWEEN 1 AND 5 AND amount_fen > 0)",
    "ALTER TABLE skill_honour ADD CONSTRAINT skill_honour_amount CHECK (amount_fen > 0)",
    "ALTER TABLE skill_reward_run ADD CONSTRAINT skill_reward_run_state CHECK (state IN ('preview','approved','cancelled'))",
    "ALTER TABLE skill_reward_run ADD CONSTRAINT skill_reward_run_one_batch UNIQUE (batch_id)",
    "ALTER TABLE skill_reward_line ADD CONSTRAINT skill_reward_line_certificate_fk "
    "FOREIGN KEY (certificate_id) REFERENCES skill_certificate (id) ON DELETE RESTRICT",
    "ALTER TABLE skill_reward_line ADD CONSTRAINT skill_reward_line_honour_fk "
    "FOREIGN KEY (honour_id) REFERENCES skill_honour (id) ON DELETE RESTRICT",
    "ALTER TABLE skill_reward_line ADD CONSTRAINT skill_reward_line_one_thing "
    "CHECK (num_nonnulls(certificate_id, honour_id) = 1)",
    "ALTER TABLE skill_reward_line ADD CONSTRAINT skill_reward_line_amount CHECK (amount_fen > 0)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="skills", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
