"""A campaign's money after approval: payment progress, its payouts (listed and exported,
an org officer's holding their subtree's only) and the last reconciliation."""

from __future__ import annotations

from typing import Any

import msgspec

from server.errors import Conflict
from server.infra import sheets
from server.infra.pagination import Page
from server.modules.orgs import access
from server.modules.welfare import accounts
from server.modules.welfare import disbursement as engine
from server.modules.welfare import messages as msg
from server.modules.welfare.service.campaigns import CampaignOut, get_campaign
from server.platform.roles import SYSTEM, Actor

EXPORT_PAGE = 500
HEADERS = [
    "序号 No.",
    "姓名 Name",
    "会员 Member",
    "账号 Account",
    "金额(元) Yuan",
    "状态 State",
    "参考号 Reference",
    "通道流水 Channel txn",
    "失败原因 Failure",
]


def _batch_of(c: CampaignOut) -> int:
    if c.batch_id is None:
        raise Conflict(msg.NOT_APPROVED, code="not_approved", campaign=c.id)
    return c.batch_id


async def campaign_progress(campaign_id: int, actor: Actor = SYSTEM) -> engine.Progress:
    return await engine.progress(_batch_of(await get_campaign(campaign_id, actor)))


async def campaign_payouts(
    campaign_id: int,
    *,
    state: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    actor: Actor = SYSTEM,
) -> Page[engine.PayoutOut]:
    batch_id = _batch_of(await get_campaign(campaign_id, actor))
    items, next_cursor = await engine.list_payouts(
        batch_id, state=state, org_ids=await access.visible_org_ids(actor), limit=limit, cursor=cursor
    )
    return Page(items=[_as_seen(p, actor) for p in items], next_cursor=next_cursor)


def _as_seen(p: engine.PayoutOut, actor: Actor) -> engine.PayoutOut:
    """The account whole for those who pay, masked for everyone else."""
    return p if accounts.sees_whole(actor) else msgspec.structs.replace(p, account=accounts.mask(p.account))


async def campaign_reconciliation(campaign_id: int, actor: Actor = SYSTEM) -> engine.ReconciliationOut | None:
    c = await get_campaign(campaign_id, actor)
    return await engine.latest_reconciliation(c.batch_id) if c.batch_id else None


async def export_payouts_xlsx(campaign_id: int, actor: Actor = SYSTEM) -> bytes:
    """The campaign's payouts as a spreadsheet (发放明细): amounts in yuan with two decimals.
    An org officer's holds the payouts of their subtree, and its summary counts those."""
    return sheets.to_xlsx(*await payout_sheets(campaign_id, actor))


async def payout_sheets(campaign_id: int, actor: Actor = SYSTEM) -> list[sheets.Sheet]:
    """The rows of `export_payouts_xlsx`, read in the scope; the API writes them after it closes."""
    c = await get_campaign(campaign_id, actor)
    batch_id = _batch_of(c)
    org_ids = await access.visible_org_ids(actor)
    n = paid = paid_fen = failed = unknown = 0
    lines: list[list[Any]] = []
    cursor: str | None = None
    while True:
        rows, cursor = await engine.list_payouts(batch_id, org_ids=org_ids, limit=EXPORT_PAGE, cursor=cursor)
        for p in rows:
            n += 1
            paid += p.state == "paid"
            paid_fen += p.amount_fen if p.state == "paid" else 0
            failed += p.state == "failed"
            unknown += p.state == "unknown"
            lines.append(
                [
                    n,
                    p.name,
                    p.member_id,
                    p.account if accounts.sees_whole(actor) else accounts.mask(p.account),
                    float(p.amount_fen) / 100,
                    p.state,
                    p.reference,
                    p.channel_txn or "",
                    p.failure_reason,
                ]
            )
        if cursor is None:
            break
    summary: list[list[Any]] = [
        ["活动 Campaign", c.name],
        ["年度 Year", c.year],
        ["预算(元) Budget", c.budget_fen / 100],
        ["人数 Payouts", n],
        ["已发 Paid", paid],
        ["已发金额(元) Paid yuan", paid_fen / 100],
        ["失败 Failed", failed],
        ["待定 Unknown", unknown],
    ]
    return [
        sheets.Sheet("发放明细", HEADERS, lines, number_formats={5: "0.00"}),
        sheets.Sheet("汇总 Summary", [], summary),
    ]
