"""Tree races test_races.py does not run: one plan applied twice at once. One apply stands, the
other is refused (`plan_applied`), and the tree holds each move once: no cycle, one open link per
org, and the moved org under its new parent."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure, service
from tests.modules.orgs.test_races import assert_no_cycle, one_success, plan, race, two_unions


async def test_one_plan_applied_twice_at_once_applies_once(tenant):
    _, a, b = await two_unions(tenant.slug)
    async with tenant_scope(tenant.slug):
        union = (await service.create_org(service.OrgIn(name="某厂工会", type="enterprise_union", parent_id=a))).id
    p = await plan(tenant.slug, union, b)
    one_success(
        await race(tenant.slug, lambda: restructure.apply_plan(p), lambda: restructure.apply_plan(p)), "plan_applied"
    )
    await assert_no_cycle(tenant.slug)
    async with tenant_scope(tenant.slug):
        links = await service.conn().fetch(
            "SELECT parent_id, valid_to IS NULL AS open FROM org_link WHERE org_id = $1 ORDER BY valid_from, id", union
        )
    assert [(r["parent_id"], r["open"]) for r in links] == [(a, False), (b, True)]


async def rolled_back_union(slug: str) -> tuple[int, int, str]:
    """A plan that created a union, applied: (plan, the union, the union's name)."""
    import datetime as dt

    from server.modules.orgs.restructure import PlanIn, PlanNewOrg

    _, a, _ = await two_unions(slug)
    async with tenant_scope(slug):
        p = await restructure.create_plan(
            PlanIn(
                name="新建工会",
                effective_on=dt.date(2017, 3, 28),
                new_orgs=[PlanNewOrg(ref="new", name="新建厂工会", type="enterprise_union", parent_id=a)],
            )
        )
        await restructure.apply_plan(p.id)
        created = (await restructure.get_plan(p.id)).new_orgs[0].created_org_id
    assert created is not None
    return p.id, created, "新建厂工会"


async def test_an_import_into_a_union_whose_plan_is_rolled_back_meanwhile_is_refused(tenant):
    """The rollback deletes the union the plan created; an import into it that started before the
    rollback committed is refused with a clear conflict, never a 500, and the union is gone."""
    from server.errors import DomainError
    from server.modules.orgs import bulk
    from tests.modules.orgs.test_import import members_csv, to_csv

    p, union, name = await rolled_back_union(tenant.slug)
    headers, rows = members_csv([name], 5)
    content = to_csv(headers, rows)
    rolled, imported = await race(
        tenant.slug,
        lambda: restructure.rollback_plan(p),
        lambda: bulk.import_members(content, filename="m.csv"),
    )
    assert not isinstance(rolled, BaseException), rolled
    assert isinstance(imported, DomainError), imported
    async with tenant_scope(tenant.slug):
        assert await service.conn().fetchval("SELECT count(*) FROM org WHERE id = $1", union) == 0
        assert await service.conn().fetchval("SELECT count(*) FROM member") == 0
    await assert_no_cycle(tenant.slug)


async def test_a_rollback_while_an_import_fills_the_union_it_created_is_refused(tenant):
    """The other order: the import has written its members into the plan's union, uncommitted, when
    the rollback runs. The rollback waits for it and then finds the members (refused, the union
    stays with them), never a 500."""
    from server.errors import DomainError
    from server.modules.orgs import bulk
    from tests.modules.orgs.test_import import members_csv, to_csv

    p, union, name = await rolled_back_union(tenant.slug)
    headers, rows = members_csv([name], 5)
    content = to_csv(headers, rows)
    imported, rolled = await race(
        tenant.slug,
        lambda: bulk.import_members(content, filename="m.csv"),
        lambda: restructure.rollback_plan(p),
    )
    assert not isinstance(imported, BaseException), imported
    assert isinstance(rolled, DomainError), rolled
    async with tenant_scope(tenant.slug):
        assert await service.conn().fetchval("SELECT count(*) FROM member WHERE org_id = $1", union) == 5
    await assert_no_cycle(tenant.slug)
