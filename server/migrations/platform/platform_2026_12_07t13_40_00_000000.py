"""The yearly innovation review (年度工会工作创新项目评选), in the platform schema, with the rules
the database keeps whatever the Python above it does:

- a review year once; its state is one of draft → open → scoring → published, in that order;
- criteria change only while the review is a draft (they are published when it opens), each
  with a maximum score of 1 to 100;
- a nomination and its claimed figures are written only while the review is open (frozen once
  nominations close, and after publication);
- a score once per reviewer, criterion and nomination, within the criterion's maximum, for a
  criterion of the nomination's own review, a submitted nomination, and only while scoring;
- the selection is written only while scoring (publishing it ends scoring), each nomination
  once, each rank once.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T13:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "platform_review"

STATEMENTS = [
    """CREATE TABLE platform.review (
        id serial PRIMARY KEY,
        year integer NOT NULL UNIQUE CHECK (year BETWEEN 1949 AND 2100),
        title_zh varchar(200) NOT NULL,
        title_en varchar(200) NOT NULL,
        deadline date NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'scoring', 'published')),
        created_at timestamptz NOT NULL DEFAULT now(),
        opened_at timestamptz,
        closed_at timestamptz,
        published_at timestamptz
    )""",
    """CREATE TABLE platform.review_criterion (
        id serial PRIMARY KEY,
        review integer NOT NULL REFERENCES platform.review (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        name_zh varchar(200) NOT NULL,
        name_en varchar(200) NOT NULL,
        description varchar(4000) NOT NULL DEFAULT '',
        max_score integer NOT NULL CHECK (max_score BETWEEN 1 AND 100),
        UNIQUE (review, position),
        UNIQUE (review, name_zh)
    )""",
    """CREATE TABLE platform.nomination (
        id serial PRIMARY KEY,
        review integer NOT NULL REFERENCES platform.review (id) ON DELETE CASCADE,
        tenant_slug varchar(32) NOT NULL,
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        summary varchar(4000) NOT NULL DEFAULT '',
        module varchar(64),
        state varchar(16) NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        UNIQUE (review, tenant_slug, title)
    )""",
    "CREATE INDEX nomination_review_tenant ON platform.nomination (review, tenant_slug, id)",
    """CREATE TABLE platform.nomination_figure (
        id serial PRIMARY KEY,
        nomination integer NOT NULL REFERENCES platform.nomination (id) ON DELETE CASCADE,
        position integer NOT NULL,
        figure varchar(64) NOT NULL,
        claimed double precision NOT NULL CHECK (claimed >= 0),
        UNIQUE (nomination, figure)
    )""",
    """CREATE TABLE platform.review_score (
        id serial PRIMARY KEY,
        nomination integer NOT NULL REFERENCES platform.nomination (id) ON DELETE CASCADE,
        criterion integer NOT NULL REFERENCES platform.review_criterion (id) ON DELETE CASCADE,
        reviewer_account_id integer NOT NULL REFERENCES platform.account (id) ON DELETE CASCADE,
        score integer NOT NULL CHECK (score >= 0),
        comment varchar(4000) NOT NULL DEFAULT '',
        scored_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (nomination, criterion, reviewer_account_id)
    )""",
    """CREATE TABLE platform.review_selection (
        id serial PRIMARY KEY,
        review integer NOT NULL REFERENCES platform.review (id) ON DELETE CASCADE,
        nomination integer NOT NULL UNIQUE REFERENCES platform.nomination (id) ON DELETE CASCADE,
        rank integer NOT NULL CHECK (rank >= 1),
        UNIQUE (review, rank)
    )""",
    # A state moves forward one step at a time.
    """CREATE FUNCTION platform.review_state_forward() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.state <> OLD.state AND NOT (
           (OLD.state = 'draft' AND NEW.state = 'open') OR (OLD.state = 'open' AND NEW.state = 'scoring')
        OR (OLD.state = 'scoring' AND NEW.state = 'published')) THEN
        RAISE EXCEPTION 'review % cannot go from % to %', OLD.year, OLD.state, NEW.state
          USING ERRCODE = 'check_violation';
      END IF;
      IF OLD.state <> 'draft' AND NEW.deadline <> OLD.deadline THEN
        RAISE EXCEPTION 'review %: the deadline is published', OLD.year USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER review_state_forward BEFORE UPDATE ON platform.review
       FOR EACH ROW EXECUTE FUNCTION platform.review_state_forward()""",
    # The review a row belongs to must be in `wanted` state.
    """CREATE FUNCTION platform.review_in_state(review_id integer, wanted text, what text) RETURNS void
       LANGUAGE plpgsql AS $$
    DECLARE s text;
    BEGIN
      SELECT state INTO s FROM platform.review WHERE id = review_id;
      IF s IS DISTINCT FROM wanted THEN
        RAISE EXCEPTION '% only while the review is %, not %', what, wanted, s USING ERRCODE = 'check_violation';
      END IF;
    END $$""",
    """CREATE FUNCTION platform.criterion_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM platform.review_in_state(OLD.review, 'draft', 'criteria change');
        RETURN OLD;
      END IF;
      PERFORM platform.review_in_state(NEW.review, 'draft', 'criteria change');
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER criterion_frozen BEFORE INSERT OR UPDATE OR DELETE ON platform.review_criterion
       FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION platform.criterion_frozen()""",
    """CREATE FUNCTION platform.nomination_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM platform.review_in_state(NEW.review, 'open', 'nominations change');
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER nomination_frozen BEFORE INSERT OR UPDATE ON platform.nomination
       FOR EACH ROW EXECUTE FUNCTION platform.nomination_frozen()""",
    """CREATE FUNCTION platform.nomination_figure_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM platform.review_in_state((SELECT review FROM platform.nomination WHERE id = NEW.nomination),
                                       'open', 'claimed figures change');
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER nomination_figure_frozen BEFORE INSERT OR UPDATE ON platform.nomination_figure
       FOR EACH ROW EXECUTE FUNCTION platform.nomination_figure_frozen()""",
    """CREATE FUNCTION platform.review_score_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE n record; c record;
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM platform.review_in_state((SELECT review FROM platform.nomination WHERE id = OLD.nomination),
                                         'scoring', 'scores change');
        RETURN OLD;
      END IF;
      SELECT review, state INTO n FROM platform.nomination WHERE id = NEW.nomination;
      SELECT review, max_score INTO c FROM platform.review_criterion WHERE id = NEW.criterion;
      IF c.review IS DISTINCT FROM n.review THEN
        RAISE EXCEPTION 'criterion % is not of the nomination''s review', NEW.criterion
          USING ERRCODE = 'check_violation';
      END IF;
      IF n.state <> 'submitted' THEN
        RAISE EXCEPTION 'nomination % was never submitted', NEW.nomination USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.score > c.max_score THEN
        RAISE EXCEPTION 'score % is above the criterion''s maximum %', NEW.score, c.max_score
          USING ERRCODE = 'check_violation';
      END IF;
      PERFORM platform.review_in_state(n.review, 'scoring', 'scores change');
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER review_score_rules BEFORE INSERT OR UPDATE OR DELETE ON platform.review_score
       FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION platform.review_score_rules()""",
    """CREATE FUNCTION platform.review_selection_rules() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT review FROM platform.nomination WHERE id = NEW.nomination) IS DISTINCT FROM NEW.review THEN
        RAISE EXCEPTION 'nomination % is not of review %', NEW.nomination, NEW.review
          USING ERRCODE = 'check_violation';
      END IF;
      PERFORM platform.review_in_state(NEW.review, 'scoring', 'the selection changes');
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER review_selection_rules BEFORE INSERT OR UPDATE ON platform.review_selection
       FOR EACH ROW EXECUTE FUNCTION platform.review_selection_rules()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="platform", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
