"""Platform tables live in schema `platform`; tenant data never does."""

from piccolo.columns import (
    JSONB,
    Boolean,
    Bytea,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Tenant(Table, schema="platform", tablename="tenant"):
    """A federation running as its own tenant (市/区总工会)."""

    id = Serial(primary_key=True)
    slug = Varchar(length=32, unique=True)
    name_zh = Varchar(length=100)
    name_en = Varchar(length=200)
    parent_slug = Varchar(length=32, null=True, default=None)
    locale = Varchar(length=16, default="zh-CN")
    timezone = Varchar(length=64, default="Asia/Shanghai")
    modules = JSONB(default=[])
    # Module settings from tenant.toml (reward rules, audit standards, ...).
    config = JSONB(default={})
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    disabled_at = Timestamptz(null=True, default=None)


class Account(Table, schema="platform", tablename="account"):
    """Someone (or something) that holds tokens: one role, maybe one tenant, maybe one org."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    role = Varchar(length=32)
    tenant_slug = Varchar(length=32, null=True, default=None)
    org_id = Integer(null=True, default=None)
    member_id = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ApiToken(Table, schema="platform", tablename="api_token"):
    """A bearer token, stored as its SHA-256 hash; only the prefix is kept in clear."""

    id = Serial(primary_key=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade)
    prefix = Varchar(length=16)
    token_hash = Varchar(length=64, unique=True)
    label = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class WorkerBeat(Table, schema="platform", tablename="worker_beat"):
    """The arq worker's heartbeat, one row per worker process."""

    id = Serial(primary_key=True)
    worker = Varchar(length=200, unique=True)
    beat_at = Timestamptz(default=TimestamptzNow())
    jobs_done = Integer(default=0)


class ModuleSwitch(Table, schema="platform", tablename="module_switch"):
    """A module switched on or off for a tenant (the adoption history, 推广): written by every
    path that switches (tenant creation, `tenant.toml` at `up` and `demo`, the API, the CLI)."""

    id = Serial(primary_key=True)
    tenant_slug = Varchar(length=32)
    module = Varchar(length=64)
    switched_on = Boolean()
    at = Timestamptz(default=TimestamptzNow())
    actor = Varchar(length=200, default="system")


# --- the yearly innovation review (年度工会工作创新项目评选) -------------------------------
# The rules the database keeps (states in order, frozen criteria, nominations and scores, one
# score per reviewer, criterion and nomination within the maximum) are in the migration
# `platform_2026_12_07t13_40_00_000000.py`; the rules for deleting in
# `platform_2026_12_07t19_30_00_review_delete_rules.py`.


class Review(Table, schema="platform", tablename="review"):
    """A year's review: draft → open (criteria published, nominations taken until the deadline)
    → scoring (nominations closed) → published (the selection)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)
    title_zh = Varchar(length=200)
    title_en = Varchar(length=200)
    deadline = Date()
    state = Varchar(length=16, default="draft")
    created_at = Timestamptz(default=TimestamptzNow())
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)


class ReviewCriterion(Table, schema="platform", tablename="review_criterion"):
    """A published criterion (评选标准) and its maximum score."""

    id = Serial(primary_key=True)
    review = ForeignKey(references=Review, on_delete=OnDelete.cascade)
    position = Integer()
    name_zh = Varchar(length=200)
    name_en = Varchar(length=200)
    description = Varchar(length=4000, default="")
    max_score = Integer()


class Nomination(Table, schema="platform", tablename="nomination"):
    """An innovation project a tenant puts forward (申报), a draft until it submits it."""

    id = Serial(primary_key=True)
    review = ForeignKey(references=Review, on_delete=OnDelete.cascade)
    tenant_slug = Varchar(length=32)
    title = Varchar(length=200)
    summary = Varchar(length=4000, default="")
    module = Varchar(length=64, null=True, default=None)
    state = Varchar(length=16, default="draft")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)


class NominationFigure(Table, schema="platform", tablename="nomination_figure"):
    """A figure the nomination claims, named as in its module's report (so it is read beside
    the figure the report computes)."""

    id = Serial(primary_key=True)
    nomination = ForeignKey(references=Nomination, on_delete=OnDelete.cascade)
    position = Integer()
    figure = Varchar(length=64)
    claimed = DoublePrecision()


class ReviewScore(Table, schema="platform", tablename="review_score"):
    """One reviewer's score of one nomination on one criterion."""

    id = Serial(primary_key=True)
    nomination = ForeignKey(references=Nomination, on_delete=OnDelete.cascade)
    criterion = ForeignKey(references=ReviewCriterion, on_delete=OnDelete.cascade)
    reviewer_account_id = Integer()
    score = Integer()
    comment = Varchar(length=4000, default="")
    scored_at = Timestamptz(default=TimestamptzNow())


class ReviewSelection(Table, schema="platform", tablename="review_selection"):
    """A nomination the platform admin selected (评为年度创新项目), in the published order."""

    id = Serial(primary_key=True)
    review = ForeignKey(references=Review, on_delete=OnDelete.cascade)
    nomination = ForeignKey(references=Nomination, on_delete=OnDelete.cascade)
    rank = Integer()


class PlatformEvent(Table, schema="platform", tablename="event"):
    """One entry of the platform's activity log: what a platform admin (or a tenant admin, for
    their tenant's tokens) did to tenants, their modules and tokens. `tenant_slug` names the
    tenant it concerns, if one."""

    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_account_id = Integer(null=True, default=None)
    actor = Varchar(length=200, default="system")
    action = Varchar(length=100, index=True)
    tenant_slug = Varchar(length=32, null=True, default=None, index=True)
    subject = Varchar(length=200, default="")
    detail = JSONB(default={})


class KeyCheck(Table, schema="platform", tablename="key_check"):
    """A value sealed once under the installation key: a process whose key does not open it
    refuses to start (`server.platform.keys`)."""

    id = Serial(primary_key=True)
    singleton = Boolean(default=True, unique=True)
    sealed = Bytea()
    created_at = Timestamptz(default=TimestamptzNow())


class KeyRotation(Table, schema="platform", tablename="key_rotation"):
    """A key rotation under way: the new key's check value and how far each sealed table has got
    (`{"t_slug.member": last id done}`), written in the transaction of each batch."""

    id = Serial(primary_key=True)
    singleton = Boolean(default=True, unique=True)
    new_sealed = Bytea()
    progress = JSONB(default={})
    started_at = Timestamptz(default=TimestamptzNow())
