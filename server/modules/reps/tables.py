"""Reps tables: congresses, constituencies, elections, candidates, votes, representatives, duty
records, allowances, evaluations (a voter roll and a ballot box that cannot be joined), rewards
and proposals.

Members and orgs are referred to by id (they belong to orgs and are checked through its
service). What the database itself enforces (see the migrations `reps_rules` and
`reps-secret-ballot`): one vote per voter per election and round (the election roll's unique key), one evaluation ballot per constituent per representative (the voter roll's
unique key), an allowance per representative and period once, a reward per representative and
reason once, verdicts and scores in range, dates running forwards.

Both votes are secret, split the same way: a ballot box (`rep_ballot`, `rep_election_ballot`)
with a random UUID key, no timestamp, no voter, and nothing shared with its voter roll
(`rep_evaluation_voter`, `rep_election_voter`, whose date is a day, never a time).
"""

from piccolo.columns import (
    UUID,
    Array,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Congress(Table, tablename="rep_congress"):
    """A unit's workers' congress (职代会) term, with what the unit wrote into its rules."""

    id = Serial(primary_key=True)
    org_id = Integer(index=True)
    name = Varchar(length=200)
    starts_on = Date()
    ends_on = Date()
    conditions = Text(default="")  # the published conditions for candidates (竞选条件)
    min_level = SmallInt(null=True, default=None)  # a condition: qualification level at most this (1 best)
    term_in_rules = Boolean(default=False)  # the representatives' term is written into the unit's rules
    rewards_promised = Boolean(default=False)  # the unit undertakes to reward faithful representatives
    created_at = Timestamptz(default=TimestamptzNow())


class Constituency(Table, tablename="rep_constituency"):
    """A constituency (workshop, department): an org of the unit's subtree and its seats."""

    id = Serial(primary_key=True)
    congress_id = ForeignKey(Congress, on_delete=OnDelete.cascade, index=True)
    org_id = Integer(index=True)
    name = Varchar(length=100)
    seats = SmallInt()


class Election(Table, tablename="rep_election"):
    """An election for a constituency's seats: nominating → open → tallied (or runoff) → published."""

    id = Serial(primary_key=True)
    constituency_id = ForeignKey(Constituency, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=12, default="regular")  # regular | by_election
    seats = SmallInt()
    held_on = Date()
    state = Varchar(length=12, default="nominating")
    round = SmallInt(default=1)
    runoff_ids = Array(Integer(), default=list)  # the candidates tied at the last seat
    electorate = Array(Integer(), default=list)  # the constituency's members on the roll at held_on
    published_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Candidate(Table, tablename="rep_candidate"):
    id = Serial(primary_key=True)
    election_id = ForeignKey(Election, on_delete=OnDelete.cascade, index=True)
    member_id = Integer(index=True)
    statement = Text(default="")  # 竞选演说
    votes = Integer(default=0)
    elected = Boolean(default=False)


class ElectionVoter(Table, tablename="rep_election_voter"):
    """Who has voted in an election round: one row per voter and round, dated to the day, random key."""

    id = UUID(primary_key=True)
    election_id = ForeignKey(Election, on_delete=OnDelete.cascade)
    round = SmallInt()
    member_id = Integer()
    voted_on = Date()
    by_teller = Boolean(default=False)


class ElectionBallot(Table, tablename="rep_election_ballot"):
    """A secret ballot (无记名投票) of an election round: the candidates chosen; no voter, no time,
    a random key."""

    id = UUID(primary_key=True)
    election_id = ForeignKey(Election, on_delete=OnDelete.cascade, index=True)
    round = SmallInt()
    candidate_ids = Array(Integer())


class Representative(Table, tablename="rep_representative"):
    """A seat held: the term equals the congress term (常任制)."""

    id = Serial(primary_key=True)
    congress_id = ForeignKey(Congress, on_delete=OnDelete.cascade, index=True)
    constituency_id = ForeignKey(Constituency, on_delete=OnDelete.cascade, index=True)
    election_id = ForeignKey(Election, null=True, default=None, on_delete=OnDelete.set_null)
    member_id = Integer(index=True)
    starts_on = Date()
    ends_on = Date()
    trained_on = Date(null=True, default=None)  # pre-duty training (岗前培训)
    state = Varchar(length=10, default="seated")  # seated | recalled
    left_on = Date(null=True, default=None)
    left_reason = Text(default="")
    evaluation_id = Integer(null=True, default=None)  # the evaluation that recalled them


class Duty(Table, tablename="rep_duty"):
    """The duty record (履职档案): meetings, proposals, visits; duty hours count as working time."""

    id = Serial(primary_key=True)
    representative_id = ForeignKey(Representative, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=10)  # meeting | proposal | visit | training
    done_on = Date()
    minutes = Integer(default=0)  # duty time, counted as working time
    note = Text(default="")


class Allowance(Table, tablename="rep_allowance"):
    """A representative's allowance for a period, paid through welfare's disbursement engine."""

    id = Serial(primary_key=True)
    representative_id = ForeignKey(Representative, on_delete=OnDelete.cascade, index=True)
    period = Varchar(length=7)  # a quarter, 2017-Q1 (rows from before the one scheme may hold a month)
    amount_fen = BigInt()
    batch_id = Integer(null=True, default=None)


class Evaluation(Table, tablename="rep_evaluation"):
    """An anonymous satisfaction evaluation of a constituency's representatives (评估制)."""

    id = Serial(primary_key=True)
    constituency_id = ForeignKey(Constituency, on_delete=OnDelete.cascade, index=True)
    opened_on = Date()
    min_ballots = Integer()
    state = Varchar(length=8, default="open")  # open | closed
    electorate = Array(Integer(), default=list)


class EvaluationVoter(Table, tablename="rep_evaluation_voter"):
    """Who has voted: one row per constituent and representative, dated to the day, random key."""

    id = UUID(primary_key=True)
    evaluation_id = ForeignKey(Evaluation, on_delete=OnDelete.cascade)
    representative_id = Integer()
    member_id = Integer()
    voted_on = Date()
    by_teller = Boolean(default=False)


class Ballot(Table, tablename="rep_ballot"):
    """A ballot: no voter, no time, a random key."""

    id = UUID(primary_key=True)
    evaluation_id = ForeignKey(Evaluation, on_delete=OnDelete.cascade, index=True)
    representative_id = Integer()
    verdict = Varchar(length=12)  # satisfied | basic | dissatisfied
    score = SmallInt()


class Reward(Table, tablename="rep_reward"):
    """A reward (奖励制): for a score of 90 or more in a closed evaluation, or an excellent proposal.
    An officer proposes it; money moves only once a tenant admin approves it."""

    id = Serial(primary_key=True)
    representative_id = ForeignKey(Representative, on_delete=OnDelete.cascade, index=True)
    reason = Varchar(length=40)  # evaluation:<id> | proposal:<id>
    amount_fen = BigInt()
    batch_id = Integer(null=True, default=None)  # the disbursement batch, once a tenant admin approved
    granted_on = Date()
    state = Varchar(length=10, default="proposed")  # proposed | approved
    account = Text(default="")  # where it is to be paid, sealed (welfare.accounts)
    proposed_by = Varchar(length=200, default="")
    approved_by = Varchar(length=200, null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)


class Proposal(Table, tablename="rep_proposal"):
    """A proposal (提案) filed by a representative and handled by the unit, with its outcomes."""

    id = Serial(primary_key=True)
    representative_id = ForeignKey(Representative, on_delete=OnDelete.restrict, index=True)
    org_id = Integer(index=True)
    title = Varchar(length=200)
    body = Text(default="")
    filed_on = Date()
    state = Varchar(length=10, default="filed")  # filed | accepted | adopted | rejected
    reason = Text(default="")
    excellent = Boolean(default=False)
    rules_revised = Integer(default=0)
    problems_found = Integer(default=0)
    loss_avoided_fen = BigInt(default=0)
    facilities_m2 = Integer(default=0)
    reading_rooms = Integer(default=0)
    overtime_cancelled = Integer(default=0)
    complaint_ids = Array(Integer(), default=list)  # voice complaints it answers
