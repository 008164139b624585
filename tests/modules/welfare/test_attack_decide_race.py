"""An application decided (or filed) while its campaign is being approved is either in the
approved batch or refused (`campaign_closed`), never approved and left out of the payments. The
decision read the campaign as a draft without a lock, so it could be approved after the batch was
drawn (and a new application filed into the approved campaign)."""

from __future__ import annotations

import asyncio

from server.errors import Conflict
from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import service
from tests.conftest import blocking_another
from tests.modules.welfare.conftest import World, admin


async def test_a_decision_racing_the_approval_is_paid_or_refused(world: World):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        c = await service.create_campaign(
            service.CampaignIn(
                kind="illness_relief",
                name="大病救助",
                year=2017,
                budget_fen=1_000_000,
                eligibility=service.Eligibility(rule="applications"),
                amount_rule=service.AmountRule(rule="approved_amount"),
            ),
            a,
        )
        apps = [
            await service.submit_application(
                c.id, service.ApplicationIn(member_id=m, requested_fen=100_000, bank_account="6222000011112222"), a
            )
            for m in world.members[:2]
        ]
        await service.decide_application(apps[0].id, service.DecisionIn(approve=True), a)
    approving = asyncio.Event()

    async def approve() -> None:
        async with tenant_scope(world.tenant):
            await service.approve_campaign(c.id, a)
            approving.set()
            await blocking_another()  # the decision waits on the approval before it commits

    async def late(change) -> str:  # noqa: ANN001
        await approving.wait()
        try:
            async with tenant_scope(world.tenant):
                await change()
            return "done"
        except Conflict as exc:
            return exc.code

    _, decided, applied = await asyncio.gather(
        approve(),
        late(lambda: service.decide_application(apps[1].id, service.DecisionIn(approve=True), a)),
        late(
            lambda: service.submit_application(
                c.id,
                service.ApplicationIn(member_id=world.members[2], requested_fen=1, bank_account="6222000011112222"),
                a,
            )
        ),
    )
    assert decided == applied == "campaign_closed"  # neither slips in behind the batch
    async with tenant_scope(world.tenant):
        status = await conn().fetchval("SELECT status FROM relief_application WHERE id = $1", apps[1].id)
        paid = await conn().fetchval("SELECT count(*) FROM payout")
    assert (status, paid) == ("submitted", 1)  # not approved behind the batch's back
