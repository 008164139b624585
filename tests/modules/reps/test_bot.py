"""A constituent evaluates their representative from the bot against the fake Bot API: the ballot
arrives as a message with buttons, a verdict then a score casts it, and a second ballot from the
same worker is refused with a clear message; the ballot box holds one ballot."""

from __future__ import annotations

import datetime as dt

from server.bot.jobs import kick
from server.infra.tenancy import conn, tenant_scope
from server.modules.reps import service
from tests.bot.conftest import LI, TOKEN, ZHANG, bot, bot_client, bot_settings, fake, until, worker  # noqa: F401
from tests.modules.voice.conftest import world  # noqa: F401


def has_text(fake, chat_id, fragment):  # noqa: F811
    return lambda: any(fragment in m["text"] for m in fake.chat(chat_id))


async def test_a_worker_evaluates_from_the_bot(bot, bot_client, bot_settings, fake):  # noqa: F811
    w = bot
    a = w.admin_actor
    # Zhang links his chat
    r = await bot_client.post(w.url("/voice/link-codes"), json={"member_id": w.zhang}, headers=w.cement_officer)
    assert r.status_code == 201, r.text
    await fake.user_sends(TOKEN, ZHANG, f"/link {r.json()['code']}")
    await until(has_text(fake, ZHANG.id, "绑定成功"), what="the linked message")
    # Li (the candidate elected below) links hers too; her Telegram speaks English
    r = await bot_client.post(w.url("/voice/link-codes"), json={"member_id": w.li}, headers=w.cement_officer)
    await fake.user_sends(TOKEN, LI, f"/link {r.json()['code']}")
    await until(lambda: fake.sent(LI.id), what="Li's linked message")
    # the cement works' congress: one seat, Zhang elected against Li (1:2)
    async with tenant_scope(w.slug):
        congress = await service.create_congress(
            service.CongressIn(w.cement, "第五届职代会", dt.date(2017, 1, 1), dt.date(2021, 12, 31)), a
        )
        s = await service.add_constituency(congress.id, service.ConstituencyIn(w.cement, "全厂", 1), a)
        e = await service.open_election(service.ElectionIn(s.id, dt.date(2017, 3, 1)), a)
        await service.add_candidate(e.id, service.CandidateIn(w.zhang, "竞选演说"), a)
        e = await service.add_candidate(e.id, service.CandidateIn(w.li, ""), a)
        await service.open_voting(e.id, a)
        zhang_candidate = next(c.id for c in e.candidates if c.member_id == w.zhang)
        await service.cast_vote(e.id, service.VoteIn(w.li, [zhang_candidate]), a)
        await service.tally(e.id, a)
        await service.publish(e.id, a)
        ev = await service.open_evaluation(service.EvaluationIn(s.id, dt.date(2017, 11, 1), 1), a)
    await kick(bot_settings, w.slug)
    # Li evaluates him, in her language; Zhang, on the roll too, gets no ballot for his own seat
    await until(has_text(fake, LI.id, "Satisfaction evaluation"), what="the ballot")
    ballot = fake.last(LI.id)
    assert "张伟" in ballot["text"]
    verdicts = fake.buttons(ballot)
    assert set(verdicts) == {"Satisfied", "Basically satisfied", "Dissatisfied"}
    async with tenant_scope(w.slug):
        assert await service.ballots_due([w.zhang]) == []
    assert not any("满意度评估" in m["text"] for m in fake.chat(ZHANG.id))
    await fake.user_taps(TOKEN, LI, ballot, verdicts["Satisfied"])
    await until(has_text(fake, LI.id, "Now score"), what="the score buttons")
    scores = fake.last(LI.id)
    await fake.user_taps(TOKEN, LI, scores, fake.buttons(scores)["95"])
    await until(has_text(fake, LI.id, "Your ballot is cast"), what="the thank-you")
    # a second ballot from the same worker (the old score message tapped again) is refused
    await fake.user_taps(TOKEN, LI, scores, fake.buttons(scores)["0"])
    await until(has_text(fake, LI.id, "one ballot each"), what="the refusal")
    async with tenant_scope(w.slug):
        assert await conn().fetchval("SELECT count(*) FROM rep_ballot WHERE evaluation_id = $1", ev.id) == 1
        out = await service.get_evaluation(ev.id, a)
    assert out.results[0].shown and out.results[0].mean_score == 95.0
    # nothing more is due to her: the ballot notice is not sent again
    await kick(bot_settings, w.slug)
    async with tenant_scope(w.slug):
        assert await service.ballots_due([w.li]) == []
