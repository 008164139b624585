"""Find anything: an office types a name, a phone, an ID number or a reference number and finds the
member, the union, the complaint or the campaign, as far as their role lets them see."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import tenant_scope
from server.modules.voice import service as voice
from server.modules.welfare import service as welfare
from server.platform.roles import SYSTEM, Actor, Role
from tests.conftest import bearer
from tests.modules.orgs.factories import id_number, make_member, make_org


def admin(slug: str) -> Actor:
    return Actor(account_id=None, name="王主任", role=Role.tenant_admin, tenant=slug)


async def world(slug: str) -> dict:
    async with tenant_scope(slug):
        city = await make_org("银川市总工会", type="city_federation")
        east = await make_org("东区机械厂工会", parent_id=city.id, credit_code="91350100M000100Y43")
        west = await make_org("西区纺织厂工会", parent_id=city.id)
        li_id = id_number(dt.date(1985, 3, 14), "F")
        li = await make_member(east.id, name="李娜", id_number=li_id, phone="13995001234", gender="F")
        li_west = await make_member(west.id, name="李娜", phone="13995009999")
        complaint = await voice.file_complaint(
            voice.ComplaintIn(category="wages", text="年底工资拖欠三个月", org_id=east.id), SYSTEM
        )
        campaign = await welfare.create_campaign(
            welfare.CampaignIn(
                kind="holiday_relief",
                name="2017年两节送温暖",
                year=2017,
                budget_fen=10_000_000,
                eligibility=welfare.Eligibility(rule="hardship_households"),
                amount_rule=welfare.AmountRule(rule="flat", fen=50_000),
            ),
            admin(slug),
        )
    return dict(city=city, east=east, west=west, li=li, li_id=li_id, li_west=li_west, c=complaint, k=campaign)


def hits(body: dict, kind: str) -> list[int]:
    group = next((g for g in body["groups"] if g["kind"] == kind), {"hits": []})
    return sorted(h["id"] for h in group["hits"])


async def test_one_search_finds_members_orgs_complaints_and_campaigns(client, tenant, make_token):
    w = await world(tenant.slug)
    headers = bearer(await make_token("tenant_admin", tenant.slug))
    url = f"/api/v1/t/{tenant.slug}/search"

    body = (await client.get(url, params={"q": "李娜"}, headers=headers)).json()
    assert sorted(hits(body, "members")) == sorted([w["li"].id, w["li_west"].id])
    assert [g["kind"] for g in body["groups"]] == ["members", "orgs", "complaints", "campaigns"]
    assert body["shown"] == 2 and all(not g["more"] for g in body["groups"])
    member = body["groups"][0]["hits"][0]
    assert "*" in member["detail"] and member["path"].startswith("/members/")  # masked, never the full number

    assert hits((await client.get(url, params={"q": "机械厂"}, headers=headers)).json(), "orgs") == [w["east"].id]
    by_code = (await client.get(url, params={"q": "91350100m000100y43"}, headers=headers)).json()
    assert hits(by_code, "orgs") == [w["east"].id]
    assert hits((await client.get(url, params={"q": "1399500"}, headers=headers)).json(), "members") == sorted(
        [w["li"].id, w["li_west"].id]
    )
    # A full ID number is matched by its keyed digest, exactly; a part of it finds nobody.
    assert hits((await client.get(url, params={"q": w["li_id"]}, headers=headers)).json(), "members") == [w["li"].id]
    assert hits((await client.get(url, params={"q": w["li_id"][:10]}, headers=headers)).json(), "members") == []
    assert hits((await client.get(url, params={"q": w["c"].ref}, headers=headers)).json(), "complaints") == [w["c"].id]
    assert hits((await client.get(url, params={"q": "工资拖欠"}, headers=headers)).json(), "complaints") == [w["c"].id]
    assert hits((await client.get(url, params={"q": "送温暖"}, headers=headers)).json(), "campaigns") == [w["k"].id]
    # A LIKE wildcard is a character, not "anything".
    assert (await client.get(url, params={"q": "%"}, headers=headers)).json()["shown"] == 0

    capped = (await client.get(url, params={"q": "李娜", "limit": 1}, headers=headers)).json()
    assert len(capped["groups"][0]["hits"]) == 1 and capped["groups"][0]["more"] is True
    assert capped["groups"][0]["list_path"] == "/members"
    # The lists take the same q.
    r = await client.get(f"/api/v1/t/{tenant.slug}/complaints", params={"q": "拖欠"}, headers=headers)
    assert [c["id"] for c in r.json()["items"]] == [w["c"].id]
    r = await client.get(f"/api/v1/t/{tenant.slug}/campaigns", params={"q": "两节"}, headers=headers)
    assert [c["id"] for c in r.json()["items"]] == [w["k"].id]


async def test_an_officer_finds_only_their_subtree(client, tenant, make_token):
    w = await world(tenant.slug)
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=w["west"].id))
    body = (await client.get(f"/api/v1/t/{tenant.slug}/search", params={"q": "李娜"}, headers=officer)).json()
    assert hits(body, "members") == [w["li_west"].id]
    for q in ("东区", "工资", w["li_id"], "91350100M000100Y43"):
        found = (await client.get(f"/api/v1/t/{tenant.slug}/search", params={"q": q}, headers=officer)).json()
        assert found["shown"] == 0, (q, found)


async def test_another_tenant_and_a_worker_find_nothing(client, make_tenant, make_token):
    ours, theirs = await make_tenant(), await make_tenant()
    await world(ours.slug)
    their_admin = bearer(await make_token("tenant_admin", theirs.slug))
    r = await client.get(f"/api/v1/t/{ours.slug}/search", params={"q": "李娜"}, headers=their_admin)
    assert r.status_code == 403
    r = await client.get(f"/api/v1/t/{theirs.slug}/search", params={"q": "李娜"}, headers=their_admin)
    assert r.status_code == 200 and r.json()["shown"] == 0
    async with tenant_scope(ours.slug):
        member = (await make_member((await make_org("某厂工会")).id, name="赵六")).id
    worker = bearer(await make_token("worker", ours.slug, member_id=member))
    assert (await client.get(f"/api/v1/t/{ours.slug}/search", params={"q": "李"}, headers=worker)).status_code == 403


async def test_a_blank_or_overlong_query_is_refused_naming_the_field(client, tenant, make_token):
    headers = bearer(await make_token("tenant_admin", tenant.slug))
    for q in ("   ", "李" * 101):
        r = await client.get(f"/api/v1/t/{tenant.slug}/search", params={"q": q}, headers=headers)
        assert r.status_code in (400, 422), r.text
        assert "q" in r.text


async def test_a_tenant_without_voice_or_welfare_searches_what_it_has(client, make_tenant, make_token):
    t = await make_tenant(modules=["orgs"])
    headers = bearer(await make_token("tenant_admin", t.slug))
    body = (await client.get(f"/api/v1/t/{t.slug}/search", params={"q": "x"}, headers=headers)).json()
    assert [g["kind"] for g in body["groups"]] == ["members", "orgs"]
