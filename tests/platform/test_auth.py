"""Bearer tokens: missing, wrong, revoked, expired; roles against the platform routes."""

from __future__ import annotations

import datetime as dt

import pytest

from server.infra.tenancy import tenant_scope
from server.platform import service
from server.platform.service import TokenIn
from server.platform.tables import ApiToken
from tests.conftest import bearer
from tests.modules.orgs.factories import make_org


async def test_missing_wrong_revoked_and_expired_tokens_get_401(client, tenant):
    url = f"/api/v1/t/{tenant.slug}/me"
    r = await client.get(url)
    assert r.status_code == 401 and r.json()["code"] == "token_missing"
    r = await client.get(url, headers=bearer("ss_not-a-real-token"))
    assert r.status_code == 401 and r.json()["code"] == "token_invalid"
    r = await client.get(url, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401

    revoked = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    assert (await client.get(url, headers=bearer(revoked.token))).status_code == 200
    await service.revoke_token(revoked.info.id)
    r = await client.get(url, headers=bearer(revoked.token))
    assert r.status_code == 401 and r.json()["code"] == "token_revoked"

    expiring = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug, expires_in_days=1))
    assert (await client.get(url, headers=bearer(expiring.token))).status_code == 200
    await ApiToken.update({ApiToken.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)}).where(
        ApiToken.id == expiring.info.id
    )
    r = await client.get(url, headers=bearer(expiring.token))
    assert r.status_code == 401 and r.json()["code"] == "token_expired"


async def test_tokens_are_stored_hashed_and_shown_once(tenant):
    new = await service.create_token(TokenIn(role="auditor", tenant=tenant.slug, label="经审会"))
    rows = await ApiToken.select().where(ApiToken.id == new.info.id)
    assert new.token not in str(rows)
    assert rows[0]["prefix"] == new.token[:10]
    listed = await service.list_tokens(tenant=tenant.slug)
    assert new.token not in str(listed)


PLATFORM_ROUTES = [
    ("GET", "/api/v1/platform/tenants"),
    ("POST", "/api/v1/platform/tenants"),
    ("GET", "/api/v1/platform/tenants/{slug}"),
    ("PATCH", "/api/v1/platform/tenants/{slug}"),
    ("DELETE", "/api/v1/platform/tenants/{slug}"),
    ("GET", "/api/v1/platform/tenants/{slug}/modules"),
    ("POST", "/api/v1/platform/tenants/{slug}/modules"),
    ("GET", "/api/v1/platform/tokens"),
    ("POST", "/api/v1/platform/tokens"),
]


@pytest.mark.parametrize("role", ["tenant_admin", "org_officer", "auditor", "worker"])
async def test_only_the_platform_admin_may_use_platform_routes(client, tenant, make_token, role):
    org_id = None
    if role == "org_officer":
        async with tenant_scope(tenant.slug):
            org_id = (await make_org("某厂工会")).id
    token = await make_token(role, tenant.slug, org_id=org_id)
    for method, path in PLATFORM_ROUTES:
        r = await client.request(method, path.format(slug=tenant.slug), headers=bearer(token), json={})
        assert r.status_code == 403, (role, method, path, r.text)
    assert (await service.get_tenant(tenant.slug)).active


async def test_the_platform_admin_may_use_every_platform_route(client, tenant, admin_headers):
    r = await client.get(f"/api/v1/platform/tenants/{tenant.slug}/modules", headers=admin_headers)
    assert r.status_code == 200 and {m["name"] for m in r.json()} >= {"orgs", "voice"}
    r = await client.post(
        "/api/v1/platform/tokens", headers=admin_headers, json={"role": "auditor", "tenant": tenant.slug}
    )
    assert r.status_code == 201
    token_id, token = r.json()["info"]["id"], r.json()["token"]
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(token))).json()["role"] == "auditor"
    r = await client.delete(f"/api/v1/platform/tokens/{token_id}", headers=admin_headers)
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer(token))).status_code == 401
    # The platform admin may enter any tenant.
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=admin_headers)).status_code == 200


async def test_roles_inside_a_tenant(client, tenant, make_token):
    worker = bearer(await make_token("worker", tenant.slug))
    auditor = bearer(await make_token("auditor", tenant.slug))
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    events = f"/api/v1/t/{tenant.slug}/events"
    assert (await client.get(events, headers=worker)).status_code == 403
    assert (await client.get(events, headers=auditor)).status_code == 200
    assert (await client.get(f"/api/v1/t/{tenant.slug}/tokens", headers=auditor)).status_code == 403
    r = await client.post(f"/api/v1/t/{tenant.slug}/tokens", headers=admin, json={"role": "platform_admin"})
    assert r.status_code == 403
    r = await client.post(f"/api/v1/t/{tenant.slug}/tokens", headers=admin, json={"role": "auditor"})
    assert r.status_code == 201 and r.json()["info"]["tenant"] == tenant.slug


async def test_token_input_errors_name_the_field(client, tenant, admin_headers):
    cases = [
        ({"role": "king"}, "role"),
        ({"role": "tenant_admin"}, "tenant"),
        ({"role": "platform_admin", "tenant": tenant.slug}, "tenant"),
        ({"role": "org_officer", "tenant": tenant.slug}, "org_id"),
        ({"role": "org_officer", "tenant": tenant.slug, "org_id": 99999}, "org_id"),  # no such org there
        ({"role": "auditor", "tenant": tenant.slug, "expires_in_days": 0}, "expires_in_days"),
    ]
    for body, field in cases:
        r = await client.post("/api/v1/platform/tokens", headers=admin_headers, json=body)
        assert r.status_code == 422, body
        assert r.json()["errors"][0]["field"] == field, (body, r.json())


async def test_a_token_says_who_it_is_without_naming_its_tenant(client, tenant, make_token, admin_headers):
    r = await client.get("/api/v1/me", headers=bearer(await make_token("auditor", tenant.slug)))
    assert r.status_code == 200
    assert r.json()["role"] == "auditor" and r.json()["tenant"] == tenant.slug
    assert (await client.get("/api/v1/me", headers=admin_headers)).json()["tenant"] is None
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_a_tenant_read_takes_one_connection_and_gives_it_back(client, make_tenant, make_token, monkeypatch):
    """The token, the tenant and the read itself share one pool connection; a request refused
    after the guard (a module off, a role not allowed, a bad token) still gives it back."""
    from server.infra import db

    tenant = await make_tenant(modules=["orgs"])
    headers = bearer(await make_token("tenant_admin", tenant.slug))
    pool = db.pool()
    acquired: list[int] = []
    real_acquire = type(pool).acquire

    def counting_acquire(self, *args, **kwargs):
        acquired.append(1)
        return real_acquire(self, *args, **kwargs)

    monkeypatch.setattr(type(pool), "acquire", counting_acquire)  # a pool's own attributes are slots
    in_use = pool.get_size() - pool.get_idle_size()
    r = await client.get(f"/api/v1/t/{tenant.slug}/members", headers=headers)
    assert r.status_code == 200, r.text
    assert len(acquired) == 1
    assert pool.get_size() - pool.get_idle_size() == in_use

    r = await client.get(f"/api/v1/t/{tenant.slug}/pairing/programmes", headers=headers)
    assert r.status_code == 404
    auditor = bearer(await make_token("auditor", tenant.slug))
    assert (await client.get(f"/api/v1/t/{tenant.slug}/tokens", headers=auditor)).status_code == 403
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=bearer("ss_unknown"))).status_code == 401
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=headers)).status_code == 200
    assert pool.get_size() - pool.get_idle_size() == in_use


async def test_a_disabled_tenant_and_a_revoked_token_are_refused_on_the_very_next_read(client, make_tenant, make_token):
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url = f"/api/v1/t/{tenant.slug}/members"
    assert (await client.get(url, headers=bearer(token.token))).status_code == 200
    await service.disable_tenant(tenant.slug)
    try:
        assert (await client.get(url, headers=bearer(token.token))).status_code == 404
    finally:
        await service.update_tenant(tenant.slug, service.TenantPatch(active=True))
    assert (await client.get(url, headers=bearer(token.token))).status_code == 200
    await service.revoke_token(token.info.id)
    r = await client.get(url, headers=bearer(token.token))
    assert r.status_code == 401 and r.json()["code"] == "token_revoked"


async def test_a_token_seen_before_is_checked_by_the_database_on_every_read(client, make_tenant, caplog):
    """A process keeps what a token said and checks it with the read's BEGIN (service.enter):
    whatever changes behind its back, in SQL, by another process, is seen by the next read."""
    from server.infra import db

    tenant, other = await make_tenant(modules=["orgs", "pairing"]), await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    headers = bearer(token.token)
    programmes, tokens = f"/api/v1/t/{tenant.slug}/pairing/programmes", f"/api/v1/t/{tenant.slug}/tokens"
    pool = db.pool()
    in_use = pool.get_size() - pool.get_idle_size()

    async def sql(statement: str, *args: object) -> None:
        await pool.execute(statement, *args)

    for _ in range(2):
        assert (await client.get(programmes, headers=headers)).status_code == 200
    assert (service._hash(token.token), tenant.slug) in service._seen  # the next read is checked, not read

    await sql("UPDATE platform.tenant SET modules = '[\"orgs\"]' WHERE slug = $1", tenant.slug)
    r = await client.get(programmes, headers=headers)
    assert r.status_code == 404 and r.json()["code"] == "module_not_enabled", r.text
    await sql('UPDATE platform.tenant SET modules = \'["orgs", "pairing"]\' WHERE slug = $1', tenant.slug)
    for _ in range(2):
        assert (await client.get(programmes, headers=headers)).status_code == 200

    account = (await ApiToken.select(ApiToken.account).where(ApiToken.id == token.info.id).first())["account"]
    await sql("UPDATE platform.account SET role = 'auditor' WHERE id = $1", account)
    r = await client.get(tokens, headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "role_forbidden", r.text
    await sql("UPDATE platform.account SET role = 'tenant_admin' WHERE id = $1", account)
    assert (await client.get(tokens, headers=headers)).status_code == 200

    r = await client.get(f"/api/v1/t/{other.slug}/members", headers=headers)
    assert r.status_code == 403 and r.json()["code"] == "tenant_forbidden", r.text

    await sql("UPDATE platform.tenant SET active = false WHERE slug = $1", tenant.slug)
    assert (await client.get(programmes, headers=headers)).status_code == 404
    await sql("UPDATE platform.tenant SET active = true WHERE slug = $1", tenant.slug)
    assert (await client.get(programmes, headers=headers)).status_code == 200

    await sql("UPDATE platform.api_token SET expires_at = now() - interval '1 second' WHERE id = $1", token.info.id)
    r = await client.get(programmes, headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "token_expired", r.text

    # Every read refused after its transaction was begun gave its connection back, rolled back.
    assert pool.get_size() - pool.get_idle_size() == in_use
    assert not [rec for rec in caplog.records if "active transaction" in rec.getMessage()]
