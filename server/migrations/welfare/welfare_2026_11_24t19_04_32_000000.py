"""The money rules the database enforces itself, whatever the Python above it does.

- A payout's amount is positive; its reference, amount, batch and beneficiary never change;
  paid and failed are final; payouts are never deleted.
- One payout per (batch, beneficiary); one batch per source (so one per campaign).
- A batch's total is kept by a statement trigger from the payouts inserted, and a CHECK
  keeps it within the budget: an over-budget insert fails as a whole.
- One open (pending or active) hardship file per member; one application per member per campaign.
"""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-11-24T19:04:32:000000"
VERSION = "1.38.0"
DESCRIPTION = "welfare_ledger_rules"

STATEMENTS = [
    "ALTER TABLE payout ADD CONSTRAINT payout_batch_fk FOREIGN KEY (batch) REFERENCES payout_batch (id) ON DELETE RESTRICT",
    "ALTER TABLE payout_outbox ADD CONSTRAINT payout_outbox_batch_fk FOREIGN KEY (batch) REFERENCES payout_batch (id) ON DELETE RESTRICT",
    "ALTER TABLE payout_reconciliation ADD CONSTRAINT payout_reconciliation_batch_fk FOREIGN KEY (batch) REFERENCES payout_batch (id) ON DELETE RESTRICT",
    "ALTER TABLE relief_application ADD CONSTRAINT relief_application_campaign_fk FOREIGN KEY (campaign) REFERENCES relief_campaign (id) ON DELETE RESTRICT",
    "ALTER TABLE relief_campaign ADD CONSTRAINT relief_campaign_batch_fk FOREIGN KEY (batch_id) REFERENCES payout_batch (id) ON DELETE RESTRICT",
    "ALTER TABLE payout ADD CONSTRAINT payout_amount_positive CHECK (amount_fen > 0)",
    "ALTER TABLE payout ADD CONSTRAINT payout_state_known CHECK (state IN ('pending','sending','unknown','paid','failed'))",
    "ALTER TABLE payout ADD CONSTRAINT payout_one_per_beneficiary UNIQUE (batch, beneficiary)",
    "CREATE INDEX payout_open ON payout (batch, id) WHERE state IN ('pending','sending','unknown')",
    "CREATE INDEX payout_batch_state ON payout (batch, state)",
    "ALTER TABLE payout_batch ADD CONSTRAINT payout_batch_budget_positive CHECK (budget_fen > 0)",
    "ALTER TABLE payout_batch ADD CONSTRAINT payout_batch_within_budget CHECK (total_fen <= budget_fen)",
    "ALTER TABLE relief_campaign ADD CONSTRAINT campaign_budget_positive CHECK (budget_fen > 0)",
    "ALTER TABLE relief_campaign ADD CONSTRAINT campaign_one_batch UNIQUE (batch_id)",
    "ALTER TABLE relief_application ADD CONSTRAINT application_amounts_positive "
    "CHECK (requested_fen > 0 AND (approved_fen IS NULL OR approved_fen > 0))",
    "ALTER TABLE relief_application ADD CONSTRAINT application_one_per_member UNIQUE (campaign, member_id)",
    "ALTER TABLE hardship_household ADD CONSTRAINT household_size_positive CHECK (household_size > 0)",
    "ALTER TABLE hardship_household ADD CONSTRAINT household_income_nonnegative CHECK (income_per_head_fen >= 0)",
    "CREATE UNIQUE INDEX hardship_one_open_per_member ON hardship_household (member_id) "
    "WHERE status IN ('pending','active')",
    """
    CREATE FUNCTION payout_batch_totals() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      UPDATE payout_batch b SET total_fen = b.total_fen + s.fen, payout_count = b.payout_count + s.n
      FROM (SELECT batch AS id, sum(amount_fen) AS fen, count(*) AS n FROM new_payouts GROUP BY batch) s
      WHERE b.id = s.id;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER payout_batch_totals AFTER INSERT ON payout
    REFERENCING NEW TABLE AS new_payouts FOR EACH STATEMENT EXECUTE FUNCTION payout_batch_totals()
    """,
    """
    CREATE FUNCTION payout_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payouts are never deleted (payout %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RAISE EXCEPTION 'payout %: reference, amount, batch and beneficiary never change; paid and failed are final', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
    END $$
    """,
    """
    CREATE TRIGGER payout_immutable BEFORE UPDATE ON payout FOR EACH ROW
    WHEN (OLD.reference IS DISTINCT FROM NEW.reference OR OLD.amount_fen <> NEW.amount_fen
          OR OLD.batch IS DISTINCT FROM NEW.batch OR OLD.beneficiary <> NEW.beneficiary
          OR (OLD.state IN ('paid','failed') AND NEW.state <> OLD.state))
    EXECUTE FUNCTION payout_refuse_change()
    """,
    "CREATE TRIGGER payout_no_delete BEFORE DELETE ON payout FOR EACH ROW EXECUTE FUNCTION payout_refuse_change()",
    # The totals column is the trigger's: nobody lowers it to squeeze in more payouts.
    """
    CREATE FUNCTION payout_batch_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'batch %: the budget never changes and the total only grows with its payouts', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
      RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER payout_batch_guard BEFORE UPDATE ON payout_batch FOR EACH ROW "
    "WHEN (OLD.budget_fen <> NEW.budget_fen OR NEW.total_fen < OLD.total_fen) EXECUTE FUNCTION payout_batch_guard()",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="welfare", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
