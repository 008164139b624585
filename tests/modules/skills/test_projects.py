"""点题式: a grassroots union declares a training project, the federation reviews it; a returned
or rejected project cannot be carried out; bad inputs get field errors and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Forbidden, InvalidInput, RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.skills import service
from tests.modules.skills.conftest import admin, at, officer


def project(world, **kw) -> service.ProjectIn:
    data = dict(
        org_id=world.union,
        topic="软件测试岗位技能提升",
        category="skills",
        expected_heads=40,
        budget_fen=3_000_000,
        starts_on=dt.date(2017, 5, 1),
        ends_on=dt.date(2017, 6, 30),
        target_trade="软件测试",
    )
    return service.ProjectIn(**(data | kw))


async def counts(tenant: str) -> tuple[int, ...]:
    async with tenant_scope(tenant):
        return tuple(
            [
                await conn().fetchval(f"SELECT count(*) FROM {t}")
                for t in ("skill_project", "skill_order", "skill_certificate", "skill_session", "skill_course")
            ]
        )


async def test_review_workflow_returned_project_cannot_be_carried_out(world):
    chair, fed = officer(world.tenant, world.union), admin(world.tenant)
    async with tenant_scope(world.tenant):
        p = await service.declare_project(project(world), chair)
        queue = await service.list_projects(state="declared", actor=fed, limit=10)
        assert [x.id for x in queue.items] == [p.id]
        with pytest.raises(Forbidden):
            await service.review_project(p.id, service.ReviewIn("approve"), chair)  # only the federation reviews
        with pytest.raises(InvalidInput):
            await service.review_project(p.id, service.ReviewIn("return"), fed)  # a return needs its reasons
        p = await service.review_project(p.id, service.ReviewIn("return", "预算偏高，请压缩"), fed)
        assert p.state == "returned" and p.review_note == "预算偏高，请压缩"
    with pytest.raises(RuleViolation) as refused:
        async with tenant_scope(world.tenant):
            await service.start_project(p.id, chair)
    assert refused.value.code == "project_not_approved"
    with pytest.raises(InvalidInput) as no_session:
        async with tenant_scope(world.tenant):
            await service.book_session(
                service.SessionIn(
                    org_id=world.union,
                    project_id=p.id,
                    course_id=world.course,
                    starts_at=at(dt.date(2017, 5, 8), 9),
                    ends_at=at(dt.date(2017, 5, 8), 12),
                ),
                chair,
            )
    assert [e.field for e in no_session.value.errors] == ["project_id"]
    async with tenant_scope(world.tenant):
        p = await service.redeclare_project(p.id, project(world, budget_fen=2_000_000), chair)
        p = await service.review_project(p.id, service.ReviewIn("approve"), fed)
        p = await service.start_project(p.id, chair)
        s = await service.book_session(
            service.SessionIn(
                org_id=world.union,
                project_id=p.id,
                course_id=world.course,
                trainer_id=world.trainers[0],
                starts_at=at(dt.date(2017, 5, 8), 9),
                ends_at=at(dt.date(2017, 5, 8), 12),
                cost_fen=150_000,
            ),
            chair,
        )
        await service.record_attendance(
            s.id,
            service.AttendanceIn([service.AttendeeIn(m, rating=4 + i % 2) for i, m in enumerate(world.members)]),
            chair,
        )
        p = await service.adjust_project(p.id, service.AdjustIn("增加一次实操课", dt.date(2017, 5, 9)), fed)
        p = await service.complete_project(p.id, chair)
        trainer = await service.get_trainer(world.trainers[0])
    assert p.state == "completed" and p.sessions == 1 and p.person_times == 4 and p.spent_fen == 150_000
    assert p.mean_rating == 4.5 and trainer.rating == 4.5
    assert [e.kind for e in p.events] == [
        "declared",
        "returned",
        "declared",
        "approved",
        "started",
        "adjusted",
        "completed",
    ]
    assert p.events[5].happened_on == dt.date(2017, 5, 9)
    # a rejected project cannot be carried out either
    async with tenant_scope(world.tenant):
        q = await service.declare_project(project(world), chair)
        await service.review_project(q.id, service.ReviewIn("reject", "与年度计划重复"), fed)
        with pytest.raises(RuleViolation):
            await service.start_project(q.id, chair)


async def test_bad_inputs_get_field_errors_and_change_nothing(world):
    fed = admin(world.tenant)
    before = await counts(world.tenant)
    cases = [
        (service.declare_project, project(world, budget_fen=-1, expected_heads=0), {"budget_fen", "expected_heads"}),
        (
            service.declare_project,
            project(world, ends_on=dt.date(2017, 4, 1), category="cooking"),
            {"ends_on", "category"},
        ),
        (
            service.order_courses,
            service.OrderIn(
                org_id=world.union,
                lines=[
                    service.OrderLineIn(course_id=999_999, heads=10, wanted_on=dt.date(2017, 6, 1)),
                    service.OrderLineIn(course_id=world.course, heads=0, wanted_on=dt.date(2017, 6, 1)),
                ],
            ),
            {"course_id", "heads"},
        ),
        (
            service.record_certificates,
            [
                service.CertificateIn("YC-1", world.members[0], 6, dt.date(2017, 3, 1), "exam", "鉴定中心"),
                service.CertificateIn("YC-2", world.members[0], 0, dt.date(2017, 3, 1), "exam", "鉴定中心"),
            ],
            {"level"},
        ),
        (service.create_course, service.CourseIn("", "skills", 0, -100), {"title", "hours", "price_fen"}),
    ]
    for fn, data, fields in cases:
        with pytest.raises(InvalidInput) as bad:
            async with tenant_scope(world.tenant):
                await fn(data, fed)
        assert {e.field for e in bad.value.errors} == fields, fn.__name__
        assert all(e.code and e.code.startswith("skills.field.") for e in bad.value.errors)
        assert "skills.field" not in bad.value.problem(None, "en")["errors"][0]["message"]
    assert await counts(world.tenant) == before


async def test_field_errors_over_the_api_name_fields_in_the_client_language(client, world, make_token):
    from tests.conftest import bearer

    headers = bearer(await make_token("tenant_admin", world.tenant))
    url = f"/api/v1/t/{world.tenant}/training-projects"
    body = {
        "org_id": world.union,
        "topic": "电商直播",
        "category": "skills",
        "expected_heads": 0,
        "budget_fen": 5,
        "starts_on": "2017-05-02",
        "ends_on": "2017-05-01",
    }
    zh = await client.post(url, json=body, headers=headers)
    en = await client.post(url, json=body, headers=headers | {"Accept-Language": "en"})
    assert zh.status_code == en.status_code == 422
    # A count below its bound is the edge's (one field); the service's own checks come after.
    assert zh.json()["errors"] == [{"field": "expected_heads", "message": "不能小于1"}]
    assert en.json()["errors"] == [{"field": "expected_heads", "message": "must be at least 1"}]
    body["expected_heads"] = 30
    zh = await client.post(url, json=body, headers=headers)
    en = await client.post(url, json=body, headers=headers | {"Accept-Language": "en"})
    assert zh.status_code == en.status_code == 422
    assert [e["field"] for e in zh.json()["errors"]] == [e["field"] for e in en.json()["errors"]] == ["ends_on"]
    assert zh.json()["errors"][0]["message"] != en.json()["errors"][0]["message"]
    orders = await client.post(
        f"/api/v1/t/{world.tenant}/course-orders",
        json={"org_id": world.union, "lines": [{"course_id": 424242, "heads": 3, "wanted_on": "2017-06-01"}]},
        headers=headers | {"Accept-Language": "en"},
    )
    assert orders.status_code == 422 and orders.json()["errors"] == [
        {"field": "course_id", "message": "course 424242 does not exist", "row": 1}
    ]


async def test_an_enterprise_union_orders_courses_from_the_catalogue(world):
    chair = officer(world.tenant, world.union)
    async with tenant_scope(world.tenant):
        second = await service.create_course(
            service.CourseIn("电子商务运营", "skills", 16, 30_000), admin(world.tenant)
        )
        order = await service.order_courses(
            service.OrderIn(
                org_id=world.union,
                lines=[
                    service.OrderLineIn(world.course, 30, dt.date(2017, 6, 1)),
                    service.OrderLineIn(second.id, 12, dt.date(2017, 7, 1)),
                ],
                note="工余时间送课上门",
            ),
            chair,
        )
        listed = await service.list_orders(actor=chair, limit=10)
        catalogue = await service.list_courses(category="skills", limit=10)
    assert order.total_fen == 30 * 20_000 + 12 * 30_000 and [ln.title for ln in order.lines] == [
        "安全生产法规",
        "电子商务运营",
    ]
    assert [o.id for o in listed.items] == [order.id] and listed.items[0].total_fen == order.total_fen
    assert [c.title for c in catalogue.items] == ["电子商务运营"]
