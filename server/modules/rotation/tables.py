"""Rotation tables: areas, their platforms and bookings, chairs, rosters, slots and swaps, each
slot's work (plans, meetings, issues, series), themes, activities, participants and visits.

Orgs and members are referred to by id (they belong to the orgs module and are checked through
its service). What the database itself enforces (see the migration `rotation_rules`): two slots
of the same role in one area never overlap (an exclusion constraint on the date range), a
platform is never booked twice at once (an exclusion constraint on the time range), a reminder or
flag is sent once per slot, a member is on an activity's roster once, counts are never negative.
"""

from piccolo.columns import (
    Array,
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


class Area(Table, tablename="rot_area"):
    """A rotation area (轮值区域): an org subtree (for Xixia the 朔方路街道 union) with its
    party-mass activity centre (党群活动中心)."""

    id = Serial(primary_key=True)
    root_org_id = Integer(unique=True)
    name = Varchar(length=200)
    centre_name = Varchar(length=200, default="")
    respect_holidays = Boolean(default=False)  # hand over on working days, count working days
    created_at = Timestamptz(default=TimestamptzNow())


class Platform(Table, tablename="rot_platform"):
    """An activity platform of the centre (活动室, 阅览室, 家风展示长廊, 康乃馨心灵驿站, 劳动者驿站)."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    kind = Varchar(length=20)
    capacity = Integer(null=True, default=None)


class Booking(Table, tablename="rot_booking"):
    """A platform booked for a time; never two at once (exclusion constraint)."""

    id = Serial(primary_key=True)
    platform_id = ForeignKey(Platform, on_delete=OnDelete.cascade, index=True)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    purpose = Varchar(length=200)
    org_id = Integer(null=True, default=None)
    booked_by = Varchar(length=200)
    state = Varchar(length=10, default="booked")  # booked | cancelled
    created_at = Timestamptz(default=TimestamptzNow())


class Chair(Table, tablename="rot_chair"):
    """The rotating chair (轮值主席, the street union chair) or a rotating vice chair (轮值副主席,
    a non-public enterprise union chair), by the union they chair."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=12)  # chair | vice_chair
    org_id = Integer()
    name = Varchar(length=100)
    member_id = Integer(null=True, default=None)  # for Telegram notices, when the chair is a member
    active = Boolean(default=True)


class Roster(Table, tablename="rot_roster"):
    """A rotation timetable (轮值时间表) of one area for a period: draft, then published."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    year = SmallInt()
    starts_on = Date()
    ends_on = Date()
    state = Varchar(length=10, default="draft")  # draft | published
    created_by = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())
    published_at = Timestamptz(null=True, default=None)


class Slot(Table, tablename="rot_slot"):
    """A chair's turn [starts_on, ends_on] (both days included) in a roster."""

    id = Serial(primary_key=True)
    roster_id = ForeignKey(Roster, on_delete=OnDelete.cascade, index=True)
    area_id = Integer()
    chair_id = ForeignKey(Chair, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=12)
    starts_on = Date()
    ends_on = Date()
    position = SmallInt()


class Swap(Table, tablename="rot_swap"):
    """A published timetable changed: two slots exchanged their chairs, with the reason."""

    id = Serial(primary_key=True)
    roster_id = ForeignKey(Roster, on_delete=OnDelete.cascade, index=True)
    slot_a = Integer()
    slot_b = Integer()
    chair_a = Integer()
    chair_b = Integer()
    reason = Text()
    actor_name = Varchar(length=200)
    swapped_at = Timestamptz(default=TimestamptzNow())


class WorkPlan(Table, tablename="rot_work_plan"):
    """A monthly work plan (月度工作计划) of a slot: aims and tasks."""

    id = Serial(primary_key=True)
    slot_id = ForeignKey(Slot, on_delete=OnDelete.cascade, index=True)
    month = Date()  # the first day of the month
    aims = Text()
    tasks = Array(Text())
    created_by = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())


class Meeting(Table, tablename="rot_meeting"):
    """A joint meeting (工会工作联席会议) with the unions that attended and its minutes."""

    id = Serial(primary_key=True)
    slot_id = ForeignKey(Slot, on_delete=OnDelete.cascade, index=True)
    held_on = Date()
    topic = Varchar(length=200)
    attending_org_ids = Array(Integer())
    attendance = Integer()
    minutes = Text(default="")


class MajorIssue(Table, tablename="rot_issue"):
    """A major issue (重大问题) handled during a slot, and its outcome."""

    id = Serial(primary_key=True)
    slot_id = ForeignKey(Slot, on_delete=OnDelete.cascade, index=True)
    raised_on = Date()
    title = Varchar(length=200)
    outcome = Text(default="")
    resolved_on = Date(null=True, default=None)


class Theme(Table, tablename="rot_theme"):
    """An activity theme of the year (年度活动主题), chosen by the rotating chair."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    year = SmallInt()
    title = Varchar(length=200)
    chosen_by = Varchar(length=200)


class Series(Table, tablename="rot_series"):
    """A themed activity series (主题系列活动) a vice chair plans and runs in their slot."""

    id = Serial(primary_key=True)
    slot_id = ForeignKey(Slot, on_delete=OnDelete.cascade, index=True)
    theme_id = ForeignKey(Theme, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    title = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())


class Activity(Table, tablename="rot_activity"):
    """An activity held in the area: its kind, platform, date, organisers and participants
    (a head count, or a roster of members in `rot_participant`)."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    series_id = ForeignKey(Series, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    kind = Varchar(length=20, index=True)
    title = Varchar(length=200)
    platform_id = ForeignKey(Platform, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    held_on = Date(index=True)
    organiser_org_id = Integer(null=True, default=None)
    co_org_ids = Array(Integer())
    head_count = Integer(null=True, default=None)
    created_by = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())


class Participant(Table, tablename="rot_participant"):
    id = Serial(primary_key=True)
    activity_id = ForeignKey(Activity, on_delete=OnDelete.cascade)
    member_id = Integer(index=True)


class Visit(Table, tablename="rot_visit"):
    """A worker's visit received by the rotating chair (接待来访职工); with `voice` on it may
    become a complaint."""

    id = Serial(primary_key=True)
    area_id = ForeignKey(Area, on_delete=OnDelete.cascade, index=True)
    visited_on = Date()
    visitor = Varchar(length=100)
    member_id = Integer(null=True, default=None)
    org_id = Integer(null=True, default=None)
    matter = Text()
    received_by = Varchar(length=200)
    complaint_id = Integer(null=True, default=None)


class SlotNotice(Table, tablename="rot_slot_notice"):
    """A reminder (two weeks before a slot ends) or a flag (a slot ended without a series): once each."""

    id = Serial(primary_key=True)
    slot_id = ForeignKey(Slot, on_delete=OnDelete.cascade)
    kind = Varchar(length=10)  # reminded | flagged
    member_id = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
