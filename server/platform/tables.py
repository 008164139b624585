"""Platform tables live in schema `platform`; tenant data never does."""

from piccolo.columns import (
    JSONB,
    Boolean,
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
