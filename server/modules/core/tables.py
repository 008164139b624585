from piccolo.columns import JSONB, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Event(Table, tablename="event"):
    """One entry of the tenant's activity log (操作日志): who did what, when."""

    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_account_id = Integer(null=True, default=None)
    actor = Varchar(length=200, default="system")
    action = Varchar(length=100, index=True)
    subject = Varchar(length=200, default="")
    detail = JSONB(default={})


class HolidaySchedule(Table, tablename="holiday_schedule"):
    """A year's official holiday schedule (节假日安排) loaded by an admin, for
    years the `chinese-calendar` package does not know (or to correct it)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)
    holidays = JSONB(default=[])  # ISO dates that are days off though weekdays
    workdays = JSONB(default=[])  # ISO dates that are working days though weekend (调休)
    source = Varchar(length=300, default="")
    loaded_by = Varchar(length=200, default="system")
    loaded_at = Timestamptz(default=TimestamptzNow())
