"""The regional federation runs tenants over the API; errors are problem+json."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.core import service as events
from tests.conftest import bearer, every, new_slug


async def test_a_platform_admin_creates_a_tenant_that_is_usable_at_once(client, admin_headers, make_token):
    slug = new_slug("zw")
    r = await client.post(
        "/api/v1/platform/tenants",
        headers=admin_headers,
        json={"slug": slug, "name_zh": "中卫市总工会", "name_en": "Zhongwei FTU", "modules": ["orgs", "voice"]},
    )
    assert r.status_code == 201, r.text
    assert r.json()["modules"] == ["orgs", "voice"]
    assert r.json()["parent"] is None

    token = await make_token("tenant_admin", slug)
    me = await client.get(f"/api/v1/t/{slug}/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["tenant"]["name_zh"] == "中卫市总工会"
    assert me.json()["role"] == "tenant_admin"
    assert (await client.get(f"/api/v1/t/{slug}/events", headers=bearer(token))).json()["items"] == []

    listed = await every(client, "/api/v1/platform/tenants", admin_headers)
    assert slug in [t["slug"] for t in listed]


async def test_creating_a_tenant_twice_or_with_bad_fields_is_refused_and_changes_nothing(client, admin_headers, tenant):
    r = await client.post(
        "/api/v1/platform/tenants", headers=admin_headers, json={"slug": tenant.slug, "name_zh": "x", "name_en": "x"}
    )
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"].endswith("/tenant-exists")

    slug = new_slug()
    r = await client.post(
        "/api/v1/platform/tenants",
        headers=admin_headers,
        json={"slug": slug, "name_zh": " ", "name_en": "x", "locale": "fr", "modules": ["nope"]},
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"name_zh", "locale"} <= fields
    r = await client.post(
        "/api/v1/platform/tenants",
        headers=admin_headers,
        json={"slug": slug, "name_zh": "甲", "name_en": "x", "modules": ["nope"]},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "modules"
    r = await client.post(
        "/api/v1/platform/tenants",
        headers=admin_headers,
        json={"slug": slug, "name_zh": "甲", "name_en": "x", "parent": "nowhere"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "parent"
    r = await client.post("/api/v1/platform/tenants", headers=admin_headers, json={"slug": 5})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert (await client.get(f"/api/v1/platform/tenants/{slug}", headers=admin_headers)).status_code == 404


async def test_switching_a_module_off_makes_its_routes_404(client, admin_headers, tenant, tenant_headers):
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/voice?year=2017", headers=tenant_headers)
    assert r.status_code != 404 or r.json()["code"] != "module_not_enabled"
    r = await client.post(
        f"/api/v1/platform/tenants/{tenant.slug}/modules", headers=admin_headers, json={"disable": ["voice"]}
    )
    assert r.status_code == 200
    assert {m["name"]: m["enabled"] for m in r.json()}["voice"] is False
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/voice?year=2017", headers=tenant_headers)
    assert r.status_code == 404 and r.json()["code"] == "module_not_enabled"
    r = await client.put(
        f"/api/v1/platform/tenants/{tenant.slug}/modules", headers=admin_headers, json={"modules": ["orgs"]}
    )
    assert [m["name"] for m in r.json() if m["enabled"]] == ["orgs"]


async def test_a_disabled_tenant_answers_404_and_keeps_its_data(client, admin_headers, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        await events.record("test.kept", "a row that must survive")
    r = await client.delete(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers)
    assert r.status_code == 200 and r.json()["active"] is False
    r = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=tenant_headers)
    assert r.status_code == 404 and r.json()["code"] == "tenant_not_found"
    r = await client.patch(f"/api/v1/platform/tenants/{tenant.slug}", headers=admin_headers, json={"active": True})
    assert r.json()["active"] is True
    page = (await client.get(f"/api/v1/t/{tenant.slug}/events", headers=tenant_headers)).json()
    assert [e["action"] for e in page["items"]] == ["test.kept"]


async def test_a_tenant_cannot_be_made_its_own_ancestor(client, admin_headers, make_tenant):
    parent = await make_tenant()
    child = await make_tenant(parent=parent.slug)
    r = await client.patch(
        f"/api/v1/platform/tenants/{parent.slug}", headers=admin_headers, json={"parent": child.slug}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "parent"


async def test_the_platform_report_counts_tenants_and_modules(client, make_tenant, make_token):
    parent = await make_tenant(modules=["orgs", "welfare"])
    await make_tenant(parent=parent.slug, modules=["orgs"])
    r = await client.get(
        f"/api/v1/t/{parent.slug}/reports/platform?year=2017",
        headers=bearer(await make_token("tenant_admin", parent.slug)),
    )
    body = r.json()
    assert {k: body[k] for k in ("module", "tenant", "year", "figures")} == {
        "module": "platform",
        "tenant": parent.slug,
        "year": 2017,
        "figures": {"tenants": 2, "modules_enabled": 3},
    }
    assert body["labels"]["tenants"]["zh"] == "在用租户" and body["text"] == {"tenants": "2", "modules_enabled": "3"}
    r = await client.get(
        f"/api/v1/t/{parent.slug}/reports/platform?year=17",
        headers=bearer(await make_token("tenant_admin", parent.slug)),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"


async def test_health_and_openapi(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = (await client.get("/readyz")).json()
    assert ready["postgres"]["ok"] and ready["redis"]["ok"]
    spec = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/platform/tenants" in spec["paths"]
    assert (await client.get("/schema")).status_code == 200


async def test_lists_page_with_a_cursor(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        await events.record_many([("test.page", f"row {i}", {}) for i in range(7)])
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(f"/api/v1/t/{tenant.slug}/events", headers=tenant_headers, params=params)).json()
        seen += [e["subject"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"row {i}" for i in reversed(range(7))]
    r = await client.get(f"/api/v1/t/{tenant.slug}/events", headers=tenant_headers, params={"cursor": "garbage!"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor"


async def test_a_missing_field_or_parameter_is_named(client, tenant, tenant_headers):
    base = f"/api/v1/t/{tenant.slug}"
    r = await client.post(f"{base}/members", json={"name": "甲", "org_id": 1}, headers=tenant_headers)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["id_number"]
    r = await client.get(f"{base}/reports/orgs", headers=tenant_headers)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["year"]


async def test_the_tenants_list_and_its_export_take_words_of_the_slug_or_a_name(client, admin_headers, make_tenant):
    import io

    from openpyxl import load_workbook

    odd = await make_tenant(name_zh="宁东能源化工基地工会", name_en="Ningdong 100% Energy")
    plain = await make_tenant(name_zh="测试市总工会", name_en="Ningdong plain")
    url = "/api/v1/platform/tenants"

    async def found(q: str) -> list[str]:
        return [t["slug"] for t in await every(client, url, admin_headers, q=q)]

    assert await found(odd.slug) == [odd.slug]
    assert await found("宁东能源") == [odd.slug]
    assert sorted(await found("ningdong")) == sorted([odd.slug, plain.slug])  # either name, any case
    percent = await found("%")  # LIKE's wildcard matches itself only
    assert odd.slug in percent and plain.slug not in percent

    x = await client.get(f"{url}/export", params={"q": "ningdong"}, headers=admin_headers)
    assert x.status_code == 200, x.text
    rows = list(load_workbook(io.BytesIO(x.content)).worksheets[0].iter_rows(values_only=True))
    assert {odd.slug, plain.slug} == {row[rows[0].index("代码")] for row in rows[1:]}
    r = await client.get(url, params={"q": "x" * 101}, headers=admin_headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "q"
