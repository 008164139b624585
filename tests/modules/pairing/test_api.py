"""The pairing API as the TUI and officers use it: problem+json on bad input, roles and subtrees."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from tests.conftest import bearer
from tests.modules.pairing.helpers import make_world, person, programme


async def test_an_officer_runs_a_programme_over_http(client, tenant, tenant_headers, make_token):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        li = await person(w, "李师傅", w.chem, "焊工", 2)
        apprentices = [await person(w, f"徒弟{i}", w.steel if i % 2 else w.chem, "焊工", 4) for i in range(5)]
        stray = await person(w, "小周", w.chem, "钳工", 4)
    base = f"/api/v1/t/{tenant.slug}/pairing"

    r = await client.post(
        f"{base}/programmes",
        headers=tenant_headers,
        json={
            "name": "2017 高新区名师带高徒",
            "scope_org_id": w.zone,
            "term_start": "2017-03-01",
            "term_end": "2017-12-31",
            "target_pairs": 3,
        },
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    assert r.json()["year"] == 2017 and r.json()["default_capacity"] == 2

    r = await client.post(
        f"{base}/programmes/{pid}/candidates",
        headers=tenant_headers,
        json={
            "candidates": [
                {"member_id": wang, "role": "master"},
                {"member_id": li, "role": "master", "capacity": 1},
                *[{"member_id": a, "role": "apprentice"} for a in apprentices],
                {"member_id": stray, "role": "apprentice"},
            ]
        },
    )
    assert r.status_code == 201, r.text
    r = await client.get(f"{base}/programmes/{pid}/candidates?role=master", headers=tenant_headers)
    assert [(c["name"], c["capacity"]) for c in r.json()["items"]] == [("王师傅", 2), ("李师傅", 1)]

    r = await client.post(
        f"{base}/programmes/{pid}/locks",
        headers=tenant_headers,
        json={"master_member_id": li, "apprentice_member_id": apprentices[0]},
    )
    assert r.status_code == 201 and r.json()["kind"] == "lock"
    r = await client.post(
        f"{base}/programmes/{pid}/forbids",
        headers=tenant_headers,
        json={"master_member_id": wang, "apprentice_member_id": apprentices[1]},
    )
    assert r.status_code == 201

    r = await client.post(f"{base}/programmes/{pid}/proposals", headers=tenant_headers)
    assert r.status_code == 201, r.text
    proposal = r.json()
    assert proposal["summary"]["pairs"] == 3 and proposal["summary"]["target_pairs"] == 3
    assert proposal["summary"]["optimal"] is True
    pairs = {p["apprentice_member_id"]: p for p in proposal["pairs"]}
    assert pairs[apprentices[0]]["master_member_id"] == li and pairs[apprentices[0]]["locked"]
    assert apprentices[1] not in pairs
    for p in proposal["pairs"]:
        assert p["reasons"] and {"code", "zh", "en"} <= set(p["reasons"][0])
    codes = {u["apprentice_member_id"]: u["code"] for u in proposal["unpaired"]}
    # 王师傅 is forbidden and 李师傅's one place is locked: 徒弟1 waits, and is told both.
    assert codes[stray] == "no_master_in_trade" and codes[apprentices[1]] == "capacity_used"
    waiting = next(u for u in proposal["unpaired"] if u["apprentice_member_id"] == apprentices[1])
    assert [r["code"] for r in waiting["reasons"]] == ["capacity_used", "forbidden"]
    assert {m["name"]: m["used"] for m in proposal["masters"]} == {"王师傅": 2, "李师傅": 1}

    history = await client.get(f"{base}/programmes/{pid}/proposals", headers=tenant_headers)
    assert [(b["id"], b["status"], b["pairs"]) for b in history.json()["items"]] == [(proposal["id"], "open", 3)]
    latest = await client.get(f"{base}/programmes/{pid}/proposals/latest", headers=tenant_headers)
    assert latest.json()["id"] == proposal["id"]
    r = await client.post(
        f"{base}/proposals/{proposal['id']}/accept", headers=tenant_headers, json={"goals": "一年内晋升一级"}
    )
    assert r.status_code == 201 and r.json()["agreements_created"] == 3
    again = await client.post(f"{base}/proposals/{proposal['id']}/accept", headers=tenant_headers)
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")

    r = await client.get(f"{base}/agreements?programme_id={pid}", headers=tenant_headers)
    agreements = r.json()["items"]
    assert len(agreements) == 3 and agreements[0]["goals"] == "一年内晋升一级"
    aid = agreements[0]["id"]
    r = await client.post(
        f"{base}/agreements/{aid}/notes",
        headers=tenant_headers,
        json={"text": "完成焊接练习件", "noted_on": "2017-05-01"},
    )
    assert r.status_code == 201 and len(r.json()["notes"]) == 1
    r = await client.post(
        f"{base}/agreements/{aid}/outcome",
        headers=tenant_headers,
        json={"level_after": 3, "competition_result": "全市焊工大赛三等奖"},
    )
    assert r.status_code == 201 and r.json()["level_raised"] is True
    r = await client.post(f"{base}/agreements/{agreements[1]['id']}/end", headers=tenant_headers, json={"reason": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"

    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/pairing?year=2017", headers=tenant_headers)
    figures = r.json()["figures"]
    assert (figures["masters"], figures["apprentices"], figures["target_pairs"], figures["pairs"]) == (2, 6, 3, 3)

    # An auditor reads but does not change; an officer of another subtree sees nothing of it.
    auditor = bearer(await make_token("auditor", tenant.slug))
    assert (await client.get(f"{base}/proposals/{proposal['id']}", headers=auditor)).status_code == 200
    assert (await client.post(f"{base}/programmes/{pid}/proposals", headers=auditor)).status_code == 403
    outsider = bearer(await make_token("org_officer", tenant.slug, org_id=w.elsewhere))
    assert (await client.get(f"{base}/programmes/{pid}", headers=outsider)).status_code == 403
    assert (await client.get(f"{base}/programmes", headers=outsider)).json()["items"] == []
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=w.zone))
    assert (await client.get(f"{base}/programmes/{pid}", headers=officer)).status_code == 200


async def test_bad_input_is_problem_json_and_changes_nothing(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        w = await make_world()
    base = f"/api/v1/t/{tenant.slug}/pairing"
    r = await client.post(
        f"{base}/programmes",
        headers=tenant_headers,
        json={"name": "x", "scope_org_id": 999999, "term_start": "2017-03-01", "term_end": "2016-12-31"},
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"term_end", "scope_org_id"}
    r = await client.post(f"{base}/programmes", headers=tenant_headers, json={"name": 5})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert (await client.get(f"{base}/programmes", headers=tenant_headers)).json()["items"] == []
    assert (await client.get(f"{base}/programmes/12345", headers=tenant_headers)).status_code == 404
    assert (await client.post(f"{base}/proposals/12345/accept", headers=tenant_headers)).status_code == 404
    r = await client.put(f"{base}/compatible-trades", headers=tenant_headers, json={"pairs": [["焊工", "焊工"]]})
    assert r.status_code == 422
    r = await client.put(
        f"{base}/compatible-trades", headers=tenant_headers, json={"pairs": [["电焊工", "焊工"], ["焊工", "电焊工"]]}
    )
    assert r.status_code == 200 and r.json() == [{"trade_a": "焊工", "trade_b": "电焊工"}]
    assert w.zone
    # A qualification level is 1 … 5 (as `member.level`), a level gap 0 … 4, a capacity 0 … 20.
    en = tenant_headers | {"Accept-Language": "en"}
    r = await client.post(
        f"{base}/programmes/12345/candidates/from-orgs", headers=en, json={"role": "master", "level_to": 6}
    )
    assert r.status_code == 422 and r.json()["errors"] == [{"field": "level_to", "message": "must be at most 5"}]
    r = await client.patch(f"{base}/programmes/12345", headers=en, json={"min_level_gap": 5})
    assert r.json()["errors"] == [{"field": "min_level_gap", "message": "must be at most 4"}], r.text
    r = await client.patch(f"{base}/programmes/12345", headers=en, json={"default_capacity": 21})
    assert r.json()["errors"] == [{"field": "default_capacity", "message": "must be at most 20"}], r.text


async def test_another_tenants_ids_and_an_officer_outside_the_scope_are_refused(
    client, tenant, tenant_headers, make_tenant, make_token
):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        prog = await programme(w)
    base = f"/api/v1/t/{tenant.slug}/pairing"
    r = await client.post(
        f"{base}/programmes/{prog.id}/candidates",
        headers=tenant_headers,
        json={"candidates": [{"member_id": wang, "role": "master"}, {"member_id": a1, "role": "apprentice"}]},
    )
    assert r.status_code == 201, r.text

    # The same ids in another tenant name nothing there: 404, in the client's language.
    other = await make_tenant()
    other_headers = bearer(await make_token("tenant_admin", other.slug))
    elsewhere = f"/api/v1/t/{other.slug}/pairing/programmes/{prog.id}"
    zh = await client.get(elsewhere, headers=other_headers)
    en = await client.get(elsewhere, headers={**other_headers, "Accept-Language": "en"})
    assert zh.status_code == en.status_code == 404
    assert zh.json()["code"] == en.json()["code"] == "programme_not_found"
    assert zh.json()["detail"] == f"名师带高徒项目 {prog.id} 不存在"
    assert en.json()["detail"] == f"programme {prog.id} not found"

    # An officer of another subtree may neither read nor change the programme (403 outside_subtree).
    outsider = bearer(await make_token("org_officer", tenant.slug, org_id=w.elsewhere))
    pair = {"master_member_id": wang, "apprentice_member_id": a1}
    for r in (
        await client.get(f"{base}/programmes/{prog.id}/candidates", headers=outsider),
        await client.post(f"{base}/programmes/{prog.id}/locks", headers=outsider, json=pair),
        await client.post(f"{base}/programmes/{prog.id}/proposals", headers=outsider),
    ):
        assert r.status_code == 403 and r.json()["code"] == "outside_subtree", r.text
    assert (await client.get(f"{base}/agreements", headers=outsider)).json()["items"] == []
