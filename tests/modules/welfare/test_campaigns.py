"""Approving a campaign writes its payouts once: twice, concurrently or over budget, nothing."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from server.errors import Conflict, InvalidInput, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare import service
from tests.modules.welfare.conftest import admin, holiday


async def counts(tenant: str) -> tuple[int, int, int]:
    async with tenant_scope(tenant):
        c = service.conn()
        return (
            await c.fetchval("SELECT count(*) FROM payout_batch"),
            await c.fetchval("SELECT count(*) FROM payout"),
            await c.fetchval("SELECT count(*) FROM payout_outbox"),
        )


async def test_approval_creates_payouts_references_and_outbox_in_one_go(world):
    async with tenant_scope(world.tenant):
        c = await service.create_campaign(holiday(), admin(world.tenant))
        preview = await service.preview_campaign(c.id)
        assert (preview.beneficiaries, preview.total_fen, preview.within_budget) == (6, 300_000, True)
        c = await service.approve_campaign(c.id, admin(world.tenant))
        assert c.status == "approved" and c.approved_by == "王主任" and c.batch_id
        rows = await service.conn().fetch("SELECT beneficiary, reference, amount_fen, state FROM payout")
    assert len({r["reference"] for r in rows}) == 6 and all(r["state"] == "pending" for r in rows)
    assert await counts(world.tenant) == (1, 6, 1)


async def test_approving_twice_is_refused_and_changes_nothing(world):
    async with tenant_scope(world.tenant):
        c = await service.create_campaign(holiday(), admin(world.tenant))
        await service.approve_campaign(c.id, admin(world.tenant))
    with pytest.raises(Conflict) as exc:
        async with tenant_scope(world.tenant):
            await service.approve_campaign(c.id, admin(world.tenant))
    assert exc.value.code == "already_approved"
    assert await counts(world.tenant) == (1, 6, 1)


async def test_concurrent_approvals_pay_once(world):
    async with tenant_scope(world.tenant):
        c = await service.create_campaign(holiday(), admin(world.tenant))

    async def approve():
        async with tenant_scope(world.tenant):
            return await service.approve_campaign(c.id, admin(world.tenant))

    results = await asyncio.gather(*(approve() for _ in range(4)), return_exceptions=True)
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))
    assert await counts(world.tenant) == (1, 6, 1)


async def test_over_budget_approval_is_refused_and_creates_nothing(world):
    async with tenant_scope(world.tenant):
        c = await service.create_campaign(holiday(budget_fen=299_999), admin(world.tenant))
    with pytest.raises(RuleViolation) as exc:
        async with tenant_scope(world.tenant):
            await service.approve_campaign(c.id, admin(world.tenant))
    assert exc.value.code == "over_budget"
    assert await counts(world.tenant) == (0, 0, 0)
    async with tenant_scope(world.tenant):
        assert (await service.get_campaign(c.id)).status == "draft"


async def test_the_database_itself_keeps_the_budget_and_the_references(world):
    async with tenant_scope(world.tenant):
        c = await service.approve_campaign(
            (await service.create_campaign(holiday(budget_fen=350_000), admin(world.tenant))).id, admin(world.tenant)
        )
    # Bypassing Python: one more payout than the budget allows is refused by the CHECK.
    with pytest.raises(asyncpg.CheckViolationError):
        async with tenant_scope(world.tenant):
            await service.conn().execute(
                "INSERT INTO payout (batch, beneficiary, name, account, amount_fen, reference, state, sends, queries, "
                "doubted, failure_reason, memo, created_at) VALUES ($1, 'member:999', 'x', '622200001111', 60000, "
                "'WFEXTRA', 'pending', 0, 0, false, '', '', now())",
                c.batch_id,
            )
    for sql in (
        "UPDATE payout SET reference = 'WFNEW'",
        "UPDATE payout SET amount_fen = 1",
        "DELETE FROM payout",
        "UPDATE payout_batch SET budget_fen = budget_fen + 1",
        "UPDATE payout_batch SET total_fen = 0",
    ):
        with pytest.raises(asyncpg.IntegrityConstraintViolationError):
            async with tenant_scope(world.tenant):
                await service.conn().execute(sql)
    # Paid is final.
    async with tenant_scope(world.tenant):
        await service.conn().execute("UPDATE payout SET state = 'paid' WHERE id = (SELECT min(id) FROM payout)")
    with pytest.raises(asyncpg.IntegrityConstraintViolationError):
        async with tenant_scope(world.tenant):
            await service.conn().execute("UPDATE payout SET state = 'pending' WHERE state = 'paid'")


async def test_create_batch_refuses_bad_items_whole(tenant):
    items = [
        engine.PayoutItem("a", "甲", "622200001111", 100),
        engine.PayoutItem("b", "乙", "622200001112", 0),
        engine.PayoutItem("c", "丙", "622200001113", -5),
        engine.PayoutItem("d", "丁", "622200001114", 1.5),
        engine.PayoutItem("a", "甲", "622200001111", 100),
        engine.PayoutItem("e", "戊", "bad acct!", 100),
    ]
    with pytest.raises(InvalidInput) as exc:
        async with tenant_scope(tenant.slug):
            await engine.create_batch("skills.reward:1", "奖励", items, budget_fen=10_000)
    errs = {(e.field, e.row) for e in exc.value.errors}
    assert {("amount_fen", 2), ("amount_fen", 3), ("amount_fen", 4), ("beneficiary", 5), ("account", 6)} <= errs
    assert await counts(tenant.slug) == (0, 0, 0)


async def test_illness_applications_are_paid_their_approved_amounts(world):
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
                c.id,
                service.ApplicationIn(
                    member_id=m, requested_fen=500_000, bank_account="6222000011112222", reason="住院"
                ),
                a,
            )
            for m in world.members[:3]
        ]
        await service.decide_application(apps[0].id, service.DecisionIn(approve=True, approved_fen=400_000), a)
        with pytest.raises(InvalidInput):  # more than was asked for
            await service.decide_application(apps[1].id, service.DecisionIn(approve=True, approved_fen=600_000), a)
        await service.decide_application(apps[1].id, service.DecisionIn(approve=True), a)
        await service.decide_application(apps[2].id, service.DecisionIn(approve=False, note="不符合条件"), a)
        preview = await service.preview_campaign(c.id)
    assert (preview.beneficiaries, preview.total_fen) == (2, 900_000)
