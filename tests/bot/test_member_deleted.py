"""A member's Telegram link goes with the member (`member_ref_bot_bot_telegram_link_member_id`, ON
DELETE CASCADE): a link is no record of the member, so deleting a linked member is not refused, the
link is removed with them, and their Telegram account then hears "not linked" like a stranger's. A
code issued to a member deleted since links nobody: the bot says the code is void, never a failure."""

from __future__ import annotations

import asyncio

from server.bot import store
from server.bot.i18n import t
from server.errors import RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.modules.orgs import service as orgs
from server.platform.roles import SYSTEM
from tests.bot.conftest import TOKEN, ZHANG, until
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_member, make_org

NOT_LINKED = t(
    "zh-CN",
    "Welcome to the workers' service of your trade union. To start, ask your union "
    "for a link code and send it here as: /link CODE",
)
CODE_VOID = t("zh-CN", "That code is unknown, used or expired. Ask your union for a new one.")


def texts(fake, chat_id: int) -> list[str]:
    return [m["text"] for m in fake.chat(chat_id)]


async def link_rows(slug: str) -> list[tuple[int, int]]:
    async with tenant_scope(slug):
        rows = await conn().fetch("SELECT telegram_user_id, member_id FROM bot_telegram_link ORDER BY id")
    return [tuple(r) for r in rows]


async def test_deleting_a_linked_member_removes_the_link_and_the_bot_answers_them_as_unlinked(bot, bot_client, fake):
    r = await bot_client.post(bot.url("/bot/link-codes"), json={"member_id": bot.zhang}, headers=bot.admin)
    assert r.status_code == 201, r.text
    await fake.user_sends(TOKEN, ZHANG, f"/link {r.json()['code']}")
    await until(lambda: any("绑定成功" in m for m in texts(fake, ZHANG.id)), what="linked")
    assert await link_rows(bot.slug) == [(ZHANG.id, bot.zhang)]

    r = await bot_client.delete(bot.url(f"/members/{bot.zhang}"), headers=bot.admin)
    assert r.status_code == 204, r.text  # the link is no record: the delete is not refused
    assert await link_rows(bot.slug) == []
    assert (await bot_client.get(bot.url(f"/members/{bot.zhang}"), headers=bot.admin)).status_code == 404

    sent = len(fake.sent(ZHANG.id))
    await fake.user_sends(TOKEN, ZHANG, "你好")
    await until(lambda: len(fake.sent(ZHANG.id)) > sent, what="the answer")
    assert fake.last(ZHANG.id)["text"] == NOT_LINKED


async def test_a_code_of_a_member_deleted_a_moment_before_links_nobody(bot, bot_client, fake):
    r = await bot_client.post(bot.url("/bot/link-codes"), json={"member_id": bot.zhang}, headers=bot.admin)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert (await bot_client.delete(bot.url(f"/members/{bot.zhang}"), headers=bot.admin)).status_code == 204

    # The union asks for another code: refused, naming the field.
    r = await bot_client.post(
        bot.url("/bot/link-codes"), json={"member_id": bot.zhang}, headers={**bot.admin, "Accept-Language": "en"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "member_id", r.text

    # The worker sends the code issued before the delete: the bot says it is void; nothing is linked.
    await fake.user_sends(TOKEN, ZHANG, f"/link {code}")
    await until(lambda: fake.sent(ZHANG.id), what="the answer")
    assert fake.last(ZHANG.id)["text"] == CODE_VOID
    assert await link_rows(bot.slug) == []


async def _member_and_code(slug: str) -> tuple[int, str]:
    async with tenant_scope(slug):
        member = (await make_member((await make_org("东厂工会")).id)).id
        code = (await store.issue_link_code(store.LinkCodeIn(member_id=member), SYSTEM)).code
    return member, code


async def test_a_delete_racing_a_link_waits_and_takes_the_link_with_it(tenant):
    member, code = await _member_and_code(tenant.slug)
    linked = asyncio.Event()

    async def link() -> None:
        async with tenant_scope(tenant.slug):
            await store.redeem_link_code(code, telegram_user_id=1001, chat_id=1001)
            linked.set()
            await blocking_another()  # the delete waits on the member's key the link holds

    async def delete() -> None:
        await linked.wait()
        async with tenant_scope(tenant.slug):
            await orgs.delete_member(member)

    await asyncio.gather(link(), delete())
    assert await link_rows(tenant.slug) == []


async def test_a_link_racing_the_delete_of_its_member_is_told_the_code_is_void(tenant):
    member, code = await _member_and_code(tenant.slug)
    deleted = asyncio.Event()

    async def delete() -> None:
        async with tenant_scope(tenant.slug):
            await orgs.delete_member(member)
            deleted.set()
            await blocking_another()  # the link waits on the deleted member's row

    async def link() -> BaseException | None:
        await deleted.wait()
        try:
            async with tenant_scope(tenant.slug):
                await store.redeem_link_code(code, telegram_user_id=1001, chat_id=1001)
        except RuleViolation as exc:
            return exc
        return None

    _, refused = await asyncio.gather(delete(), link())
    assert isinstance(refused, RuleViolation) and refused.code == "link_code_invalid", refused
    assert await link_rows(tenant.slug) == []


async def test_the_migration_removes_links_to_members_deleted_before_and_validates_the_key(fresh_tenant):
    """A link from before the key, to a member deleted since, links nobody: the migration deletes it
    (as the key would have) and the key, ON DELETE CASCADE, is then valid for every row."""
    from server.infra.migrate import add_member_refs
    from tests.modules.orgs.factories import delete_member_as_before

    name = "member_ref_bot_bot_telegram_link_member_id"
    async with tenant_scope(fresh_tenant.slug):
        union = await make_org("旧数据厂工会")
        gone, here = (await make_member(union.id, name="已删")).id, (await make_member(union.id, name="在册")).id
        await conn().execute(f"ALTER TABLE bot_telegram_link DROP CONSTRAINT {name}")  # as before the migration
        await conn().execute(
            "INSERT INTO bot_telegram_link (telegram_user_id, chat_id, member_id) VALUES (1, 1, $1), (2, 2, $2)",
            gone,
            here,
        )
        await delete_member_as_before(gone)
        await add_member_refs("bot", [("bot_telegram_link", "member_id")], on_delete="CASCADE")
        key = await conn().fetchrow(
            "SELECT confdeltype::text, convalidated FROM pg_constraint WHERE conname = $1 "
            "AND connamespace = current_schema()::regnamespace",
            name,
        )
    assert (key["confdeltype"], key["convalidated"]) == ("c", True)
    assert await link_rows(fresh_tenant.slug) == [(2, here)]


async def test_a_linked_member_with_records_is_refused_naming_the_records_not_the_link(client, tenant, tenant_headers):
    """The link is no record: the 409 names the modules holding records, and the link stays."""
    member, code = await _member_and_code(tenant.slug)
    async with tenant_scope(tenant.slug):
        await store.redeem_link_code(code, telegram_user_id=1001, chat_id=1001)
        await conn().execute(
            "INSERT INTO voice_notice (key, member_id, kind, params) VALUES ('t', $1, 'status', '{}')", member
        )
    r = await client.delete(f"/api/v1/t/{tenant.slug}/members/{member}", headers=tenant_headers)
    assert r.status_code == 409 and r.json()["modules"] == ["voice"], r.text
    assert await link_rows(tenant.slug) == [(1001, member)]
