"""Attacks on linking a Telegram account: one code redeemed by two accounts at once, and two codes
of one member redeemed by two accounts at once (a union issued a second code). One link stands at the
end, never a failure the bot cannot explain: "a new link replaces old ones" also when they race."""

from __future__ import annotations

import asyncio

from server.bot import store
from server.errors import RuleViolation
from server.infra.tenancy import conn, tenant_scope
from server.platform.roles import SYSTEM
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_member, make_org


async def race(tenant: str, codes: list[str]) -> list[object]:
    """Redeem codes[0] as Telegram user 1001 and hold it uncommitted until the redemption of
    codes[1] as user 1002 waits on it; then both finish."""
    first_wrote = asyncio.Event()

    async def first():
        async with tenant_scope(tenant):
            out = await store.redeem_link_code(codes[0], telegram_user_id=1001, chat_id=1001)
            first_wrote.set()
            await blocking_another()
            return out

    async def second():
        await first_wrote.wait()
        async with tenant_scope(tenant):
            return await store.redeem_link_code(codes[1], telegram_user_id=1002, chat_id=1002)

    return await asyncio.gather(first(), second(), return_exceptions=True)


async def links(tenant: str) -> list[tuple[int, int]]:
    async with tenant_scope(tenant):
        rows = await conn().fetch("SELECT telegram_user_id, member_id FROM bot_telegram_link ORDER BY id")
    return [tuple(r) for r in rows]


async def test_two_codes_of_one_member_redeemed_at_once_leave_the_later_link(tenant):
    async with tenant_scope(tenant.slug):
        worker = await make_member((await make_org("东厂工会")).id)
        codes = [(await store.issue_link_code(store.LinkCodeIn(member_id=worker.id), SYSTEM)).code for _ in range(2)]
    first, second = await race(tenant.slug, codes)
    assert isinstance(first, store.LinkOut), first
    assert isinstance(second, store.LinkOut), second
    assert await links(tenant.slug) == [(1002, worker.id)]


async def test_one_code_redeemed_by_two_accounts_at_once_links_one(tenant):
    async with tenant_scope(tenant.slug):
        worker = await make_member((await make_org("东厂工会")).id)
        code = (await store.issue_link_code(store.LinkCodeIn(member_id=worker.id), SYSTEM)).code
    first, second = await race(tenant.slug, [code, code])
    assert isinstance(first, store.LinkOut), first
    assert isinstance(second, RuleViolation) and second.code == "link_code_invalid", second
    assert await links(tenant.slug) == [(1001, worker.id)]


async def test_a_long_telegram_language_code_neither_blocks_linking_nor_later_messages(tenant):
    """Telegram passes on the language code a client declares; one past the column's 16 characters
    made linking, and every later update of that worker, fail in the database."""
    odd = "zh-hans-cn-x-" + "q" * 40
    async with tenant_scope(tenant.slug):
        worker = await make_member((await make_org("东厂工会")).id)
        code = (await store.issue_link_code(store.LinkCodeIn(member_id=worker.id), SYSTEM)).code
    async with tenant_scope(tenant.slug):
        await store.redeem_link_code(code, telegram_user_id=1001, chat_id=1001, telegram_language=odd)
        await store.seen_language(1001, "\x00" + odd)
    assert await links(tenant.slug) == [(1001, worker.id)]
