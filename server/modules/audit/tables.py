"""Audit tables: standards (versioned documents), plans, audits (one per union per plan), report-form
entries, scores per indicator, and the deadline notices sent.

Orgs are referred to by id (they belong to the orgs module); a plan freezes each union's name when
it is approved. What the database enforces (migration `audit_rules`): one version number per
standard code, one audit per union per plan, one score per indicator per audit, money and counts
never negative, each deadline notice sent once.
"""

from piccolo.columns import (
    JSONB,
    Array,
    BigInt,
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


class Standard(Table, tablename="audit_standard"):
    """One version of an evaluation standard (《吴忠市工会经费绩效等级标准》 ...): its areas and
    indicators as a document. A version some audit uses is never edited: an edit makes the next one."""

    id = Serial(primary_key=True)
    code = Varchar(length=40)
    version = SmallInt()
    title = Varchar(length=200)
    body = JSONB()
    created_at = Timestamptz(default=TimestamptzNow())


class Plan(Table, tablename="audit_plan"):
    """An audit plan (审计计划) of a year: draft, then approved (its population frozen into audits)."""

    id = Serial(primary_key=True)
    year = SmallInt()
    title = Varchar(length=200)
    standard = ForeignKey(Standard, on_delete=OnDelete.restrict)
    org_ids = Array(Integer(), null=True, default=None)  # a pilot names its unions; None: from the tree
    state = Varchar(length=20, default="draft")
    approved_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Audit(Table, tablename="audit_case"):
    """The audit of one union: planned → noticed → fieldwork → scored → opinions → rectified → closed."""

    id = Serial(primary_key=True)
    plan = ForeignKey(Plan, on_delete=OnDelete.restrict)
    org_id = Integer(index=True)
    org_name = Varchar(length=200)
    standard = ForeignKey(Standard, on_delete=OnDelete.restrict)
    stage = Varchar(length=20, default="planned")
    notice_on = Date(null=True, default=None)  # 审计通知书 delivered
    fieldwork_on = Date(null=True, default=None)
    total_cp = Integer(null=True, default=None)  # hundredths of a point
    grade = Varchar(length=20, null=True, default=None)
    scored_at = Timestamptz(null=True, default=None)
    opinions = Text(null=True, default=None)
    opinions_on = Date(null=True, default=None)
    rectification_due = Date(null=True, default=None)
    rectification = Text(null=True, default=None)
    rectified_on = Date(null=True, default=None)
    closed_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Entry(Table, tablename="audit_entry"):
    """One line of a report form (报告单): a project's spending (fen) and activity data."""

    id = Serial(primary_key=True)
    audit = ForeignKey(Audit, on_delete=OnDelete.cascade)
    form = Varchar(length=20)
    indicator = Varchar(length=20)
    project = Varchar(length=200)
    spending_fen = BigInt()
    participants = Integer(default=0)
    results = Integer(default=0)
    commendations = Integer(default=0)
    certificates = Integer(default=0)
    chief_titles = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class Score(Table, tablename="audit_score"):
    """An indicator's score in an audit, with the entries it came from."""

    id = Serial(primary_key=True)
    audit = ForeignKey(Audit, on_delete=OnDelete.cascade)
    indicator = Varchar(length=20)
    area = Varchar(length=20)
    base_cp = Integer()
    benefit_cp = Integer()
    bonus_cp = Integer()
    total_cp = Integer()
    entry_ids = Array(Integer())
    adjusted = Varchar(length=100, null=True, default=None)  # the parts an auditor set by hand


class DeadlineNotice(Table, tablename="audit_deadline_notice"):
    """A reminder or an escalation about an audit's deadline, sent once (a unique key)."""

    id = Serial(primary_key=True)
    audit = ForeignKey(Audit, on_delete=OnDelete.cascade)
    kind = Varchar(length=20)  # reminder | escalation
    due = Date()
    sent_at = Timestamptz(default=TimestamptzNow())


class FollowUp(Table, tablename="audit_follow_up"):
    """The committee's follow-up (跟踪监督) of a rectification: a visit or check, until the case closes."""

    id = Serial(primary_key=True)
    audit = ForeignKey(Audit, on_delete=OnDelete.cascade)
    held_on = Date()
    note = Text()
    created_at = Timestamptz(default=TimestamptzNow())
