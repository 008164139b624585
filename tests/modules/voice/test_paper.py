"""The acceptance form on paper (受理单): its Chinese title, the form's number, the workers and what
they raised, the deadline, lines to sign; the font travels inside the PDF. An officer outside the
form's org gets `outside_subtree`; an unknown form is a 404 problem."""

from __future__ import annotations

from tests.pdf_helpers import assert_font_embedded, text_of


async def open_form(client, world) -> dict:
    a = await client.post(
        world.url("/complaints"), headers=world.zhang_worker, json={"category": "wages", "text": "拖欠加班费三个月"}
    )
    assert a.status_code == 201, a.text
    order = await client.post(
        world.url("/demand-orders"),
        headers=world.cement_officer,
        json={"title": "加班费拖欠", "complaint_ids": [a.json()["id"]]},
    )
    assert order.status_code == 201, order.text
    form = await client.post(
        world.url("/acceptance-forms"),
        headers=world.admin,
        json={"order_id": order.json()["id"], "officer_name": "闫琪", "opened_on": "2025-09-29"},
    )
    assert form.status_code == 201, form.text
    return form.json()


async def test_the_acceptance_form_prints_in_chinese_with_its_fields(client, world):
    form = await open_form(client, world)
    r = await client.get(world.url(f"/acceptance-forms/{form['id']}/paper.pdf"), headers=world.cement_officer)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    text = text_of(r.content)
    assert "工会维权服务受理单" in text
    assert form["ref"] in text and "青铜峡水泥股份有限公司工会" in text
    assert "张伟" in text and "拖欠加班费三个月" in text and "工资报酬" in text
    assert "闫琪" in text and form["due_on"] in text
    assert "反映人（签字）" in text and "承办人（签字）" in text
    assert_font_embedded(r.content)


async def test_the_paper_is_refused_outside_the_subtree_and_for_unknown_forms(client, world):
    form = await open_form(client, world)
    r = await client.get(world.url(f"/acceptance-forms/{form['id']}/paper.pdf"), headers=world.aluminium_officer)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
    r = await client.get(world.url("/acceptance-forms/999999/paper.pdf"), headers=world.admin)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
