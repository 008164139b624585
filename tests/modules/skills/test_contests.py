"""岗位练兵 and 劳动竞赛: drills recorded per enterprise and trade; a competition with its enterprises,
participation rate and results; members recommended to regional and national contests."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Conflict, InvalidInput
from server.infra.tenancy import tenant_scope
from server.modules.skills import report, service
from tests.modules.skills.conftest import admin, officer


async def test_drills_competitions_and_recommendations(world):
    fed, chair = admin(world.tenant), officer(world.tenant, world.union)
    async with tenant_scope(world.tenant):
        await service.record_drill(service.DrillIn("宁夏软件园", "软件", dt.date(2017, 4, 1), 40, world.union), chair)
        await service.record_drill(service.DrillIn("宁夏软件园", "电商", dt.date(2017, 5, 1), 35, world.union), chair)
        await service.record_drill(service.DrillIn("银川公交公司", "新能源公交车", dt.date(2017, 6, 1), 60), fed)
        c = await service.create_competition(
            service.CompetitionIn(
                "2017年快递职业技能大赛",
                "skills_contest",
                "city",
                dt.date(2017, 9, 1),
                dt.date(2017, 9, 3),
                theme="喜迎党的十九大",
            ),
            fed,
        )
        c = await service.add_entries(
            c.id,
            [
                service.EntryIn("宁夏软件园", eligible=100, participants=95, org_id=world.union),
                service.EntryIn("银川物流公司", eligible=50, participants=46, org_id=world.other),
            ],
            fed,
        )
        assert c.enterprises == 2 and c.participants == 141 and c.participation_rate == round(141 / 150, 4)
        c = await service.record_results(c.id, [service.ResultIn(world.members[0], 1, "一等奖")], fed)
        assert c.results == 1
        r = await service.recommend(
            service.RecommendationIn(world.members[0], "national", "全国快递职业技能大赛", dt.date(2017, 10, 1)), fed
        )
        assert r.org_id == world.union
        mine = await service.list_drills(year=2017, actor=chair, limit=10)
        f = await report.figures(2017)
    assert len(mine.items) == 2  # the officer's subtree only
    assert f["drill_sessions"] == 3 and f["drill_enterprises"] == 2 and f["drill_workers"] == 135
    assert f["competitions"] == 1 and f["competition_enterprises"] == 2 and f["competition_participants"] == 141
    assert f["competition_participation_rate"] == round(141 / 150, 4)
    with pytest.raises(Conflict):  # an enterprise takes part once per competition
        async with tenant_scope(world.tenant):
            await service.add_entries(c.id, [service.EntryIn("宁夏软件园", 10, 9)], fed)
    with pytest.raises(InvalidInput) as bad:
        async with tenant_scope(world.tenant):
            await service.add_entries(
                c.id,
                [service.EntryIn("某企业", 10, 12), service.EntryIn("某企业", 10, 5), service.EntryIn("", 1, 1)],
                fed,
            )
    assert sorted((e.row, e.field) for e in bad.value.errors) == [(1, "eligible"), (2, "enterprise"), (3, "enterprise")]
    async with tenant_scope(world.tenant):
        assert (await service.get_competition(c.id)).enterprises == 2
