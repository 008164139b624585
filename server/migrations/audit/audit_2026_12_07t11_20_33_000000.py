"""The rules the database enforces itself, whatever the Python above it does.

- A standard code has each version number once; a union is audited once per plan; an indicator is
  scored once per audit; a deadline notice (reminder, escalation) is sent once per audit and due date.
- Money and counts are never negative; stages, grades and plan states are the known ones.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T11:20:33:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_rules"

STATEMENTS = [
    "ALTER TABLE audit_standard ADD CONSTRAINT audit_standard_version_once UNIQUE (code, version)",
    "ALTER TABLE audit_standard ADD CONSTRAINT audit_standard_version_sane CHECK (version >= 1)",
    "ALTER TABLE audit_plan ADD CONSTRAINT audit_plan_state CHECK (state IN ('draft','approved'))",
    "ALTER TABLE audit_case ADD CONSTRAINT audit_case_once UNIQUE (plan, org_id)",
    "ALTER TABLE audit_case ADD CONSTRAINT audit_case_stage "
    "CHECK (stage IN ('planned','noticed','fieldwork','scored','opinions','rectified','closed'))",
    "ALTER TABLE audit_case ADD CONSTRAINT audit_case_grade "
    "CHECK (grade IS NULL OR grade IN ('good','fairly_good','average','poor'))",
    "ALTER TABLE audit_case ADD CONSTRAINT audit_case_total CHECK (total_cp IS NULL OR total_cp BETWEEN 0 AND 10000)",
    "ALTER TABLE audit_case ADD CONSTRAINT audit_case_notice CHECK (fieldwork_on IS NULL OR fieldwork_on >= notice_on + 3)",
    "CREATE INDEX audit_case_stage_idx ON audit_case (stage, rectification_due)",
    "ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_sane CHECK (spending_fen >= 0 AND participants >= 0 "
    "AND results >= 0 AND commendations >= 0 AND certificates >= 0 AND chief_titles >= 0)",
    "ALTER TABLE audit_score ADD CONSTRAINT audit_score_once UNIQUE (audit, indicator)",
    "ALTER TABLE audit_score ADD CONSTRAINT audit_score_sane "
    "CHECK (base_cp >= 0 AND benefit_cp >= 0 AND bonus_cp >= 0 AND total_cp = base_cp + benefit_cp + bonus_cp)",
    "ALTER TABLE audit_deadline_notice ADD CONSTRAINT audit_deadline_notice_once UNIQUE (audit, kind, due)",
    "ALTER TABLE audit_deadline_notice ADD CONSTRAINT audit_deadline_notice_kind "
    "CHECK (kind IN ('reminder','escalation'))",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
