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
