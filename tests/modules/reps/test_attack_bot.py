"""The evaluation ballot from the bot, attacked: forged button data (the representative's own seat,
a score off the scale, ids beyond any integer column), and a constituent's bot ballot racing a
teller's paper ballot for the same constituent. Each is refused with a message or leaves one
ballot; every update is answered 200 (an id beyond the column made the webhook answer 422, and
Telegram redelivers what is not answered 2xx for ever)."""

from __future__ import annotations

import asyncio
import datetime as dt

from server.infra.db import DB
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.bot.conftest import LI, TOKEN, ZHANG, bot, bot_client, bot_settings, fake, until, worker  # noqa: F401
from tests.modules.voice.conftest import world  # noqa: F401


async def test_forged_ballots_from_the_bot_and_a_bot_ballot_racing_a_teller(
    bot,  # noqa: F811
    bot_client,  # noqa: F811
    fake,  # noqa: F811
):
    w = bot
    a = w.admin_actor
    for member, user in ((w.zhang, ZHANG), (w.li, LI)):
        r = await bot_client.post(w.url("/voice/link-codes"), json={"member_id": member}, headers=w.cement_officer)
        await fake.user_sends(TOKEN, user, f"/link {r.json()['code']}")
        await until(lambda user=user: fake.sent(user.id), what="the linked message")
    async with tenant_scope(w.slug):
        congress = await service.create_congress(
            service.CongressIn(w.cement, "第五届职代会", dt.date(2017, 1, 1), dt.date(2021, 12, 31)), a
        )
        s = await service.add_constituency(congress.id, service.ConstituencyIn(w.cement, "全厂", 1), a)
        e = await service.open_election(service.ElectionIn(s.id, dt.date(2017, 3, 1)), a)
        await service.add_candidate(e.id, service.CandidateIn(w.zhang, ""), a)
        e = await service.add_candidate(e.id, service.CandidateIn(w.li, ""), a)
        await service.open_voting(e.id, a)
        await service.cast_vote(
            e.id, service.VoteIn(w.li, [next(c.id for c in e.candidates if c.member_id == w.zhang)]), a
        )
        await service.tally(e.id, a)
        await service.publish(e.id, a)
        rep = (await service.list_representatives(congress.id, actor=a)).items[0].id
        ev = await service.open_evaluation(service.EvaluationIn(s.id, dt.date(2017, 11, 1), 1), a)
    anchor = {"message_id": 1, "text": ""}

    # Zhang forges a ballot for his own seat; Li forges one off the scale and ones with ids no column holds
    assert await fake.user_taps(TOKEN, ZHANG, anchor, f"rs:{ev.id}:{rep}:s:100") == 200
    await until(lambda: any("不能对自己" in c.params.get("text", "") for c in fake.calls), what="the refusal")
    for data in (
        f"rs:{ev.id}:{rep}:s:999",
        f"rs:{ev.id}:{rep}:s:-1",
        f"rs:{2**40}:{rep}:s:50",
        f"rs:{ev.id}:{2**70}:s:50",
        f"rv:{2**70}:{rep}:s",
        f"rate:{2**40}:5",  # voice's rating button, forged the same way
    ):
        assert await fake.user_taps(TOKEN, LI, anchor, data) == 200, data
    # a worker's API token is no teller: Li's token enters no ballot, for her nor for Zhang
    for member in (w.li, w.zhang):
        r = await bot_client.post(
            w.url(f"/reps/evaluations/{ev.id}/ballots"),
            json={"representative_id": rep, "member_id": member, "verdict": "satisfied", "score": 100},
            headers=w.li_worker,
        )
        assert r.status_code == 403, r.text
    r = await bot_client.post(
        w.url(f"/reps/elections/{e.id}/votes"), json={"voter_id": w.li, "candidate_ids": [rep]}, headers=w.li_worker
    )
    assert r.status_code == 403, r.text
    async with tenant_scope(w.slug):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot") == 0

    # Li's ballot from the bot and a teller's paper ballot for her, at once: one goes in
    async with DB.pool.acquire() as holder, holder.transaction():
        await holder.execute(f'LOCK TABLE "t_{w.slug}".rep_evaluation_voter IN SHARE MODE')
        me = await holder.fetchval("SELECT pg_backend_pid()")
        tapped = asyncio.ensure_future(fake.user_taps(TOKEN, LI, anchor, f"rs:{ev.id}:{rep}:s:90"))
        paper = asyncio.ensure_future(
            bot_client.post(
                w.url(f"/reps/evaluations/{ev.id}/ballots"),
                json={"representative_id": rep, "member_id": w.li, "verdict": "dissatisfied", "score": 10},
                headers=w.cement_officer,
            )
        )
        await until(lambda: _waiting(me) if not (tapped.done() or paper.done()) else True, what="both ballots waiting")
    teller = await paper
    assert await tapped < 500
    assert teller.status_code in (204, 409), teller.text
    async with tenant_scope(w.slug):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot WHERE evaluation_id = $1", ev.id) == 1
        assert await conn().fetchval("SELECT count(*) FROM rep_evaluation_voter WHERE evaluation_id = $1", ev.id) == 1


async def _waiting(holder_pid: int) -> bool:
    async with DB.pool.acquire() as c:
        n = await c.fetchval("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holder_pid)
    return n >= 2
