"""A member other modules hold records of is never deleted: the database refuses (each module's
`member_ref_<module>_<table>_<column>` foreign key, ON DELETE RESTRICT) and the API answers 409
`member_has_records` naming the modules; a mistaken record with nothing attached can go."""

from __future__ import annotations

import asyncio

from server.infra.tenancy import conn, tenant_scope
from server.modules.welfare import service as welfare
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, build_world


async def _campaign(slug: str) -> int:
    async with tenant_scope(slug):
        c = await welfare.create_campaign(
            welfare.CampaignIn(
                kind="illness_relief",
                name="大病救助",
                year=2017,
                budget_fen=1_000_000,
                eligibility=welfare.Eligibility(rule="applications"),
                amount_rule=welfare.AmountRule(rule="approved_amount"),
            ),
            admin(slug),
        )
    return c.id


def _application(member_id: int) -> welfare.ApplicationIn:
    return welfare.ApplicationIn(member_id=member_id, requested_fen=500_000, bank_account="6222021234567890123")


async def test_a_member_with_records_is_refused_naming_the_modules_and_one_without_is_deleted(
    client, tenant, tenant_headers
):
    world = await build_world(tenant.slug, n=1)  # a hardship file: a welfare record
    [held] = world.members
    async with tenant_scope(tenant.slug):
        await conn().execute(
            "INSERT INTO voice_notice (key, member_id, kind, params) VALUES ('t', $1, 'status', '{}')", held
        )
        mistaken = (await make_member(world.union, name="误录")).id
    url = f"/api/v1/t/{tenant.slug}/members"
    r = await client.delete(f"{url}/{held}", headers=tenant_headers)
    assert r.status_code == 409, r.text
    body = r.json()
    assert body["code"] == "member_has_records" and body["modules"] == ["welfare", "voice"]
    assert body["detail"] == ("该会员在 送温暖与救助、三单：职工维权服务 中有记录，不能删除；会员离会请填写离会日期")
    r = await client.delete(f"{url}/{held}", headers={**tenant_headers, "Accept-Language": "en"})
    assert r.status_code == 409
    assert "Welfare & relief, Workers' voice (three forms)" in r.json()["detail"]
    assert (await client.get(f"{url}/{held}", headers=tenant_headers)).status_code == 200
    async with tenant_scope(tenant.slug):  # nothing changed: the placement and the records stay
        assert await conn().fetchval("SELECT count(*) FROM placement WHERE member_id = $1", held) == 1
        assert await conn().fetchval("SELECT count(*) FROM hardship_household WHERE member_id = $1", held) == 1

    assert (await client.delete(f"{url}/{mistaken}", headers=tenant_headers)).status_code == 204
    assert (await client.get(f"{url}/{mistaken}", headers=tenant_headers)).status_code == 404


async def test_a_delete_racing_a_record_naming_the_member_waits_and_is_refused(client, tenant, tenant_headers):
    """The application's insert holds the member's key: the delete waits on it, then is refused."""
    async with tenant_scope(tenant.slug):
        union = await make_org("竞态厂工会")
        member = (await make_member(union.id, name="竞态")).id
    campaign = await _campaign(tenant.slug)
    inserted = asyncio.Event()

    async def apply() -> int:
        async with tenant_scope(tenant.slug):
            out = await welfare.submit_application(campaign, _application(member), admin(tenant.slug))
            inserted.set()
            await blocking_another()  # the delete is seen waiting on this transaction's lock
        return out.id

    async def delete() -> int:
        await inserted.wait()
        r = await client.delete(f"/api/v1/t/{tenant.slug}/members/{member}", headers=tenant_headers)
        assert r.status_code == 409 and r.json()["modules"] == ["welfare"], r.text
        return r.status_code

    application, _ = await asyncio.gather(apply(), delete())
    async with tenant_scope(tenant.slug):
        assert await conn().fetchval("SELECT member_id FROM relief_application WHERE id = $1", application) == member
        assert await conn().fetchval("SELECT count(*) FROM member WHERE id = $1", member) == 1


async def test_a_record_racing_the_delete_of_its_member_is_refused_not_a_500(client, tenant, tenant_headers):
    """The delete holds the member's row: the application (its member checked before the delete
    committed) waits on it and hears the member is gone: a 422 naming the field, never a 500."""
    from server.modules.orgs import service as orgs

    async with tenant_scope(tenant.slug):
        union = await make_org("竞态厂工会")
        member = (await make_member(union.id, name="竞态")).id
    campaign = await _campaign(tenant.slug)
    deleted = asyncio.Event()

    async def delete() -> None:
        async with tenant_scope(tenant.slug):
            await orgs.delete_member(member)
            deleted.set()
            await blocking_another()

    async def apply() -> int:
        await deleted.wait()
        r = await client.post(
            f"/api/v1/t/{tenant.slug}/campaigns/{campaign}/applications",
            json={"member_id": member, "requested_fen": 500_000, "bank_account": "6222021234567890123"},
            headers={**tenant_headers, "Accept-Language": "en"},
        )
        assert r.status_code == 422 and r.json()["code"] == "member_gone", r.text
        assert r.json()["errors"][0]["field"] == "member_id" and "deleted just now" in r.json()["detail"]
        return r.status_code

    await asyncio.gather(delete(), apply())
    async with tenant_scope(tenant.slug):
        assert await conn().fetchval("SELECT count(*) FROM relief_application") == 0
    # Afterwards the service's own check answers, as before: the field named, 422.
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/campaigns/{campaign}/applications",
        json={"member_id": member, "requested_fen": 500_000, "bank_account": "6222021234567890123"},
        headers=tenant_headers,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "member_id", r.text


async def test_the_migrations_give_every_tenant_the_member_references_once(fresh_tenant):
    """A fresh tenant has them (a module switched on later has its tables, and so its keys, already;
    the bot's link table is in every tenant, a bot configured or not); migrating again changes nothing."""
    from server.infra.migrate import migrate_tenant_schema

    assert await migrate_tenant_schema(fresh_tenant.slug) == 0
    async with tenant_scope(fresh_tenant.slug):
        names = await conn().fetch(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'member'::regclass "
            "AND conname LIKE 'member\\_ref\\_%'"
        )
    modules = {r["conname"].split("_")[2] for r in names}
    assert modules == {"bot", "pairing", "reps", "rotation", "skills", "voice", "welfare"}
    assert len(names) == 25  # the modules' 24 records and the bot's Telegram link


async def test_old_data_naming_a_deleted_member_is_still_handled(tenant):
    """Rows from before the references may name a member deleted since (the keys are NOT VALID):
    a notice for such a member is skipped, not a foreign-key failure of the write that made it."""
    from server.modules.voice.service.common import insert_notices
    from tests.modules.orgs.factories import delete_member_as_before

    async with tenant_scope(tenant.slug):
        union = await make_org("旧数据厂工会")
        gone, here = (await make_member(union.id, name="已删")).id, (await make_member(union.id, name="在册")).id
        await conn().execute(
            "INSERT INTO voice_notice (key, member_id, kind, params) VALUES ('old', $1, 'status', '{}')", gone
        )
        await delete_member_as_before(gone)
        await insert_notices([("new-gone", gone, "status", {}), ("new-here", here, "status", {})])
        keys = await conn().fetch("SELECT key, member_id FROM voice_notice ORDER BY key")
    assert [(r["key"], r["member_id"]) for r in keys] == [("new-here", here), ("old", gone)]
