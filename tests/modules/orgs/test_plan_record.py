"""Previewing a plan that is no longer a draft: an applied plan's preview shows what it did and
cannot be applied; a rolled-back plan's says so, then simulates applying it again."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from tests.modules.orgs.test_restructure import DAY, small_city


def counts(preview):
    """Parent -> (before, after); a new org by its ref, whether or not it exists yet."""
    return {p.ref or p.parent_id: (p.before, p.after) for p in preview.parents}


async def test_an_applied_plans_preview_shows_what_it_did_and_a_rolled_back_one_says_so(tenant, client, tenant_headers):
    async with tenant_scope(tenant.slug):
        city, counties, unions, direct = await small_city()
        plan = await restructure.create_plan(
            PlanIn(
                name="开发区改革",
                effective_on=DAY,
                new_orgs=[PlanNewOrg(ref="zone", name="高新区总工会", type="zone_federation", parent_id=city.id)],
                moves=[PlanMoveIn(org_id=u.id, parent_ref="zone") for u in unions[:7]]
                + [PlanMoveIn(org_id=direct[0].id, parent_id=counties[1].id)],
            )
        )
        draft = await restructure.preview_plan(plan.id)
        assert draft.can_apply and draft.warnings == []
        await restructure.apply_plan(plan.id)
        [zone] = [o.created_org_id for o in (await restructure.get_plan(plan.id)).new_orgs]

        applied = await restructure.preview_plan(plan.id)
        # Not a simulation against the tree it already changed: what it did, the draft's numbers.
        assert not applied.can_apply
        assert [(w.code, w.blocking) for w in applied.warnings] == [("plan_applied", True)]
        assert {p.ref: p.parent_id for p in applied.parents if p.ref} == {"zone": zone}
        assert (
            counts(applied)
            == counts(draft)
            == {
                "zone": (0, 7),
                city.id: (5, 5),  # two counties + 3 direct; then the zone federation in, one direct out
                counties[0].id: (5, 0),
                counties[1].id: (5, 4),  # two of its unions out, a direct union in
            }
        )
        assert applied.members_affected == draft.members_affected == 7
        assert (applied.moves, applied.new_orgs) == (8, 1)

        await restructure.rollback_plan(plan.id)
        again = await restructure.preview_plan(plan.id)
        assert again.can_apply
        assert [(w.code, w.blocking) for w in again.warnings] == [("plan_rolled_back", False)]
        assert counts(again) == counts(draft)

    # Through the API, in the reader's language.
    await client.post(f"/api/v1/t/{tenant.slug}/plans/{plan.id}/apply", headers=tenant_headers)
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/plans/{plan.id}/preview", headers={**tenant_headers, "Accept-Language": "en"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["can_apply"] is False
    [warning] = body["warnings"]
    assert "was applied on" in warning["en"] and "已于" in warning["zh"] and "已于" not in warning["en"]
