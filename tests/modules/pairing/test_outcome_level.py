"""An agreement's outcome that raises the apprentice's qualification level (级别提升) raises
the member's level in orgs, in the same transaction; a raise never lowers a level."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import InvalidInput
from server.infra.tenancy import tenant_scope
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing import service
from server.modules.pairing.service import CandidateIn, CandidatesIn, OutcomeIn
from tests.modules.pairing.helpers import make_world, person, programme

DONE = dt.date(2017, 12, 20)


async def agreements_for(apprentice_levels: list[int | None]) -> dict[int, int]:
    """A master at 高级技师 with a welder apprentice per level given; apprentice member id → agreement id."""
    w = await make_world()
    master = await person(w, "王师傅", w.steel, "焊工", 1)
    apprentices = [await person(w, f"徒弟{i}", w.steel, "焊工", level) for i, level in enumerate(apprentice_levels)]
    prog = await programme(w, default_capacity=len(apprentices))
    await service.add_candidates(
        prog.id,
        CandidatesIn(candidates=[CandidateIn(master, "master")] + [CandidateIn(a, "apprentice") for a in apprentices]),
    )
    await service.accept((await service.propose(prog.id)).id)
    agreed = {a.apprentice_member_id: a.id for a in (await service.list_agreements(programme_id=prog.id)).items}
    return {a: agreed[a] for a in apprentices}  # in the order of the levels given


async def test_a_level_raised_at_the_end_of_an_agreement_is_the_members_level(tenant):
    async with tenant_scope(tenant.slug):
        agreements = await agreements_for([4, None, 4, 4])
        a_mid, a_none, a_same, a_higher = agreements
        # 中级工 → 高级工
        done = await service.record_outcome(agreements[a_mid], OutcomeIn(level_after=3, completed_on=DONE))
        assert done.level_raised and (await orgs.get_member(a_mid)).level == 3
        # uncertified → 初级工
        await service.record_outcome(agreements[a_none], OutcomeIn(level_after=5, completed_on=DONE))
        assert (await orgs.get_member(a_none)).level == 5
        # No raise recorded (the same level, a competition result): the member is as they were.
        await service.record_outcome(
            agreements[a_same], OutcomeIn(level_after=4, competition_result="市焊工大赛三等奖", completed_on=DONE)
        )
        assert (await orgs.get_member(a_same)).level == 4
        # Raised meanwhile to 技师 by the enterprise; the agreement's 高级工 does not lower that.
        await orgs.update_member(a_higher, orgs.MemberPatch(level=2))
        done = await service.record_outcome(agreements[a_higher], OutcomeIn(level_after=3, completed_on=DONE))
        assert done.level_raised and (await orgs.get_member(a_higher)).level == 2
        # The raises are in the tenant's log, dated and with their reason.
        events = (await activity.list_events(action="orgs.member.level_raised")).items
        assert sorted((e.subject, e.detail["from"], e.detail["to"]) for e in events) == sorted(
            [(f"member:{a_mid}", 4, 3), (f"member:{a_none}", None, 5)]
        )
        assert {e.detail["on"] for e in events} == {DONE.isoformat()}
        assert all(f"#{agreements[a_mid]}" in e.detail["reason"] for e in events if e.subject == f"member:{a_mid}")


async def test_a_refused_outcome_changes_neither_the_agreement_nor_the_member(tenant):
    async with tenant_scope(tenant.slug):
        agreements = await agreements_for([4])
        ((apprentice, agreement_id),) = agreements.items()
        with pytest.raises(InvalidInput) as raised:
            await service.record_outcome(
                agreement_id, OutcomeIn(level_after=3, completed_on=orgs.today() + dt.timedelta(days=3))
            )
        assert [e.field for e in raised.value.errors] == ["completed_on"]
        assert (await orgs.get_member(apprentice)).level == 4
        assert (await service.get_agreement(agreement_id)).status == "active"


async def test_the_outcome_over_http_shows_in_the_member_record(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        ((apprentice, agreement_id),) = (await agreements_for([5])).items()
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(
        f"{base}/pairing/agreements/{agreement_id}/outcome",
        json={"level_after": 4, "completed_on": "2017-12-20"},
        headers=tenant_headers,
    )
    assert r.status_code in (200, 201), r.text
    assert r.json()["level_raised"] is True
    member = (await client.get(f"{base}/members/{apprentice}", headers=tenant_headers)).json()
    assert member["level"] == 4


async def test_raising_levels_in_orgs_never_lowers_and_checks_its_input(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        low = await person(w, "甲", w.steel, "焊工", 5)
        high = await person(w, "乙", w.steel, "焊工", 1)
        none = await person(w, "丙", w.steel, "焊工", None)
        raised = await orgs.raise_member_levels({low: 4, high: 2, none: 3}, on=DONE, reason="年度技能鉴定")
        assert raised == sorted([low, none])
        assert [(await orgs.get_member(m)).level for m in (low, high, none)] == [4, 1, 3]
        with pytest.raises(InvalidInput) as bad:
            await orgs.raise_member_levels({low: 0}, on=DONE, reason="x")
        assert [e.field for e in bad.value.errors] == ["level"]
        with pytest.raises(InvalidInput) as bad:
            await orgs.raise_member_level(low, 3, on=orgs.today() + dt.timedelta(days=1), reason="")
        assert [e.field for e in bad.value.errors] == ["on", "reason"]
        assert (await orgs.get_member(low)).level == 4
