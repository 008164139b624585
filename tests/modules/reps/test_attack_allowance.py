"""The allowance of a period, paid in two goes (a representative seated by a by-election, or one
left out the first time): the second is paid, not refused as `already_paid`; each representative
is still paid once per period, and two payments of one representative racing each other leave one."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from server.errors import Conflict, InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.conftest import blocking_another
from tests.modules.reps.conftest import World, admin, elected


def pay(*reps: int) -> service.AllowanceIn:
    return service.AllowanceIn(
        "2017-Q1", 20000, [service.PayeeIn(r, f"62220202000{i:02d}") for i, r in enumerate(reps, start=1)]
    )


async def test_a_period_paid_in_two_goes_pays_each_once(world: World):
    reps = await elected(world)
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        first = await service.pay_allowance(world.congress, pay(reps[0]), a)
        second = await service.pay_allowance(world.congress, pay(reps[1]), a)
    assert (first.paid, second.paid) == (1, 1) and first.batch_id != second.batch_id
    with pytest.raises(Conflict) as again:
        async with tenant_scope(world.tenant):
            await service.pay_allowance(world.congress, pay(reps[1]), a)
    assert again.value.code == "already_paid"

    async def racing() -> str:
        try:
            async with tenant_scope(world.tenant):
                await service.pay_allowance(
                    world.congress, service.AllowanceIn("2017-Q2", 20000, pay(reps[0]).payees), a
                )
                await blocking_another()  # the other waits on this one's row before either commits
            return "paid"
        except Conflict as exc:
            return exc.code

    assert sorted(await asyncio.gather(racing(), racing())) == ["already_paid", "paid"]
    async with tenant_scope(world.tenant):
        rows = await conn().fetch("SELECT amount_fen FROM payout WHERE beneficiary = $1", f"representative:{reps[0]}")
    assert len(rows) == 2  # Q1 and Q2, once each


async def test_one_period_scheme_so_a_month_is_never_paid_twice(world: World):
    """A quarter only (2017-Q1): a month (2017-03) is refused naming `period`, by the service and
    by the database, so March cannot be paid once as a month and again within the quarter."""
    reps = await elected(world)
    a = admin(world.tenant)
    with pytest.raises(InvalidInput) as bad:
        async with tenant_scope(world.tenant):
            await service.pay_allowance(world.congress, service.AllowanceIn("2017-03", 20000, pay(reps[0]).payees), a)
    assert [e.field for e in bad.value.errors] == ["period"]
    with pytest.raises(asyncpg.CheckViolationError):
        async with tenant_scope(world.tenant):
            await conn().execute(
                "INSERT INTO rep_allowance (representative_id, period, amount_fen) VALUES ($1, '2017-03', 1)", reps[0]
            )
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM rep_allowance") == 0
