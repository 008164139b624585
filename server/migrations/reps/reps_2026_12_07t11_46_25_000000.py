"""The rules the database enforces itself, whatever the Python above it does.

- One vote per voter per election round (`rep_vote_once`): a second vote, also one that races
  the first, is refused by PostgreSQL.
- One evaluation ballot per constituent per representative: the voter roll's unique key
  (`rep_evaluation_voter_once`); the service writes the roll row and the ballot in one
  transaction, so the ballot is never written twice.
- The ballot box shares nothing with the voter roll: random UUID keys (no sequence), no
  timestamps (the roll has a day only), no foreign key between them.
- An allowance per representative and period once; a reward per representative and reason
  once; a candidate once per election; seats, scores, verdicts, states and dates in range.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T11:46:25:000000"
VERSION = "1.38.0"
DESCRIPTION = "reps_rules"

STATEMENTS = [
    "ALTER TABLE rep_congress ADD CONSTRAINT rep_congress_forwards CHECK (ends_on >= starts_on)",
    "ALTER TABLE rep_congress ADD CONSTRAINT rep_congress_level CHECK (min_level IS NULL OR min_level BETWEEN 1 AND 5)",
    "ALTER TABLE rep_constituency ADD CONSTRAINT rep_constituency_seats CHECK (seats >= 1)",
    "ALTER TABLE rep_constituency ADD CONSTRAINT rep_constituency_once UNIQUE (congress_id, org_id)",
    "ALTER TABLE rep_election ADD CONSTRAINT rep_election_seats CHECK (seats >= 1)",
    "ALTER TABLE rep_election ADD CONSTRAINT rep_election_state CHECK "
    "(state IN ('nominating','open','runoff','tallied','published'))",
    "ALTER TABLE rep_election ADD CONSTRAINT rep_election_kind CHECK (kind IN ('regular','by_election'))",
    "ALTER TABLE rep_candidate ADD CONSTRAINT rep_candidate_once UNIQUE (election_id, member_id)",
    "ALTER TABLE rep_vote ADD CONSTRAINT rep_vote_once UNIQUE (election_id, round, voter_id)",
    "ALTER TABLE rep_vote ADD CONSTRAINT rep_vote_choices CHECK (cardinality(candidate_ids) >= 1)",
    "ALTER TABLE rep_representative ADD CONSTRAINT rep_representative_forwards CHECK (ends_on >= starts_on)",
    "ALTER TABLE rep_representative ADD CONSTRAINT rep_representative_state CHECK (state IN ('seated','recalled'))",
    "CREATE UNIQUE INDEX rep_representative_seated ON rep_representative (congress_id, member_id) "
    "WHERE state = 'seated'",
    "ALTER TABLE rep_duty ADD CONSTRAINT rep_duty_kind CHECK (kind IN ('meeting','proposal','visit','training'))",
    "ALTER TABLE rep_duty ADD CONSTRAINT rep_duty_minutes CHECK (minutes >= 0)",
    "ALTER TABLE rep_allowance ADD CONSTRAINT rep_allowance_once UNIQUE (representative_id, period)",
    "ALTER TABLE rep_allowance ADD CONSTRAINT rep_allowance_amount CHECK (amount_fen > 0)",
    "ALTER TABLE rep_evaluation ADD CONSTRAINT rep_evaluation_min CHECK (min_ballots >= 1)",
    "ALTER TABLE rep_evaluation ADD CONSTRAINT rep_evaluation_state CHECK (state IN ('open','closed'))",
    "ALTER TABLE rep_evaluation_voter ADD CONSTRAINT rep_evaluation_voter_once "
    "UNIQUE (evaluation_id, representative_id, member_id)",
    "ALTER TABLE rep_ballot ADD CONSTRAINT rep_ballot_verdict CHECK (verdict IN ('satisfied','basic','dissatisfied'))",
    "ALTER TABLE rep_ballot ADD CONSTRAINT rep_ballot_score CHECK (score BETWEEN 0 AND 100)",
    "ALTER TABLE rep_reward ADD CONSTRAINT rep_reward_once UNIQUE (representative_id, reason)",
    "ALTER TABLE rep_reward ADD CONSTRAINT rep_reward_amount CHECK (amount_fen > 0)",
    "ALTER TABLE rep_proposal ADD CONSTRAINT rep_proposal_state CHECK "
    "(state IN ('filed','accepted','adopted','rejected'))",
    "ALTER TABLE rep_proposal ADD CONSTRAINT rep_proposal_outcomes CHECK (rules_revised >= 0 AND problems_found >= 0 "
    "AND loss_avoided_fen >= 0 AND facilities_m2 >= 0 AND reading_rooms >= 0 AND overtime_cancelled >= 0)",
    "CREATE INDEX rep_proposal_filed ON rep_proposal (filed_on)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    return manager
