"""The secret ballot's rules, and the votes of `rep_vote` (which kept the voter's id beside the
choices) split into the roll and the box.

- One vote per voter per election round: the roll's unique key (`rep_election_voter_once`); the
  service writes the roll row and the ballot in one transaction, so a second vote, also one that
  races the first, is refused by PostgreSQL and no second ballot is written.
- A ballot chooses at least one candidate (`rep_election_ballot_choices`).
- The box shares nothing with the roll: random UUID keys, no timestamp (the roll has a day, the
  election's date for the votes moved over), no foreign key between them; the ballots moved over
  are written in random order, and the table rewritten in the order of its keys.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from server.infra.migrate import run_sql

ID = "2026-12-07T16:12:05:000000"
VERSION = "1.38.0"
DESCRIPTION = "reps-secret-ballot rules"

STATEMENTS = [
    "ALTER TABLE rep_election_voter ADD CONSTRAINT rep_election_voter_once UNIQUE (election_id, round, member_id)",
    "ALTER TABLE rep_election_ballot ADD CONSTRAINT rep_election_ballot_choices CHECK (cardinality(candidate_ids) >= 1)",
    "INSERT INTO rep_election_voter (id, election_id, round, member_id, voted_on, by_teller) "
    "SELECT gen_random_uuid(), v.election_id, v.round, v.voter_id, e.held_on, true "
    "FROM rep_vote v JOIN rep_election e ON e.id = v.election_id ORDER BY random()",
    "INSERT INTO rep_election_ballot (id, election_id, round, candidate_ids) "
    "SELECT gen_random_uuid(), election_id, round, candidate_ids FROM rep_vote ORDER BY random()",
    "CLUSTER rep_election_voter USING rep_election_voter_pkey",
    "CLUSTER rep_election_ballot USING rep_election_ballot_pkey",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reps", description=DESCRIPTION)

    manager.add_raw(run_sql(STATEMENTS))
    manager.drop_table(class_name="Vote", tablename="rep_vote", schema=None)  # after the raw step
    return manager
