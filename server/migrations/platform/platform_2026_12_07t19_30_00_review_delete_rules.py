"""The yearly review's rules for deleting, beside those for writing (2026-12-07T13:40:00):

- a review is deleted only as a draft (once open, tenants' nominations hang on it);
- a nomination's claimed figures are deleted only while nominations are taken (a rewrite
  replaces them), never once they close or after publication;
- a project of the published selection is never taken out of it (the selection is written
  only while scoring; publishing ends scoring).

Scores already had theirs (deleted only while scoring), criteria too (only in a draft).

Each rule holds for a statement's own rows (`pg_trigger_depth() = 0`), as the earlier ones do: a
row deleted by cascade, when a draft review or a withdrawn nomination goes, passes.

A nomination itself has no delete rule. Withdrawing one while nominations are taken is a delete
the service makes, and the test suite's tenant pool (tests/conftest.py) clears a pooled tenant by
deleting the platform rows naming it (`tenant_slug`), nominations in closed and published reviews
included: a rule there would keep every tenant that ever nominated out of the pool. Once a
nomination is closed, its figures, scores and place in the selection cannot be deleted on their
own; deleting the nomination row itself (by hand, in SQL) is what is left open.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T19:30:00:review-delete-rules"
VERSION = "1.38.0"
DESCRIPTION = "platform_review_delete_rules"

STATEMENTS = [
    """CREATE FUNCTION platform.review_deleted_as_draft() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.state <> 'draft' THEN
        RAISE EXCEPTION 'review %: only a draft is deleted, not one %', OLD.year, OLD.state
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN OLD;
    END $$""",
    """CREATE TRIGGER review_deleted_as_draft BEFORE DELETE ON platform.review
       FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION platform.review_deleted_as_draft()""",
    """CREATE FUNCTION platform.nomination_figure_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM platform.review_in_state((SELECT review FROM platform.nomination WHERE id = OLD.nomination),
                                       'open', 'claimed figures change');
      RETURN OLD;
    END $$""",
    """CREATE TRIGGER nomination_figure_kept BEFORE DELETE ON platform.nomination_figure
       FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION platform.nomination_figure_kept()""",
    """CREATE FUNCTION platform.review_selection_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM platform.review_in_state(OLD.review, 'scoring', 'the selection changes');
      RETURN OLD;
    END $$""",
    """CREATE TRIGGER review_selection_kept BEFORE DELETE ON platform.review_selection
       FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION platform.review_selection_kept()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="platform", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
