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
