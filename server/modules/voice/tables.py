"""Workers' voice tables: the three forms (三单), notices and deadline alerts. (The bot's own
tables moved to `server/bot/tables.py`.)"""

from piccolo.columns import (
    JSONB,
    BigInt,
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


class DemandOrder(Table, tablename="demand_order"):
    """An enterprise demand order (企业服务需求订单): an enterprise union folds
    related complaints into one order for the city federation."""

    id = Serial(primary_key=True)
    ref = Varchar(length=24, unique=True, null=True, default=None)  # type: ignore[assignment]  # the column shadows Table.ref
    org_id = Integer(index=True)  # the enterprise union that filed it
    title = Varchar(length=200)
    summary = Text(default="")
    status = Varchar(length=16, default="submitted", index=True)  # submitted, accepted, resolved
    created_by = Varchar(length=200, default="system")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    resolved_at = Timestamptz(null=True, default=None)


class AcceptanceForm(Table, tablename="acceptance_form"):
    """A union service acceptance form (工会维权服务受理单): the federation takes an
    order on, assigns an officer, and resolves it within 7-10 working days."""

    id = Serial(primary_key=True)
    ref = Varchar(length=24, unique=True, null=True, default=None)  # type: ignore[assignment]  # the column shadows Table.ref
    # One form per order: a database constraint, not an `if`.
    order = ForeignKey(references=DemandOrder, on_delete=OnDelete.restrict, unique=True)
    officer_account_id = Integer(null=True, default=None)
    officer_name = Varchar(length=200, default="")
    opened_on = Date(index=True)
    working_days = Integer(default=7)
    due_on = Date(index=True)
    provisional = Boolean(default=False)  # due_on counted on weekdays: the year's schedule is unknown
    status = Varchar(length=16, default="open", index=True)  # open, resolved
    resolved_on = Date(null=True, default=None)
    resolution = Text(default="")
    outcome = Varchar(length=32, default="")
    recovered_fen = BigInt(default=0)  # wages recovered (追讨欠薪), integer fen
    opened_by = Varchar(length=200, default="system")
    created_at = Timestamptz(default=TimestamptzNow())


class Complaint(Table, tablename="complaint"):
    """A worker's complaint or service request (职工维权服务菜单 / 抱怨单)."""

    id = Serial(primary_key=True)
    ref = Varchar(length=24, unique=True, null=True, default=None)  # type: ignore[assignment]  # the column shadows Table.ref
    member_id = Integer(null=True, default=None, index=True)  # unknown for an unsigned paper complaint
    org_id = Integer(index=True)  # the worker's enterprise union
    category = Varchar(length=24, index=True)
    text = Text()
    anonymous = Boolean(default=False)  # towards the enterprise union
    channel = Varchar(length=16)  # telegram, api, tui
    status = Varchar(length=16, default="submitted", index=True)  # submitted, ordered, accepted, resolved
    order = ForeignKey(references=DemandOrder, on_delete=OnDelete.set_null, null=True, default=None)
    answer = Text(default="")
    outcome = Varchar(length=32, default="")
    resolved_level = Varchar(length=16, default="")  # enterprise or federation
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    resolved_at = Timestamptz(null=True, default=None)
    rating = Integer(null=True, default=None)  # 1-5, by the worker
    rating_comment = Text(default="")
    rated_at = Timestamptz(null=True, default=None)


class ComplaintStep(Table, tablename="complaint_step"):
    """A complaint's status history, so the worker can follow it."""

    id = Serial(primary_key=True)
    complaint = ForeignKey(references=Complaint, on_delete=OnDelete.cascade, index=True)
    at = Timestamptz(default=TimestamptzNow())
    status = Varchar(length=16)
    note = Text(default="")


class Notice(Table, tablename="voice_notice"):
    """Something a worker must be told (status change, payment). The bot delivers it;
    `key` makes each notice happen once."""

    id = Serial(primary_key=True)
    key = Varchar(length=120, unique=True)
    member_id = Integer(index=True)
    kind = Varchar(length=32)  # status, resolved, payment
    params = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    delivered_at = Timestamptz(null=True, default=None, index=True)


class FormAlert(Table, tablename="voice_form_alert"):
    """A deadline reminder or an overdue escalation, raised once per form and kind."""

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True)  # "<form id>:<kind>"
    form = ForeignKey(references=AcceptanceForm, on_delete=OnDelete.cascade)
    kind = Varchar(length=16)  # reminder, overdue
    raised_on = Date()
    detail = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
