"""Welfare tables: the hardship registry, campaigns, applications, and the disbursement ledger.

Members and orgs are referred to by id (they belong to the orgs module and are
checked through its service). The money rules the database itself enforces
(see the migration `welfare_ledger_rules`): a payout's amount is positive and
its reference is unique and never changes; a batch's total of payouts never
exceeds its budget; paid and failed are final.
"""

from piccolo.columns import (
    JSONB,
    UUID,
    Array,
    BigInt,
    Boolean,
    Date,
    Integer,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class HardshipHousehold(Table, tablename="hardship_household"):
    """A hardship household file (困难职工档案): filed, reviewed, active, lifted."""

    id = Serial(primary_key=True)
    member_id = Integer(index=True)
    org_id = Integer(index=True)  # the union that filed it
    household_size = SmallInt()
    reasons = Array(Varchar(length=30))
    income_per_head_fen = Integer()  # monthly income per head
    evidence = Text(default="")
    bank_account = Varchar(length=200)  # sealed (see accounts.py), never the number
    status = Varchar(length=10, default="pending", index=True)  # pending | active | rejected | lifted
    filed_at = Timestamptz(default=TimestamptzNow())
    filed_by = Varchar(length=200)
    filed_by_account = Integer(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)
    reviewed_by = Varchar(length=200, null=True, default=None)
    review_note = Text(default="")
    active_from = Date(null=True, default=None)
    lifted_on = Date(null=True, default=None)
    lifted_at = Timestamptz(null=True, default=None)
    lifted_by = Varchar(length=200, null=True, default=None)
    lift_reason = Text(default="")


class Campaign(Table, tablename="relief_campaign"):
    """A relief campaign (救助活动): 送温暖 holiday relief, 大病救助 illness relief, or other."""

    id = Serial(primary_key=True)
    kind = Varchar(length=20, index=True)
    name = Varchar(length=200)
    year = SmallInt(index=True)
    org_id = Integer(null=True, default=None)  # whose subtree; None = the whole federation
    budget_fen = BigInt()
    eligibility = JSONB()
    amount_rule = JSONB()
    memo = Varchar(length=60, default="")
    status = Varchar(length=10, default="draft")  # draft | approved
    created_at = Timestamptz(default=TimestamptzNow())
    created_by = Varchar(length=200)
    approved_at = Timestamptz(null=True, default=None)
    approved_by = Varchar(length=200, null=True, default=None)
    batch_id = Integer(null=True, default=None)


class ReliefApplication(Table, tablename="relief_application"):
    """A case application (救助申请), e.g. for serious-illness relief."""

    id = Serial(primary_key=True)
    campaign = Integer(index=True)  # relief_campaign.id (foreign key in the rules migration)
    member_id = Integer(index=True)
    org_id = Integer()
    household_id = Integer(null=True, default=None)
    category = Varchar(length=30, default="illness")
    reason = Text(default="")
    bank_account = Varchar(length=200)  # sealed (see accounts.py), never the number
    requested_fen = BigInt()
    approved_fen = BigInt(null=True, default=None)
    status = Varchar(length=10, default="submitted")  # submitted | approved | rejected
    filed_at = Timestamptz(default=TimestamptzNow())
    filed_by = Varchar(length=200)
    decided_at = Timestamptz(null=True, default=None)
    decided_by = Varchar(length=200, null=True, default=None)
    decision_note = Text(default="")


class PayoutBatch(Table, tablename="payout_batch"):
    """A set of payouts from one source (a campaign, a reward round), within one budget."""

    id = Serial(primary_key=True)
    source = Varchar(length=100, unique=True)  # e.g. "welfare.campaign:12"; one batch per source
    title = Varchar(length=200)
    budget_fen = BigInt()
    total_fen = BigInt(default=0)  # kept by the database from the payouts inserted
    payout_count = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    created_by = Varchar(length=200)
    settled_at = Timestamptz(null=True, default=None)
    reconciled_at = Timestamptz(null=True, default=None)  # the first reconciliation with nothing open
    recheck_at = Timestamptz(null=True, default=None)  # reconcile again then (after the bank's settlement window)


class Payout(Table, tablename="payout"):
    """One payment to one beneficiary (发放记录): paid at most once, under one reference."""

    id = Serial(primary_key=True)
    batch = Integer()  # payout_batch.id (foreign key and indexes in the rules migration)
    beneficiary = Varchar(length=60)  # unique within the batch, e.g. "member:17"
    member_id = Integer(null=True, default=None, index=True)
    org_id = Integer(null=True, default=None)
    name = Varchar(length=100)
    account = Varchar(length=200)  # sealed (see accounts.py), never the number
    amount_fen = BigInt()
    memo = Varchar(length=60, default="")
    reference = Varchar(length=40, unique=True)
    state = Varchar(length=10, default="pending")  # pending | sending | unknown | paid | failed
    sends = Integer(default=0)
    queries = Integer(default=0)
    lease_token = UUID(null=True, default=None)
    lease_until = Timestamptz(null=True, default=None)
    next_check_at = Timestamptz(null=True, default=None)
    channel = Varchar(length=20, null=True, default=None)
    channel_txn = Varchar(length=60, null=True, default=None)
    failure_reason = Varchar(length=200, default="")
    doubted = Boolean(default=False)  # went through unknown or a lost lease before settling
    created_at = Timestamptz(default=TimestamptzNow())
    settled_at = Timestamptz(null=True, default=None)
    # When the worker was told of the payment over Telegram (or it was settled too long before
    # they linked their chat to be told): welfare's bot notices claim the paid ones without it.
    told_at = Timestamptz(null=True, default=None)


class PayoutOutbox(Table, tablename="payout_outbox"):
    """Work written in the same transaction as the payouts; the dispatcher puts it on arq."""

    id = Serial(primary_key=True)
    batch = Integer()  # payout_batch.id
    created_at = Timestamptz(default=TimestamptzNow())
    dispatched_at = Timestamptz(null=True, default=None)


class Reconciliation(Table, tablename="payout_reconciliation"):
    """One run of the ledger compared with the channel's statement (对账): every difference
    listed. Every run is kept; the latest is the batch's answer."""

    id = Serial(primary_key=True)
    batch = Integer()  # payout_batch.id (foreign key and indexes in the rules migration)
    at = Timestamptz(default=TimestamptzNow())
    trigger = Varchar(length=12, default="settlement")  # settlement | recheck | statement | manual
    checked = Integer()
    ledger_paid_fen = BigInt()
    channel_fen = BigInt()
    duplicated = Integer(default=0)
    differences = JSONB()
    ok = Boolean()


class BankFile(Table, tablename="bank_file"):
    """A payment file for the bank (银行代发文件): the orders the bank-file channel exported
    together. The file's text is written from its `bank_export` rows when an operator asks
    (`saishang welfare bank-files`); nothing lives in one process's home."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)  # PAY_<tenant>_<yyyymmddHHMMSS>_<id>.csv
    orders = Integer(default=0)
    total_fen = BigInt(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    fetched_at = Timestamptz(null=True, default=None)  # the last time an operator wrote it out


class BankExport(Table, tablename="bank_export"):
    """One payment order exported to the bank: a reference is exported once (unique), whichever
    worker exports it."""

    id = Serial(primary_key=True)
    reference = Varchar(length=40, unique=True)
    file = Integer(index=True)  # bank_file.id
    account = Varchar(length=200)  # sealed (see accounts.py), never the number
    name = Varchar(length=100)
    amount_fen = BigInt()
    memo = Varchar(length=200, default="")


class BankResult(Table, tablename="bank_result"):
    """The bank's answer for one exported reference, from a result file an operator imported
    (`saishang welfare bank-import`); a later file's answer replaces an earlier one."""

    id = Serial(primary_key=True)
    reference = Varchar(length=40, unique=True)
    outcome = Varchar(length=10)  # applied | rejected
    amount_fen = BigInt()
    bank_txn = Varchar(length=100, default="")
    reason = Varchar(length=500, default="")
    source = Varchar(length=300, default="")  # the result file's name
    imported_at = Timestamptz(default=TimestamptzNow())
