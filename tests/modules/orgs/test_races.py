"""Tree changes racing each other (issue 13, item 1): every move, plan apply and rollback of a tenant
is serialised, so a pair that together would close a loop ends with one success and one clear
refusal, and the tree never holds a cycle. No sleeps: the first change holds its transaction open
until the second is seen waiting on it (`blocking_another`) or has finished without waiting."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from server.errors import DomainError
from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure, service
from server.modules.orgs.restructure import PlanIn, PlanMoveIn
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_org

DAY = dt.date(2017, 3, 28)
FOUNDED = dt.date(2000, 1, 1)


async def race(slug: str, first: Callable[[], Awaitable[Any]], second: Callable[[], Awaitable[Any]]) -> list[Any]:
    """Run `first` in a transaction and, while it is still uncommitted, `second` in another. `first`
    commits once `second` waits on one of its locks, or has finished (it did not wait: no lock)."""
    started, finished = asyncio.Event(), asyncio.Event()

    async def one() -> Any:
        async with tenant_scope(slug):
            out = await first()
            started.set()
            waiting = asyncio.ensure_future(blocking_another())
            done = asyncio.ensure_future(finished.wait())
            await asyncio.wait({waiting, done}, return_when=asyncio.FIRST_COMPLETED)
            for task in (waiting, done):
                task.cancel()
            await asyncio.gather(waiting, done, return_exceptions=True)
            return out

    async def two() -> Any:
        await started.wait()
        try:
            async with tenant_scope(slug):
                return await second()
        finally:
            finished.set()

    return list(await asyncio.gather(one(), two(), return_exceptions=True))


async def assert_no_cycle(slug: str) -> None:
    """Every org's walk up (by its current parent and by its open link) ends at a root."""
    async with tenant_scope(slug):
        c = service.conn()
        for sql in (
            "SELECT id, parent_id FROM org",
            "SELECT org_id AS id, parent_id FROM org_link WHERE valid_to IS NULL",
        ):
            looped = await c.fetch(
                f"""WITH RECURSIVE edge AS ({sql}),
                      up(start, id, depth) AS (
                        SELECT id, parent_id, 1 FROM edge WHERE parent_id IS NOT NULL
                        UNION ALL
                        SELECT up.start, e.parent_id, up.depth + 1 FROM up JOIN edge e ON e.id = up.id
                        WHERE e.parent_id IS NOT NULL AND up.id <> up.start AND up.depth < 100)
                    SELECT DISTINCT start FROM up WHERE id = start OR depth >= 100"""
            )
            assert not looped, f"orgs in a cycle ({sql}): {[r['start'] for r in looped]}"
        open_links = await c.fetch(
            "SELECT org_id FROM org_link WHERE valid_to IS NULL GROUP BY org_id HAVING count(*) > 1"
        )
        assert not open_links, f"orgs with two open links: {[r['org_id'] for r in open_links]}"
        for (org_id,) in await c.fetch("SELECT id FROM org"):
            await service.ancestors(org_id)  # terminates


def one_success(results: list[Any], code: str) -> None:
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], DomainError) and refused[0].code == code, refused[0]


async def two_unions(slug: str) -> tuple[int, int, int]:
    async with tenant_scope(slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        a = await make_org("大武口区总工会", "county_federation", city.id, founded_on=FOUNDED)
        b = await make_org("惠农区总工会", "county_federation", city.id, founded_on=FOUNDED)
    return city.id, a.id, b.id


async def plan(slug: str, org_id: int, parent_id: int) -> int:
    async with tenant_scope(slug):
        return (
            await restructure.create_plan(
                PlanIn(
                    name=f"{org_id}→{parent_id}",
                    effective_on=DAY,
                    moves=[PlanMoveIn(org_id=org_id, parent_id=parent_id)],
                )
            )
        ).id


async def test_two_moves_that_together_close_a_loop_one_is_refused(tenant):
    _, a, b = await two_unions(tenant.slug)
    results = await race(
        tenant.slug,
        lambda: service.move_org(a, b, on=DAY),
        lambda: service.move_org(b, a, on=DAY),
    )
    one_success(results, "cycle")
    await assert_no_cycle(tenant.slug)


async def test_a_move_racing_a_plan_that_closes_the_loop_one_is_refused(tenant):
    _, a, b = await two_unions(tenant.slug)
    plan_id = await plan(tenant.slug, b, a)
    results = await race(
        tenant.slug,
        lambda: service.move_org(a, b, on=DAY),
        lambda: restructure.apply_plan(plan_id),
    )
    one_success(results, "plan_invalid")
    await assert_no_cycle(tenant.slug)
    async with tenant_scope(tenant.slug):
        assert (await restructure.get_plan(plan_id)).status == "draft"


async def test_a_plan_racing_a_move_that_closes_the_loop_one_is_refused(tenant):
    _, a, b = await two_unions(tenant.slug)
    plan_id = await plan(tenant.slug, b, a)
    results = await race(
        tenant.slug,
        lambda: restructure.apply_plan(plan_id),
        lambda: service.move_org(a, b, on=DAY),
    )
    one_success(results, "cycle")
    await assert_no_cycle(tenant.slug)


async def test_two_plans_that_together_close_a_loop_one_is_refused(tenant):
    _, a, b = await two_unions(tenant.slug)
    first, second = await plan(tenant.slug, a, b), await plan(tenant.slug, b, a)
    results = await race(tenant.slug, lambda: restructure.apply_plan(first), lambda: restructure.apply_plan(second))
    one_success(results, "plan_invalid")
    await assert_no_cycle(tenant.slug)


async def test_two_plans_moving_one_org_to_the_same_parent_do_not_both_say_applied(tenant):
    _, a, b = await two_unions(tenant.slug)
    first, second = await plan(tenant.slug, a, b), await plan(tenant.slug, a, b)
    results = await race(tenant.slug, lambda: restructure.apply_plan(first), lambda: restructure.apply_plan(second))
    one_success(results, "plan_invalid")
    assert [w["code"] for w in results[1].extra["warnings"]] == ["no_change"]
    await assert_no_cycle(tenant.slug)
    async with tenant_scope(tenant.slug):
        assert {p.id: p.status for p in (await restructure.list_plans()).items} == {first: "applied", second: "draft"}
        assert (await service.get_org(a)).parent_id == b


async def test_a_rollback_racing_a_move_leaves_one_tree(tenant):
    city, a, b = await two_unions(tenant.slug)
    plan_id = await plan(tenant.slug, a, b)
    async with tenant_scope(tenant.slug):
        await restructure.apply_plan(plan_id)
    # The rollback puts `a` back under the city; meanwhile `b` is moved under `a`: together fine,
    # but the move must see the tree as the rollback left it (and not the reverse).
    results = await race(
        tenant.slug,
        lambda: restructure.rollback_plan(plan_id),
        lambda: service.move_org(b, a, on=DAY),
    )
    assert not any(isinstance(r, BaseException) for r in results), results
    await assert_no_cycle(tenant.slug)


# --- one member transferred by several requests at once (issue 13: "four 500s") -----------------


async def member_and_unions(slug: str, n: int) -> tuple[int, list[int]]:
    from tests.modules.orgs.factories import make_member

    async with tenant_scope(slug):
        city = await make_org("市总工会", "city_federation", founded_on=dt.date(1960, 1, 1))
        unions = [(await make_org(f"企业{i}工会", parent_id=city.id, founded_on=FOUNDED)).id for i in range(n)]
        member = await make_member(unions[0], joined_on=dt.date(2010, 1, 1))
    return member.id, unions[1:]


async def assert_one_open_placement(slug: str, member_id: int) -> int:
    async with tenant_scope(slug):
        c = service.conn()
        open_orgs = await c.fetch("SELECT org_id FROM placement WHERE member_id = $1 AND valid_to IS NULL", member_id)
        assert len(open_orgs) == 1, open_orgs
        assert await c.fetchval("SELECT org_id FROM member WHERE id = $1", member_id) == open_orgs[0]["org_id"]
        return open_orgs[0]["org_id"]


async def test_a_transfer_waiting_on_another_of_the_same_member_goes_after_it(tenant):
    member_id, (first, second) = await member_and_unions(tenant.slug, 3)
    results = await race(
        tenant.slug,
        lambda: service.transfer_member(member_id, first),
        lambda: service.transfer_member(member_id, second),
    )
    assert not any(isinstance(r, BaseException) for r in results), results
    assert await assert_one_open_placement(tenant.slug, member_id) == second


async def test_a_transfer_to_where_a_racing_one_just_put_the_member_is_refused(tenant):
    member_id, (target,) = await member_and_unions(tenant.slug, 2)
    results = await race(
        tenant.slug,
        lambda: service.transfer_member(member_id, target),
        lambda: service.transfer_member(member_id, target),
    )
    one_success(results, "same_org")
    assert await assert_one_open_placement(tenant.slug, member_id) == target


async def test_five_concurrent_transfers_of_one_member_answer_without_a_5xx(client, tenant, tenant_headers):
    member_id, unions = await member_and_unions(tenant.slug, 4)
    url = f"/api/v1/t/{tenant.slug}/members/{member_id}/transfer"
    targets = [*unions, unions[0], unions[1]]  # five requests, two of them to the same union as another
    answers = await asyncio.gather(*(client.post(url, json={"org_id": t}, headers=tenant_headers) for t in targets))
    assert all(r.status_code < 500 for r in answers), [(r.status_code, r.text) for r in answers]
    assert any(r.status_code == 200 for r in answers)
    refused = [r.json() for r in answers if r.status_code != 200]
    assert all(p["code"] == "same_org" and p["detail"] for p in refused), refused
    await assert_one_open_placement(tenant.slug, member_id)


async def test_closing_an_org_racing_a_child_created_under_it_is_refused(tenant):
    _, a, _ = await two_unions(tenant.slug)
    results = await race(
        tenant.slug,
        lambda: make_org("新建企业工会", parent_id=a, founded_on=FOUNDED),
        lambda: service.close_org(a, on=DAY),
    )
    one_success(results, "org_not_empty")
    async with tenant_scope(tenant.slug):
        assert (await service.get_org(a)).closed_on is None


async def test_closing_a_union_racing_a_transfer_into_it_is_refused(tenant):
    member_id, (target,) = await member_and_unions(tenant.slug, 2)
    results = await race(
        tenant.slug,
        lambda: service.transfer_member(member_id, target),
        lambda: service.close_org(target),
    )
    one_success(results, "org_not_empty")
    assert await assert_one_open_placement(tenant.slug, member_id) == target


async def test_a_member_added_to_a_union_being_closed_is_refused(tenant):
    from tests.modules.orgs.factories import make_member

    member_id, (target,) = await member_and_unions(tenant.slug, 2)
    results = await race(
        tenant.slug,
        lambda: service.close_org(target),
        lambda: make_member(target, name="李娜"),
    )
    one_success(results, "invalid_input")
    async with tenant_scope(tenant.slug):
        assert await service.member_ids_in([target]) == []


async def test_closing_a_union_racing_an_import_into_it_is_refused(tenant):
    from server.modules.orgs import bulk
    from tests.modules.orgs.factories import id_number

    async with tenant_scope(tenant.slug):
        union = await make_org("银河厂工会", founded_on=FOUNDED)
    content = f"姓名,身份证号,所属工会\n李娜,{id_number(dt.date(1985, 5, 1), 'F')},银河厂工会\n".encode()
    results = await race(
        tenant.slug,
        lambda: bulk.import_members(content, filename="m.csv"),
        lambda: service.close_org(union.id),
    )
    one_success(results, "org_not_empty")
    async with tenant_scope(tenant.slug):
        assert len(await service.member_ids_in([union.id])) == 1


async def test_an_import_into_a_union_being_closed_is_refused(tenant):
    from server.modules.orgs import bulk
    from tests.modules.orgs.factories import id_number

    async with tenant_scope(tenant.slug):
        union = await make_org("银河厂工会", founded_on=FOUNDED)
    content = f"姓名,身份证号,所属工会\n李娜,{id_number(dt.date(1985, 5, 1), 'F')},银河厂工会\n".encode()
    results = await race(
        tenant.slug,
        lambda: service.close_org(union.id),
        lambda: bulk.import_members(content, filename="m.csv"),
    )
    one_success(results, "import_org_closed")
    async with tenant_scope(tenant.slug):
        assert await service.member_ids_in([union.id]) == []
