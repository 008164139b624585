"""A disabled tenant's tokens are refused everywhere, and orgs stays on in every tenant
(issue 13, "Also found")."""

from __future__ import annotations

from server.platform import service
from tests.conftest import bearer


async def test_a_disabled_tenants_token_is_refused_by_me_too(client, tenant, make_token, admin_headers):
    token = bearer(await make_token("auditor", tenant.slug))
    assert (await client.get("/api/v1/me", headers=token)).status_code == 200
    await service.disable_tenant(tenant.slug)
    for url in ("/api/v1/me", f"/api/v1/t/{tenant.slug}/me"):
        r = await client.get(url, headers=token)
        assert r.status_code == 404 and r.json()["code"] == "tenant_not_found", (url, r.text)
    # The platform admin belongs to no tenant: still answered.
    assert (await client.get("/api/v1/me", headers=admin_headers)).status_code == 200


async def test_orgs_cannot_be_switched_off(client, tenant, admin_headers):
    url = f"/api/v1/platform/tenants/{tenant.slug}/modules"
    headers = {**admin_headers, "Accept-Language": "en"}
    r = await client.post(url, headers=headers, json={"disable": ["orgs", "voice"]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "disable" and "orgs" in r.json()["errors"][0]["message"]
    r = await client.put(url, headers=headers, json={"modules": ["voice"]})
    assert r.status_code == 422, r.text
    assert "orgs" in r.json()["errors"][0]["message"]
    # Nothing changed; switching the others off still works.
    assert (await service.get_tenant(tenant.slug)).modules == tenant.modules
    r = await client.put(url, headers=headers, json={"modules": ["orgs"]})
    assert r.status_code == 200 and [m["name"] for m in r.json() if m["enabled"]] == ["orgs"]
