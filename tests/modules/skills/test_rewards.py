"""凤城工匠助推奖励: the rule in force on each certificate's date, a run previewed, approved and
paid through the disbursement engine, and a second run that pays nothing more."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidInput, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.orgs import service as orgs
from server.modules.skills import report, service
from server.modules.welfare import disbursement
from tests.conftest import blocking_another
from tests.modules.skills.conftest import admin
from tests.modules.welfare.conftest import pay_with_simulated_bank

OLD_RULE = [(1, 200_000), (2, 100_000), (3, 30_000)]  # 2014: 2,000 / 1,000 / 300 yuan (made up)
NEW_RULE = [(1, 300_000), (2, 200_000), (3, 50_000)]  # revised 2017-08-01: 3,000 / 2,000 / 500 yuan


async def add_rules(tenant: str) -> None:
    a = admin(tenant)
    await service.create_rule(
        service.RuleIn(
            dt.date(2014, 1, 1), "凤城工匠助推奖励办法（2014）", [service.AmountIn(lv, f) for lv, f in OLD_RULE]
        ),
        a,
    )
    await service.create_rule(
        service.RuleIn(
            dt.date(2017, 8, 1),
            "凤城工匠助推奖励办法（2017年8月修订）",
            [service.AmountIn(lv, f) for lv, f in NEW_RULE],
        ),
        a,
    )


def cert(number: str, member: int, level: int, issued: dt.date, **kw) -> service.CertificateIn:
    return service.CertificateIn(
        number=number,
        member_id=member,
        level=level,
        issued_on=issued,
        route=kw.pop("route", "exam"),
        issuer="宁夏职业技能鉴定中心",
        bank_account=kw.pop("bank_account", f"6228{member:012d}"),
        **kw,
    )


async def test_the_rule_in_force_on_the_certificate_date_and_a_second_run_pays_nothing(world):
    a = admin(world.tenant)
    m = world.members
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        assert (await service.rule_in_force(dt.date(2017, 7, 31))).amounts[2] == 100_000
        assert (await service.rule_in_force(dt.date(2017, 8, 1))).amounts[2] == 200_000
        assert await service.rule_in_force(dt.date(2013, 12, 31)) is None
        await service.record_certificates(
            [
                cert("YC2017-0001", m[0], 2, dt.date(2017, 7, 31)),  # the older rule: 1,000 yuan
                cert("YC2017-0002", m[1], 2, dt.date(2017, 8, 1)),  # the revision: 2,000 yuan
                cert("YC2017-0003", m[2], 1, dt.date(2017, 9, 9), route="competition"),  # 3,000 yuan
                cert("YC2017-0004", m[3], 4, dt.date(2017, 9, 9)),  # level 4: no reward under either rule
                cert("YC2017-0005", m[3], 3, dt.date(2017, 10, 1), bank_account=None),  # no account: waits
            ],
            a,
        )
        # the certificates raised the members' levels (never lowering them)
        levels = {i: x.level for i, x in (await orgs.get_members(m)).items()}
        assert levels[m[0]] <= 2 and levels[m[2]] == 1 and levels[m[3]] <= 3
        run = await service.create_run(service.RunIn(year=2017), a)
    assert run.state == "preview" and run.line_count == 3
    assert run.total_fen == 100_000 + 200_000 + 300_000
    assert run.without_account == 1
    by = {(g.level, g.rule_effective_from): g.total_fen for g in run.groups}
    assert by == {
        (1, dt.date(2017, 8, 1)): 300_000,
        (2, dt.date(2014, 1, 1)): 100_000,
        (2, dt.date(2017, 8, 1)): 200_000,
    }
    async with tenant_scope(world.tenant):
        run = await service.approve_run(run.id, a)
        batch = await disbursement.batch_for_source(f"skills.reward:{run.id}")
    assert run.state == "approved" and batch is not None and batch.id == run.batch_id and batch.total_fen == 600_000
    await pay_with_simulated_bank(world.tenant, run.batch_id)
    async with tenant_scope(world.tenant):
        paid = await service.get_run(run.id)
        assert paid.paid == 3 and paid.paid_fen == 600_000 and paid.open == 0
        again = await service.create_run(service.RunIn(year=2017), a)
        assert again.line_count == 0 and again.total_fen == 0
        again = await service.approve_run(again.id, a)
        assert again.batch_id is None
        with pytest.raises(RuleViolation):
            await service.approve_run(run.id, a)  # approved already
        figures = await report.figures(2017)
    assert figures["rewards_paid_fen"] == 600_000 and figures["rewarded_certificates"] == 3


async def test_honours_are_paid_by_the_run_once(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        h = await service.award_honour(
            service.HonourIn("凤城工匠", world.members[0], dt.date(2017, 11, 20), 1_000_000, "6228000000000001"), a
        )
        run = await service.create_run(service.RunIn(year=2017), a)
        assert run.total_fen == 1_000_000 and [g.label for g in run.groups] == ["凤城工匠"]
        # a run cancelled in preview frees the honour for the next run
        await service.cancel_run(run.id, a)
        run = await service.create_run(service.RunIn(year=2017), a)
        assert run.line_count == 1
        await service.approve_run(run.id, a)
        assert (await service.create_run(service.RunIn(year=2017), a)).line_count == 0
        assert (await service.list_honours(limit=10)).items[0].rewarded
    assert h.amount_fen == 1_000_000


async def test_bad_rules_and_runs_change_nothing(world):
    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        with pytest.raises(InvalidInput) as bad:
            await service.create_rule(
                service.RuleIn(dt.date(2018, 1, 1), "坏规则", [service.AmountIn(6, 100), service.AmountIn(2, -5)]), a
            )
        assert {(e.field, e.row) for e in bad.value.errors} == {("level", 1), ("amount_fen", 2)}
        with pytest.raises(InvalidInput):
            await service.create_run(service.RunIn(year=1800), a)
        assert await service.list_rules() == []
        assert (await service.list_runs(limit=10)).items == []


async def test_two_runs_computed_at_once_take_each_certificate_once(world):
    """The second run waits on the first's uncommitted lines and leaves those certificates to it."""
    import asyncio

    a = admin(world.tenant)
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        await service.record_certificates(
            [cert(f"YC-R{i}", m, 2, dt.date(2017, 9, 1)) for i, m in enumerate(world.members)], a
        )
    first_done = asyncio.Event()

    async def first():
        async with tenant_scope(world.tenant):
            run = await service.create_run(service.RunIn(year=2017), a)
            first_done.set()
            await blocking_another()  # the transaction stays open until the other is seen waiting on it
            return run, True

    async def second():
        await first_done.wait()
        async with tenant_scope(world.tenant):
            return await service.create_run(service.RunIn(year=2017), a)

    (one, raced), two = await asyncio.gather(first(), second())
    assert raced, "the second run never waited on the first"
    assert one.line_count == len(world.members) and two.line_count == 0
    async with tenant_scope(world.tenant):
        assert (await service.get_run(two.id)).line_count == 0
