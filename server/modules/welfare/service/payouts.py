"""A campaign's money after approval: payment progress, its payouts (an org officer's holding
their subtree's only, the account masked for those who do not pay; the list's generated
`…/payouts/export` reads it, so the spreadsheet holds the same) and the last reconciliation."""

from __future__ import annotations

import msgspec

from server.errors import Conflict
from server.infra.pagination import Page
from server.modules.orgs import access
from server.modules.welfare import accounts
from server.modules.welfare import disbursement as engine
from server.modules.welfare import messages as msg
from server.modules.welfare.service.campaigns import CampaignOut, get_campaign
from server.platform.roles import SYSTEM, Actor


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
