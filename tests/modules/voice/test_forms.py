"""The three forms through the API: a worker's complaint, the enterprise union's
demand order, the federation's acceptance form on a working-day deadline."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.voice import service
from server.modules.voice.tables import Notice


async def file(client, world, headers, **body):
    r = await client.post(
        world.url("/complaints"), json={"category": "wages", "text": "三月工资拖欠未发", **body}, headers=headers
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_worker_files_a_complaint_and_follows_it(client, world):
    c = await file(client, world, world.zhang_worker)
    assert c["ref"].startswith("C") and c["status"] == "submitted" and c["channel"] == "api"
    assert c["org_id"] == world.cement and c["member_id"] == world.zhang
    r = await client.get(world.url(f"/complaints/by-ref/{c['ref']}"), headers=world.zhang_worker)
    assert r.status_code == 200 and [s["status"] for s in r.json()["steps"]] == ["submitted"]


async def test_a_worker_sees_only_their_own_complaints(client, world):
    mine = await file(client, world, world.zhang_worker)
    theirs = await file(client, world, world.li_worker, category="safety", text="车间通风差")
    r = await client.get(world.url("/complaints"), headers=world.zhang_worker)
    assert [c["id"] for c in r.json()["items"]] == [mine["id"]]
    r = await client.get(world.url(f"/complaints/{theirs['id']}"), headers=world.zhang_worker)
    assert r.status_code == 404
    r = await client.get(world.url(f"/complaints/by-ref/{theirs['ref']}"), headers=world.zhang_worker)
    assert r.status_code == 404
    # ... and a worker cannot pretend to be someone else
    r = await client.post(
        world.url("/complaints"),
        headers=world.zhang_worker,
        json={"category": "wages", "text": "x", "member_id": world.li},
    )
    assert r.status_code == 422


async def test_an_anonymous_complaint_hides_the_worker_from_the_enterprise_union(client, world):
    anon = await file(
        client, world, world.zhang_worker, anonymous=True, category="canteen_dormitory", text="食堂饭菜不卫生，怕被报复"
    )
    named = await file(client, world, world.li_worker, category="overtime", text="连续加班")
    r = await client.get(world.url("/complaints"), headers=world.cement_officer)
    seen = {c["id"]: c for c in r.json()["items"]}
    assert seen[anon["id"]]["member_id"] is None and seen[anon["id"]]["member_name"] is None
    assert seen[named["id"]]["member_name"] == "李娜"
    r = await client.get(world.url(f"/complaints/{anon['id']}"), headers=world.cement_officer)
    assert r.json()["member_id"] is None and r.json()["member_name"] is None
    # folded into an order, the order still does not tell
    r = await client.post(
        world.url("/demand-orders"),
        headers=world.cement_officer,
        json={"title": "食堂与加班", "complaint_ids": [anon["id"], named["id"]]},
    )
    assert r.status_code == 201, r.text
    listed = {c["id"]: c for c in r.json()["complaints"]}
    assert listed[anon["id"]]["member_id"] is None and listed[anon["id"]]["member_name"] is None
    assert "张伟" not in r.text
    # the worker themself still sees it is theirs
    r = await client.get(world.url(f"/complaints/{anon['id']}"), headers=world.zhang_worker)
    assert r.json()["member_name"] == "张伟"
    # another enterprise's officer does not see it at all
    r = await client.get(world.url(f"/complaints/{anon['id']}"), headers=world.aluminium_officer)
    assert r.status_code == 404


async def test_staff_enter_a_paper_complaint_from_the_box(client, world):
    r = await client.post(
        world.url("/complaints"),
        headers=world.cement_officer,
        json={"category": "safety", "text": "（抱怨单）三号窑防护栏松动", "org_id": world.cement},
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["channel"] == "tui" and c["anonymous"] and c["member_id"] is None
    r = await client.post(
        world.url("/complaints"),
        headers=world.cement_officer,
        json={"category": "safety", "text": "x", "org_id": world.aluminium},
    )
    assert r.status_code == 403
    r = await client.post(
        world.url("/complaints"), headers=world.cement_officer, json={"category": "nonsense", "text": " "}
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"category", "text"}


async def test_the_whole_path_order_form_resolution_rating(client, world):
    a = await file(client, world, world.zhang_worker)
    b = await file(client, world, world.li_worker, text="四月工资也没发")
    r = await client.post(
        world.url("/demand-orders"),
        headers=world.cement_officer,
        json={"title": "水泥厂拖欠工资", "complaint_ids": [a["id"], b["id"]]},
    )
    order = r.json()
    assert order["status"] == "submitted" and order["complaint_count"] == 2
    # a complaint is in one order only
    r = await client.post(
        world.url("/demand-orders"), headers=world.cement_officer, json={"title": "again", "complaint_ids": [a["id"]]}
    )
    assert r.status_code == 422
    # the enterprise union cannot open the federation's form
    r = await client.post(
        world.url("/acceptance-forms"),
        headers=world.cement_officer,
        json={"order_id": order["id"], "officer_name": "x"},
    )
    assert r.status_code == 403
    r = await client.post(
        world.url("/acceptance-forms"),
        headers=world.admin,
        json={"order_id": order["id"], "officer_name": "马学礼", "opened_on": "2025-09-26"},
    )
    assert r.status_code == 201, r.text
    form = r.json()
    assert (form["due_on"], form["working_days"], form["provisional"]) == ("2025-10-13", 7, False)
    r = await client.post(
        world.url("/acceptance-forms"), headers=world.admin, json={"order_id": order["id"], "officer_name": "again"}
    )
    assert r.status_code == 409
    r = await client.get(world.url(f"/complaints/{a['id']}"), headers=world.zhang_worker)
    assert r.json()["status"] == "accepted"
    r = await client.get(world.url("/demand-orders"), headers=world.cement_officer)
    [listed] = r.json()["items"]
    assert (listed["status"], listed["complaint_count"], listed["form"]["ref"]) == ("accepted", 2, form["ref"])
    r = await client.get(world.url("/demand-orders"), headers=world.aluminium_officer)
    assert r.json()["items"] == []
    r = await client.get(world.url("/demand-orders"), headers=world.zhang_worker)
    assert r.status_code == 403
    r = await client.get(world.url("/acceptance-forms/queue"), params={"on": "2025-10-09"}, headers=world.admin)
    [queued] = r.json()["items"]
    assert queued["working_days_left"] == 3 and queued["complaint_count"] == 2
    r = await client.put(
        world.url(f"/acceptance-forms/{form['id']}/officer"), headers=world.admin, json={"officer_name": "闫琪"}
    )
    assert r.json()["officer_name"] == "闫琪"
    # a worker cannot rate before it is resolved
    r = await client.post(world.url(f"/complaints/{a['id']}/rating"), headers=world.zhang_worker, json={"rating": 5})
    assert r.status_code == 422
    r = await client.post(
        world.url(f"/acceptance-forms/{form['id']}/resolve"),
        headers=world.admin,
        json={
            "resolution": "已协调企业补发工资",
            "outcome": "wage_arrears_recovered",
            "recovered_yuan": "12345.60",
            "resolved_on": "2025-10-10",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "resolved" and r.json()["recovered_fen"] == 1234560 and not r.json()["overdue"]
    r = await client.get(world.url(f"/demand-orders/{order['id']}"), headers=world.cement_officer)
    assert r.json()["status"] == "resolved"
    assert {c["status"] for c in r.json()["complaints"]} == {"resolved"}
    # every linked worker is told, once per status
    async with tenant_scope(world.slug):
        notices = await Notice.select(Notice.member_id, Notice.kind, Notice.params).where(Notice.kind == "resolved")
    assert sorted(n["member_id"] for n in notices) == sorted([world.zhang, world.li])
    r = await client.post(
        world.url(f"/complaints/{a['id']}/rating"),
        headers=world.zhang_worker,
        json={"rating": 4, "comment": "基本满意"},
    )
    assert r.status_code == 200 and r.json()["rating"] == 4
    r = await client.post(world.url(f"/complaints/{a['id']}/rating"), headers=world.zhang_worker, json={"rating": 5})
    assert r.status_code == 409
    r = await client.post(world.url(f"/complaints/{b['id']}/rating"), headers=world.zhang_worker, json={"rating": 5})
    assert r.status_code == 404
    r = await client.get(
        world.url("/voice/statistics"), params={"start": "2025-01-01", "end": "2027-01-01"}, headers=world.admin
    )
    stats = r.json()
    assert stats["acceptance_forms"] == 1 and stats["on_time_rate"] == 1.0 and stats["ratings"] == 1


async def test_an_enterprise_union_answers_without_an_order(client, world):
    c = await file(client, world, world.zhang_worker, category="training", text="想参加焊工培训")
    r = await client.post(
        world.url(f"/complaints/{c['id']}/answer"),
        headers=world.cement_officer,
        json={"answer": "已报名下月焊工培训班", "outcome": "difficulty_solved"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "resolved" and r.json()["resolved_level"] == "enterprise"
    r = await client.post(
        world.url(f"/complaints/{c['id']}/answer"),
        headers=world.cement_officer,
        json={"answer": "again", "outcome": "difficulty_solved"},
    )
    assert r.status_code == 422


async def test_working_days_must_be_seven_to_ten(client, world):
    c = await file(client, world, world.zhang_worker)
    r = await client.post(
        world.url("/demand-orders"), headers=world.cement_officer, json={"title": "t", "complaint_ids": [c["id"]]}
    )
    r = await client.post(
        world.url("/acceptance-forms"), headers=world.admin, json={"order_id": r.json()["id"], "working_days": 12}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "working_days"


async def test_a_provisional_deadline_is_recomputed_when_the_year_is_loaded(client, world):
    async with tenant_scope(world.slug):
        c = await service.file_complaint(
            service.ComplaintIn(category="wages", text="年底工资"), world.worker(world.zhang)
        )
        order = await service.create_order(
            service.OrderIn(title="年底", complaint_ids=[c.id]), world.officer(world.cement)
        )
        form = await service.open_form(
            service.FormIn(order_id=order.id, officer_name="马", opened_on=dt.date(2026, 12, 28)), world.admin_actor
        )
    assert form.provisional and form.due_on == dt.date(2027, 1, 6) and "2027" in form.warning
    r = await client.put(
        world.url("/calendar/schedules/2027"),
        headers=world.admin,
        json={"holidays": ["2027-01-01"], "source": "国务院办公厅关于2027年部分节假日安排的通知"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["recomputed"]["voice"] == 1
    r = await client.get(world.url(f"/acceptance-forms/{form.id}"), headers=world.admin)
    assert (r.json()["due_on"], r.json()["provisional"], r.json()["warning"]) == ("2027-01-07", False, None)


async def test_deadline_reminders_and_escalation_happen_once(world):
    async with tenant_scope(world.slug):
        c = await service.file_complaint(service.ComplaintIn(category="wages", text="x"), world.worker(world.zhang))
        order = await service.create_order(
            service.OrderIn(title="t", complaint_ids=[c.id]), world.officer(world.cement)
        )
        form = await service.open_form(
            service.FormIn(order_id=order.id, officer_name="马", opened_on=dt.date(2025, 9, 26)), world.admin_actor
        )
        assert await service.check_deadlines(dt.date(2025, 9, 30)) == {"reminder": 0, "overdue": 0}
        assert await service.check_deadlines(dt.date(2025, 10, 10)) == {"reminder": 1, "overdue": 0}
        assert await service.check_deadlines(dt.date(2025, 10, 11)) == {"reminder": 0, "overdue": 0}
        assert await service.check_deadlines(dt.date(2025, 10, 14)) == {"reminder": 0, "overdue": 1}
        assert await service.check_deadlines(dt.date(2025, 10, 15)) == {"reminder": 0, "overdue": 0}
        alerts = (await service.list_alerts()).items
        assert [a.kind for a in alerts] == ["overdue", "reminder"] and alerts[0].form_id == form.id
        # an org officer sees the alerts of their subtree's forms only
        assert len((await service.list_alerts(world.officer(world.cement), kind="overdue")).items) == 1
        assert (await service.list_alerts(world.officer(world.aluminium))).items == []
        from server.modules.core import service as core

        events = await core.list_events(action="voice.form.overdue")
        assert [e.subject for e in events.items] == [form.ref]


async def test_an_officer_outside_the_subtree_reads_nothing_and_changes_nothing(client, world):
    c = await file(client, world, world.zhang_worker)
    other = world.aluminium_officer
    # reading one outside: not found, so its existence is not told
    r = await client.get(world.url(f"/complaints/{c['id']}"), headers=other)
    assert (r.status_code, r.json()["code"], r.json()["detail"]) == (
        404,
        "complaint_not_found",
        f"抱怨单 {c['id']} 不存在",
    )
    r = await client.get(world.url(f"/complaints/{c['id']}"), headers={**other, "Accept-Language": "en"})
    assert r.json()["detail"] == f"complaint {c['id']} not found"
    # changing one outside: outside_subtree
    r = await client.post(
        world.url(f"/complaints/{c['id']}/answer"), headers=other, json={"answer": "x", "outcome": "advice_given"}
    )
    assert (r.status_code, r.json()["code"]) == (403, "outside_subtree")
    r = await client.post(
        world.url("/complaints"),
        headers=world.cement_officer,
        json={"category": "safety", "text": "x", "org_id": world.aluminium},
    )
    assert (r.status_code, r.json()["code"]) == (403, "outside_subtree")
    r = await client.post(
        world.url("/demand-orders"), headers=world.cement_officer, json={"title": "t", "complaint_ids": [c["id"]]}
    )
    order = r.json()
    r = await client.get(world.url(f"/demand-orders/{order['id']}"), headers=other)
    assert r.status_code == 404 and r.json()["code"] == "order_not_found"
    more = await file(client, world, world.li_worker)
    r = await client.post(
        world.url(f"/demand-orders/{order['id']}/complaints"), headers=other, json={"complaint_ids": [more["id"]]}
    )
    assert (r.status_code, r.json()["code"]) == (403, "outside_subtree")
    r = await client.post(
        world.url("/acceptance-forms"), headers=world.admin, json={"order_id": order["id"], "officer_name": "马"}
    )
    form = r.json()
    r = await client.get(world.url(f"/acceptance-forms/{form['id']}"), headers=other)
    assert r.status_code == 404 and r.json()["code"] == "form_not_found"
    r = await client.post(
        world.url(f"/acceptance-forms/{form['id']}/resolve"),
        headers=other,
        json={"resolution": "x", "outcome": "other"},
    )
    assert (r.status_code, r.json()["code"]) == (403, "outside_subtree")
    # ... and nothing changed
    r = await client.get(world.url(f"/complaints/{c['id']}"), headers=world.cement_officer)
    assert r.json()["status"] == "accepted"


async def test_lists_page_by_cursor_newest_first(client, world):
    filed = [await file(client, world, world.zhang_worker, text=f"第{i}条") for i in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = await client.get(world.url("/complaints"), params=params, headers=world.cement_officer)
        assert r.status_code == 200, r.text
        seen += [c["id"] for c in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [c["id"] for c in reversed(filed)]
    r = await client.get(
        world.url("/complaints"), params={"status": "nonsense"}, headers={**world.admin, "Accept-Language": "en"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["message"].startswith("must be one of submitted")
