"""The orgs module's tables: the org tree with its effective-dated history,
members with their placements, development zones, restructuring plans and
social union workers. No schema: they live in each tenant's schema."""

from piccolo.columns import (
    JSONB,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    SmallInt,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Zone(Table, tablename="zone"):
    """A development zone (开发区) where enterprises are located; not an org itself."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    level = Varchar(length=20, default="")  # national 国家级 / regional 自治区级
    founded_on = Date(null=True, default=None)


class Org(Table, tablename="org"):
    """An organisation in the union tree (工会组织). The dated parents are `OrgLink`;
    `parent_id` is the parent of the last link, which may start in the future, so
    "the parent today" is always read from the links, never from here."""

    id = Serial(primary_key=True)
    name = Varchar(length=200, index=True)
    type = Varchar(length=30, index=True)
    parent_id: ForeignKey["Org"] = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict, index=True)
    enterprise_name = Varchar(length=200, null=True, default=None)
    credit_code = Varchar(length=18, null=True, default=None, unique=True)
    public_sector = Boolean(null=True, default=None)
    above_scale = Boolean(null=True, default=None)
    zone_id = ForeignKey(Zone, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    founded_on = Date(null=True, default=None)
    closed_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class OrgLink(Table, tablename="org_link"):
    """Org → parent for the days [valid_from, valid_to): the tree as of any date.
    `plan_id` is the restructuring plan that opened the link, `closed_by_plan_id`
    the one that closed it (so a plan can be rolled back exactly)."""

    id = Serial(primary_key=True)
    org_id = ForeignKey(Org, on_delete=OnDelete.cascade, index=True)
    parent_id = Integer(null=True, default=None, index=True)
    valid_from = Date()
    valid_to = Date(null=True, default=None)
    plan_id = Integer(null=True, default=None, index=True)
    closed_by_plan_id = Integer(null=True, default=None, index=True)


class Member(Table, tablename="member"):
    """A member (职工 / 会员). The ID number is stored encrypted (`id_cipher`) with a
    keyed hash (`id_hash`) for uniqueness and look-ups; `id_masked` is what most
    people see."""

    id = Serial(primary_key=True)
    name = Varchar(length=100)  # searched for a part: GIN on its characters (orgs migration 2026-12-07)
    id_hash = Bytea(unique=True)
    id_cipher = Bytea()
    id_masked = Varchar(length=18)
    gender = Varchar(length=1)
    birth_date = Date()
    phone = Varchar(length=20, null=True, default=None)
    org_id = ForeignKey(Org, on_delete=OnDelete.restrict, index=True)
    trade = Varchar(length=50, null=True, default=None)
    level = SmallInt(null=True, default=None)
    migrant = Boolean(default=False)
    joined_on = Date(null=True, default=None)
    left_on = Date(null=True, default=None)
    # A keyed hash of the file row that last imported the member and of the values it left: an
    # unchanged row of a later import is known by it and skips the row checks (orgs.bulk).
    import_hash = Bytea(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Placement(Table, tablename="placement"):
    """A member's union for the days [valid_from, valid_to): transfers leave history."""

    id = Serial(primary_key=True)
    member_id = ForeignKey(Member, on_delete=OnDelete.cascade, index=True)
    org_id = Integer()  # served by the (org_id, valid_from, valid_to) index
    valid_from = Date()
    valid_to = Date(null=True, default=None)
    reason = Varchar(length=200, default="")


class Plan(Table, tablename="plan"):
    """A restructuring plan (组织调整方案): new orgs and moves at one effective date."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    effective_on = Date()
    status = Varchar(length=20, default="draft", index=True)  # draft / applied / rolled_back
    note = Varchar(length=1000, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    applied_at = Timestamptz(null=True, default=None)
    rolled_back_at = Timestamptz(null=True, default=None)


class PlanOrg(Table, tablename="plan_org"):
    """An org the plan creates first; moves and other new orgs refer to it by `ref`."""

    id = Serial(primary_key=True)
    plan_id = ForeignKey(Plan, on_delete=OnDelete.cascade, index=True)
    ref = Varchar(length=50)  # type: ignore[assignment]  # the column's name shadows Piccolo's Table.ref helper
    name = Varchar(length=200)
    type = Varchar(length=30)
    parent_id = Integer(null=True, default=None)
    parent_ref = Varchar(length=50, null=True, default=None)
    detail = JSONB(default={})  # enterprise fields, zone
    created_org_id = Integer(null=True, default=None)


class PlanMove(Table, tablename="plan_move"):
    """One move of the plan: org → a new parent (an existing org or a new one by ref)."""

    id = Serial(primary_key=True)
    plan_id = ForeignKey(Plan, on_delete=OnDelete.cascade, index=True)
    org_id = Integer(index=True)
    to_parent_id = Integer(null=True, default=None)
    to_ref = Varchar(length=50, null=True, default=None)
    from_parent_id = Integer(null=True, default=None)  # recorded when applied


class SocialWorker(Table, tablename="social_worker"):
    """A social union worker (社会化工会工作者) assigned to an org for a period."""

    id = Serial(primary_key=True)
    name = Varchar(length=100)
    phone = Varchar(length=20, null=True, default=None)
    org_id = ForeignKey(Org, on_delete=OnDelete.restrict, index=True)
    started_on = Date()
    ended_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
