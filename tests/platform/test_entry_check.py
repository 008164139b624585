"""The guard's token check sent with the scope's BEGIN (platform.service.enter), attacked: a read
cancelled half-way, input aimed at the check's literals, revocations racing reads, the kept
tokens overflowing."""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict

import pytest

from server.infra import db
from server.infra.tenancy import tenant_scope
from server.platform import service
from server.platform.service import TokenIn
from tests.conftest import bearer, blocking_another
from tests.modules.orgs.factories import make_org


def busy() -> int:
    pool = db.pool()
    return pool.get_size() - pool.get_idle_size()


def reset_warnings(caplog) -> list[str]:
    return [rec.getMessage() for rec in caplog.records if "active transaction" in rec.getMessage()]


async def cancelled_while_locked(client, url: str, headers: dict[str, str], table: str) -> None:
    """A read of `url` waits on a lock held on `table` and its client goes away meanwhile."""
    async with db.pool().acquire() as locker, locker.transaction():
        await locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        read = asyncio.create_task(client.get(url, headers=headers))
        await blocking_another(locker)
        read.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await read


@pytest.mark.parametrize("where", ["check", "handler"])
async def test_a_read_cancelled_during_its_token_check_or_its_handler_gives_its_connection_back_clean(
    client, make_tenant, caplog, where
):
    """The client goes away while the guard's check waits (on a lock a migration of the platform's
    tables would hold) or while the handler reads in the transaction the check began: that
    transaction is rolled back and the connection goes back to the pool reset, and the next read
    is answered."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/members", bearer(token.token)
    assert (await client.get(url, headers=headers)).status_code == 200  # seen: the next read is checked
    before = busy()
    table = "platform.tenant" if where == "check" else f'"t_{tenant.slug}".member'
    await cancelled_while_locked(client, url, headers, table)
    assert busy() == before
    assert not reset_warnings(caplog)
    assert (await client.get(url, headers=headers)).status_code == 200


async def test_a_check_that_passes_after_another_read_dropped_the_kept_token_is_answered(client, make_tenant):
    """While one read's check waits, another read of the same token finds it changed (or the
    least recently used are dropped) and the process forgets the token: the first read, whose
    check passed, is answered all the same, not with a 500."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/members", bearer(token.token)
    assert (await client.get(url, headers=headers)).status_code == 200
    async with db.pool().acquire() as locker:
        async with locker.transaction():
            await locker.execute("LOCK TABLE platform.tenant IN ACCESS EXCLUSIVE MODE")
            read = asyncio.create_task(client.get(url, headers=headers))
            await blocking_another(locker)  # the check was sent and waits
            service._seen.pop((service._hash(token.token), tenant.slug))
        r = await read
    assert r.status_code == 200, r.text


async def test_nothing_of_a_request_reaches_the_checks_literals(client, make_tenant, caplog):
    """The check's message carries literals: the token's SHA-256, the stamp the database made, and
    the path's slug. A slug that is not a plain slug (quotes, NUL, a newline, look-alike letters)
    is refused before any SQL and a token with quotes only ever reaches SQL as its hash; the kept
    token keeps working, and nothing odd is kept."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    headers = bearer(token.token)
    kept_before = set(service._seen)  # earlier tests' tokens
    for _ in range(2):
        assert (await client.get(f"/api/v1/t/{tenant.slug}/members", headers=headers)).status_code == 200
    slugs = [
        f"{tenant.slug}'",
        f"{tenant.slug}%27%29%3B",
        f"{tenant.slug}%00",
        f"{tenant.slug}%0A",
        "ｔｐａｂｃ",
        'a"b',
        "ab\\",
    ]
    for slug in slugs:
        r = await client.get(f"/api/v1/t/{slug}/members", headers=headers)
        assert r.status_code in (404, 422), (slug, r.text)  # NUL: refused as input (422)
    for odd in ["ss_'); SELECT pg_sleep(5); --", "ss_\\'\"$$", token.token + "'"]:
        for _ in range(2):
            r = await client.get(f"/api/v1/t/{tenant.slug}/members", headers=bearer(odd))
            assert r.status_code == 401 and r.json()["code"] == "token_invalid", (odd, r.text)
    assert (await client.get(f"/api/v1/t/{tenant.slug}/members", headers=headers)).status_code == 200
    assert set(service._seen) - kept_before == {(service._hash(token.token), tenant.slug)}
    assert not [rec for rec in caplog.records if rec.levelname == "ERROR"]


async def test_no_read_started_after_a_revocation_commits_is_answered(client, make_tenant, caplog):
    """Reads of one token run concurrently, some holding the transaction their check began, while
    the token is revoked: every read started once the revocation committed is refused; the ones
    in flight are answered either way, and every connection goes back clean."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/members", bearer(token.token)
    assert (await client.get(url, headers=headers)).status_code == 200
    before = busy()

    async def read() -> int:
        return (await client.get(url, headers=headers)).status_code

    async with db.pool().acquire() as locker:
        async with locker.transaction():
            await locker.execute("LOCK TABLE platform.tenant IN ACCESS EXCLUSIVE MODE")
            in_flight = [asyncio.create_task(read()) for _ in range(8)]
            await blocking_another(locker)  # their checks are on their way: one waits on the lock
    await service.revoke_token(token.info.id)  # while the checks let go race it
    assert set(await asyncio.gather(*(read() for _ in range(8)))) == {401}
    assert set(await asyncio.gather(*in_flight)) <= {200, 401}
    assert busy() == before and not reset_warnings(caplog)


async def test_past_the_kept_tokens_limit_every_token_is_still_read_right(client, make_tenant, monkeypatch):
    """More tokens than the process keeps: the least recently used are read anew, each answers as
    its own role, and a token dropped and then revoked (or its account deleted) is refused."""
    monkeypatch.setattr(service, "SEEN_MAX", 2)
    monkeypatch.setattr(service, "_seen", OrderedDict())
    tenant = await make_tenant(modules=["orgs"])
    made = {
        role: await service.create_token(TokenIn(role=role, tenant=tenant.slug, name=f"{role}-lru"))
        for role in ["tenant_admin", "auditor"]
    }
    platform = await service.create_token(TokenIn(role="platform_admin", name="platform-lru"))
    tokens = f"/api/v1/t/{tenant.slug}/tokens"
    expected = {"tenant_admin": 200, "auditor": 403}
    for _ in range(3):
        for role, token in made.items():
            assert (await client.get(tokens, headers=bearer(token.token))).status_code == expected[role], role
        assert (await client.get(tokens, headers=bearer(platform.token))).status_code == 200
        assert len(service._seen) <= 2
    await service.revoke_token(made["auditor"].info.id)
    r = await client.get(tokens, headers=bearer(made["auditor"].token))
    assert r.status_code == 401 and r.json()["code"] == "token_revoked", r.text
    assert (await client.get(tokens, headers=bearer(platform.token))).status_code == 200  # kept
    await db.pool().execute("DELETE FROM platform.account WHERE name = 'platform-lru'")
    r = await client.get(tokens, headers=bearer(platform.token))
    assert r.status_code == 401 and r.json()["code"] == "token_invalid", r.text


async def test_the_check_works_without_prepared_statements(client, make_tenant, settings, caplog):
    """Behind PgBouncer in transaction mode (`statement_cache_size=0` in DATABASE_URL) the check,
    a simple-protocol message, passes and refuses as with the cache."""
    tenant = await make_tenant(modules=["orgs"])
    token = await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))
    url, headers = f"/api/v1/t/{tenant.slug}/members", bearer(token.token)
    session_pool, session_config = db.DB.pool, db.DB.config
    db.DB.pool = None
    try:
        dsn = settings.database_url
        await db.connect(dsn + ("&" if "?" in dsn else "?") + "statement_cache_size=0", max_size=4)
        assert db.pool()._connect_kwargs["statement_cache_size"] == 0
        for _ in range(3):
            assert (await client.get(url, headers=headers)).status_code == 200
        assert (service._hash(token.token), tenant.slug) in service._seen
        await service.revoke_token(token.info.id)
        r = await client.get(url, headers=headers)
        assert r.status_code == 401 and r.json()["code"] == "token_revoked", r.text
        assert busy() == 0 and not reset_warnings(caplog)
    finally:
        await db.disconnect()
        db.DB.pool, db.DB.config = session_pool, session_config


async def test_a_checked_read_of_other_tenants_answers_their_own_rows(client, make_tenant, make_token):
    """A rollup reads the platform first and then each tenant of a subtree in its own scope: with
    the token checked (the transaction the check began for the route's tenant rolled back first),
    each tenant's figures are its own, as when the token was read."""
    root = await make_tenant(modules=["orgs"])
    child = await make_tenant(modules=["orgs"], parent=root.slug)
    for slug, count in [(root.slug, 2), (child.slug, 1)]:
        async with tenant_scope(slug):
            for i in range(count):
                await make_org(f"{slug}工会{i}")
    url, headers = f"/api/v1/t/{root.slug}/reports/orgs/rollup", bearer(await make_token("tenant_admin", root.slug))
    answers = [(await client.get(url, headers=headers, params={"year": 2026})) for _ in range(3)]
    assert all(r.status_code == 200 for r in answers), answers[0].text
    figures = {t["tenant"]: t["figures"]["orgs"] for t in answers[-1].json()["tenants"]}
    assert figures == {root.slug: 2, child.slug: 1}
    assert all(r.json() == answers[0].json() for r in answers)


async def test_a_read_that_opens_no_tenant_scope_is_not_left_in_a_transaction(client, make_tenant, monkeypatch):
    """The check begins the tenant scope's transaction only for a handler that opens that scope: a
    read of the platform's rows alone (the tenant's tokens) runs in no transaction, its token seen
    before or not, and the members read beside it is answered as usual."""
    from server.platform import api as platform_api

    tenant = await make_tenant(modules=["orgs"])
    headers = bearer((await service.create_token(TokenIn(role="tenant_admin", tenant=tenant.slug))).token)
    in_transaction: list[bool] = []
    real = service.token_page

    async def watched(*args, **kwargs):
        holder = db.held.get()
        kept = holder.connection if holder is not None else None
        in_transaction.append(kept is None or kept.is_in_transaction() or bool(holder and holder.begun))
        return await real(*args, **kwargs)

    monkeypatch.setattr(platform_api.service, "token_page", watched)
    for _ in range(3):  # then with the token seen: checked with BEGIN only where a scope opens
        assert (await client.get(f"/api/v1/t/{tenant.slug}/members", headers=headers)).status_code == 200
        assert (await client.get(f"/api/v1/t/{tenant.slug}/tokens", headers=headers)).status_code == 200
    assert in_transaction == [False, False, False]
