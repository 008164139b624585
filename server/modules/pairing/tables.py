"""Pairing tables: programmes, their candidates, officers' locks and forbids,
proposals, agreements (师徒协议) and their progress notes.

Members are referred to by id only: they belong to the orgs module, which is
reached through its service, never its tables.
"""

from piccolo.columns import (
    JSONB,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class CompatibleTrade(Table, tablename="pairing_compatible_trade"):
    """Two trades (工种) a tenant treats as close enough to pair, e.g. 焊工 ~ 电焊工.
    Stored once per pair with trade_a < trade_b."""

    id = Serial(primary_key=True)
    trade_a = Varchar(length=50)
    trade_b = Varchar(length=50)


class Programme(Table, tablename="pairing_programme"):
    """A pairing programme (名师带高徒活动), e.g. "2017 高新区名师带高徒"."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    year = Integer(index=True)
    scope_org_id = Integer()
    term_start = Date()
    term_end = Date()
    target_pairs = Integer(default=0)
    same_trade_required = Boolean(default=True)
    same_enterprise_preferred = Boolean(default=True)
    min_level_gap = Integer(default=1)
    default_capacity = Integer(default=2)
    created_at = Timestamptz(default=TimestamptzNow())


class Candidate(Table, tablename="pairing_candidate"):
    """A member taking part as master (技术能手) or apprentice (青年工人)."""

    id = Serial(primary_key=True)
    programme = ForeignKey(Programme, on_delete=OnDelete.cascade, index=True)
    member_id = Integer()
    role = Varchar(length=10)  # master | apprentice
    capacity = Integer(null=True, default=None)  # a master's own capacity; null = programme default
    preferences = JSONB(default=[])  # an apprentice's ranked master member ids
    created_at = Timestamptz(default=TimestamptzNow())


class PairRule(Table, tablename="pairing_pair_rule"):
    """An officer's decision before proposing: this pair must (lock) or must not (forbid) be."""

    id = Serial(primary_key=True)
    programme = ForeignKey(Programme, on_delete=OnDelete.cascade, index=True)
    master_member_id = Integer()
    apprentice_member_id = Integer()
    kind = Varchar(length=10)  # lock | forbid
    note = Text(default="")
    created_by = Varchar(length=200, default="system")
    created_at = Timestamptz(default=TimestamptzNow())


class Proposal(Table, tablename="pairing_proposal"):
    """One run of the solver, kept with its explained result so it can be reviewed and accepted."""

    id = Serial(primary_key=True)
    programme = ForeignKey(Programme, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=12, default="open")  # open | accepted | superseded
    fingerprint = Varchar(length=64)
    pairs = Integer(default=0)
    new_pairs = Integer(default=0)
    unpaired = Integer(default=0)
    cost = Integer(default=0)
    blocking_pairs = Integer(default=0)
    result = JSONB(default={})
    created_by = Varchar(length=200, default="system")
    created_at = Timestamptz(default=TimestamptzNow())
    accepted_at = Timestamptz(null=True, default=None)


class Agreement(Table, tablename="pairing_agreement"):
    """A master-apprentice agreement (师徒协议): term, goals, progress and outcome."""

    id = Serial(primary_key=True)
    programme = ForeignKey(Programme, on_delete=OnDelete.cascade, index=True)
    proposal = ForeignKey(Proposal, on_delete=OnDelete.set_null, null=True)
    master_member_id = Integer(index=True)
    apprentice_member_id = Integer(index=True)
    term_start = Date()
    term_end = Date()
    goals = Text(default="")
    status = Varchar(length=12, default="active")  # active | completed | ended_early
    ended_on = Date(null=True, default=None)
    end_reason = Text(default="")
    level_before = Integer(null=True, default=None)
    level_after = Integer(null=True, default=None)
    competition_result = Varchar(length=200, default="")
    innovation = Varchar(length=200, default="")  # 五小 (小发明、小创造、小革新、小设计、小建议)
    outcome_note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class ProgressNote(Table, tablename="pairing_progress_note"):
    """A dated note on how an agreement is going (带徒记录)."""

    id = Serial(primary_key=True)
    agreement = ForeignKey(Agreement, on_delete=OnDelete.cascade, index=True)
    noted_on = Date()
    text = Text()
    author = Varchar(length=200, default="system")
    created_at = Timestamptz(default=TimestamptzNow())
