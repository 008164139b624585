"""Platform tables live in schema `platform`; tenant data never does."""

from piccolo.columns import (
    JSONB,
    Boolean,
    Bytea,
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
