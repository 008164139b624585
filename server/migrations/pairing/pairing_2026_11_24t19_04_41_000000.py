"""Rules the database keeps that Piccolo columns cannot say: composite and partial
unique indexes (one candidacy per member and programme, one lock per apprentice,
one open proposal, one live agreement per apprentice) and checks."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-11-24T19:04:41:000000"
VERSION = "1.38.0"
DESCRIPTION = "pairing: constraints and indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="pairing", description=DESCRIPTION)

    manager.add_raw(
        run_sql(
            [
                "CREATE UNIQUE INDEX pairing_compatible_trade_pair ON pairing_compatible_trade (trade_a, trade_b)",
                "ALTER TABLE pairing_compatible_trade ADD CONSTRAINT pairing_compatible_trade_ordered "
                "CHECK (trade_a < trade_b)",
                "ALTER TABLE pairing_programme ADD CONSTRAINT pairing_programme_term CHECK (term_end >= term_start)",
                "ALTER TABLE pairing_programme ADD CONSTRAINT pairing_programme_numbers CHECK (target_pairs >= 0 "
                "AND default_capacity >= 0 AND min_level_gap BETWEEN 0 AND 5)",
                "CREATE UNIQUE INDEX pairing_candidate_member ON pairing_candidate (programme, member_id)",
                "ALTER TABLE pairing_candidate ADD CONSTRAINT pairing_candidate_role "
                "CHECK (role IN ('master', 'apprentice'))",
                "ALTER TABLE pairing_candidate ADD CONSTRAINT pairing_candidate_capacity "
                "CHECK (capacity IS NULL OR capacity >= 0)",
                "CREATE UNIQUE INDEX pairing_pair_rule_pair ON pairing_pair_rule "
                "(programme, master_member_id, apprentice_member_id)",
                "CREATE UNIQUE INDEX pairing_pair_rule_one_lock ON pairing_pair_rule (programme, apprentice_member_id) "
                "WHERE kind = 'lock'",
                "ALTER TABLE pairing_pair_rule ADD CONSTRAINT pairing_pair_rule_kind CHECK (kind IN ('lock', 'forbid'))",
                "CREATE UNIQUE INDEX pairing_proposal_one_open ON pairing_proposal (programme) WHERE status = 'open'",
                "ALTER TABLE pairing_proposal ADD CONSTRAINT pairing_proposal_status "
                "CHECK (status IN ('open', 'accepted', 'superseded'))",
                "CREATE UNIQUE INDEX pairing_agreement_one_live ON pairing_agreement (programme, apprentice_member_id) "
                "WHERE status <> 'ended_early'",
                "ALTER TABLE pairing_agreement ADD CONSTRAINT pairing_agreement_status "
                "CHECK (status IN ('active', 'completed', 'ended_early'))",
                "ALTER TABLE pairing_agreement ADD CONSTRAINT pairing_agreement_term CHECK (term_end >= term_start)",
                "ALTER TABLE pairing_agreement ADD CONSTRAINT pairing_agreement_levels "
                "CHECK ((level_before IS NULL OR level_before BETWEEN 1 AND 5) "
                "AND (level_after IS NULL OR level_after BETWEEN 1 AND 5))",
            ]
        )
    )
    return manager
