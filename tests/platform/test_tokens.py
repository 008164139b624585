"""A worker's token is that member's and no one else's: one account per member, and the member
must exist in the tenant (issue 13, item 2)."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.platform.tables import Account
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org


async def test_two_workers_tokens_each_see_only_their_own_things(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("青铜峡水泥股份有限公司工会")
        zhang = await make_member(union.id, name="张伟")
        li = await make_member(union.id, name="李娜", gender="F")
    url = f"/api/v1/t/{tenant.slug}"

    async def worker_token(member_id: int) -> dict[str, str]:
        # No name: both tokens get the default account name, which must not make them one account.
        r = await client.post(f"{url}/tokens", headers=tenant_headers, json={"role": "worker", "member_id": member_id})
        assert r.status_code == 201, r.text
        return bearer(r.json()["token"])

    zhang_headers = await worker_token(zhang.id)
    li_headers = await worker_token(li.id)
    for headers, member in ((zhang_headers, zhang), (li_headers, li)):
        assert (await client.get(f"{url}/me", headers=headers)).json()["member_id"] == member.id
        assert (await client.get("/api/v1/me", headers=headers)).json()["member_id"] == member.id

    filed = {}
    for headers, member, text in ((zhang_headers, zhang, "三月工资拖欠未发"), (li_headers, li, "车间通风差")):
        r = await client.post(f"{url}/complaints", headers=headers, json={"category": "wages", "text": text})
        assert r.status_code == 201, r.text
        assert r.json()["member_id"] == member.id
        filed[member.id] = r.json()["id"]
    for headers, member in ((zhang_headers, zhang), (li_headers, li)):
        r = await client.get(f"{url}/complaints", headers=headers)
        assert [c["id"] for c in r.json()["items"]] == [filed[member.id]]
        other = filed[li.id if member is zhang else zhang.id]
        assert (await client.get(f"{url}/complaints/{other}", headers=headers)).status_code == 404

    # Each complaint answered: each worker is told of their own answer only.
    for complaint in filed.values():
        r = await client.post(
            f"{url}/complaints/{complaint}/answer", headers=tenant_headers, json={"answer": "已协调解决"}
        )
        assert r.status_code == 200, r.text
    for headers, member in ((zhang_headers, zhang), (li_headers, li)):
        r = await client.get(f"{url}/voice/notices", headers=headers)
        assert r.status_code == 200, r.text
        notices = r.json()["items"]
        assert notices and {n["member_id"] for n in notices} == {member.id}, r.json()

    # A second token for the same member is the same account; each member has one.
    await worker_token(zhang.id)
    accounts = await Account.select(Account.member_id).where(
        (Account.tenant_slug == tenant.slug) & (Account.role == "worker")
    )
    assert sorted(a["member_id"] for a in accounts) == sorted([zhang.id, li.id])


async def test_a_worker_token_names_a_member_of_the_tenant(client, tenant, make_tenant, admin_headers):
    other = await make_tenant()
    async with tenant_scope(other.slug):
        elsewhere = await make_member((await make_org("别处的工会")).id)
    async with tenant_scope(tenant.slug):
        union = await make_org("某厂工会")
        here = {(await make_member(union.id)).id for _ in range(2)}
    missing = next(i for i in (elsewhere.id, 99999999) if i not in here)
    r = await client.post(
        "/api/v1/platform/tokens",
        headers={**admin_headers, "Accept-Language": "en"},
        json={"role": "worker", "tenant": tenant.slug, "member_id": missing},
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "member_id"
    assert str(missing) in r.json()["errors"][0]["message"]
    assert not await Account.exists().where((Account.member_id == missing) & (Account.tenant_slug == tenant.slug))


async def test_tokens_issued_at_once_for_one_member_share_one_account(tenant):
    import asyncio

    from server.platform import service
    from server.platform.service import TokenIn

    async with tenant_scope(tenant.slug):
        member = await make_member((await make_org("某厂工会")).id)
    issued = await asyncio.gather(
        *(service.create_token(TokenIn(role="worker", tenant=tenant.slug, member_id=member.id)) for _ in range(20))
    )
    assert len({t.token for t in issued}) == 20
    accounts = await Account.select(Account.id).where(
        (Account.member_id == member.id) & (Account.tenant_slug == tenant.slug)
    )
    assert len(accounts) == 1, accounts
