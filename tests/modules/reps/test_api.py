"""Reps through the API: an election at 1:2, a second vote answers 409 already_voted in both
languages, evaluation results hidden below the minimum, a proposal handled, rewards once; an
officer outside the subtree answers 403 outside_subtree; another tenant's ids answer 404."""

from __future__ import annotations

from server.infra.tenancy import conn, tenant_scope
from tests.conftest import bearer
from tests.modules.reps.conftest import World, elected


async def test_an_election_through_the_api(world: World, client, make_token):
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/reps"
    r = await client.post(
        f"{base}/elections", json={"constituency_id": world.constituency, "held_on": "2017-03-01"}, headers=headers
    )
    assert r.status_code == 201, r.text
    e = r.json()
    for m in world.members[:3]:
        r = await client.post(
            f"{base}/elections/{e['id']}/candidates", json={"member_id": m, "statement": "竞选演说"}, headers=headers
        )
        assert r.status_code == 200, r.text
    r = await client.post(f"{base}/elections/{e['id']}/open", headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "too_few_candidates", r.text
    assert "两倍" in r.json()["detail"]
    r = await client.post(
        f"{base}/elections/{e['id']}/candidates", json={"member_id": world.members[3]}, headers=headers
    )
    assert r.json()["enough_candidates"] is True
    assert r.json()["candidates"][0]["member_name"] == "职工0"  # named, for the officer's screen
    assert (await client.post(f"{base}/elections/{e['id']}/open", headers=headers)).status_code == 200
    cands = [c["id"] for c in r.json()["candidates"]]
    vote = {"voter_id": world.members[0], "candidate_ids": cands[:2]}
    assert (await client.post(f"{base}/elections/{e['id']}/votes", json=vote, headers=headers)).status_code == 200
    again = await client.post(f"{base}/elections/{e['id']}/votes", json=vote, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    assert "只能投一次" in again.json()["detail"]
    again = await client.post(
        f"{base}/elections/{e['id']}/votes", json=vote, headers={**headers, "Accept-Language": "en"}
    )
    assert "one vote per voter" in again.json()["detail"]
    bad = await client.post(
        f"{base}/elections/{e['id']}/votes",
        json={"voter_id": world.members[1], "candidate_ids": cands[:3]},
        headers=headers,
    )
    assert bad.status_code == 422 and {x["field"] for x in bad.json()["errors"]} == {"candidate_ids"}
    r = await client.get(f"{base}/elections/{e['id']}", headers=headers)
    assert r.json()["votes_cast"] == 1


async def test_evaluation_proposal_and_reward_through_the_api(world: World, client, make_token):
    reps = await elected(world)
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/reps"
    r = await client.post(
        f"{base}/evaluations",
        json={"constituency_id": world.constituency, "opened_on": "2017-11-01", "min_ballots": 3},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    ev = r.json()["id"]
    for i, m in enumerate(world.members[2:5]):  # constituents, not the representatives themselves
        ballot = {"representative_id": reps[0], "member_id": m, "verdict": "satisfied", "score": 90 + i}
        r = await client.post(f"{base}/evaluations/{ev}/ballots", json=ballot, headers=headers)
        assert r.status_code == 204, r.text
        shown = (await client.get(f"{base}/evaluations/{ev}", headers=headers)).json()["results"][0]
        assert shown["shown"] is (i == 2)
        if i < 2:
            assert shown["ballots"] is None and shown["mean_score"] is None
    assert shown["mean_score"] == 91.0
    # the list: the unit's officer sees it (results as in one evaluation), an officer elsewhere does not
    mine = bearer(await make_token("org_officer", world.tenant, org_id=world.unit))
    listed = (await client.get(f"{base}/evaluations", headers=mine)).json()["items"]
    assert [e["id"] for e in listed] == [ev] and listed[0]["results"][0]["mean_score"] == 91.0
    outsider = bearer(await make_token("org_officer", world.tenant, org_id=world.outsider))
    assert (await client.get(f"{base}/evaluations", headers=outsider)).json()["items"] == []
    opened = await client.get(f"{base}/evaluations", params={"state": "open"}, headers=headers)
    assert opened.status_code == 200 and [e["id"] for e in opened.json()["items"]] == [ev]
    reward = {"reason": "evaluation", "source_id": ev, "amount_fen": 50000, "account": "6222020200001"}
    # a score is rewarded only once the evaluation is closed: later ballots could still pull it under 90
    early = await client.post(f"{base}/representatives/{reps[0]}/rewards", json=reward, headers=headers)
    assert early.status_code == 409 and early.json()["code"] == "evaluation_open", early.text
    assert "尚未结束" in early.json()["detail"]
    r = await client.post(f"{base}/evaluations/{ev}/close", headers=headers)
    assert r.status_code == 200, r.text
    # the unit's officer proposes the reward; no money moves until a tenant admin approves it
    r = await client.post(f"{base}/representatives/{reps[0]}/rewards", json=reward, headers=mine)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "proposed" and r.json()["batch_id"] is None
    rid = r.json()["id"]
    waiting = (await client.get(f"{base}/rewards", params={"state": "proposed"}, headers=headers)).json()["items"]
    assert [w["id"] for w in waiting] == [rid]
    assert (await client.get(f"{base}/rewards", headers=outsider)).json()["items"] == []
    denied = await client.post(f"{base}/rewards/{rid}/approve", headers=mine)
    assert denied.status_code == 403
    r = await client.post(f"{base}/rewards/{rid}/approve", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "approved" and r.json()["batch_id"]
    twice = await client.post(f"{base}/rewards/{rid}/approve", headers=headers)
    assert twice.status_code == 409 and twice.json()["code"] == "reward_not_proposed"
    again = await client.post(f"{base}/representatives/{reps[0]}/rewards", json=reward, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_rewarded"
    no = await client.post(f"{base}/representatives/{reps[1]}/rewards", json=reward, headers=headers)
    assert no.status_code == 422 and no.json()["code"] == "not_rewardable"
    r = await client.post(
        f"{base}/proposals", json={"representative_id": reps[1], "title": "关于改善职工食堂的提案"}, headers=headers
    )
    assert r.status_code == 201, r.text
    p = r.json()["id"]
    bad = await client.post(f"{base}/proposals/{p}/handle", json={"state": "rejected"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    r = await client.post(
        f"{base}/proposals/{p}/handle", json={"state": "adopted", "facilities_m2": 120}, headers=headers
    )
    assert r.status_code == 200 and r.json()["facilities_m2"] == 120
    page = await client.get(f"{base}/proposals", params={"year": 2026, "limit": 1}, headers=headers)
    assert page.status_code == 200
    # an allowance is paid once per period
    allowance = {
        "period": "2017-Q1",
        "amount_fen": 20000,
        "payees": [{"representative_id": reps[0], "account": "6222020200001"}],
    }
    r = await client.post(f"{base}/congresses/{world.congress}/allowances", json=allowance, headers=headers)
    assert r.status_code == 201, r.text
    again = await client.post(f"{base}/congresses/{world.congress}/allowances", json=allowance, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "already_paid"


async def test_outside_the_subtree_and_another_tenant(world: World, client, make_token, make_tenant):
    reps = await elected(world)
    base = f"/api/v1/t/{world.tenant}/reps"
    outsider = bearer(await make_token("org_officer", world.tenant, org_id=world.outsider))
    r = await client.get(f"{base}/representatives/{reps[0]}", headers=outsider)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
    r = await client.get(f"{base}/congresses", headers=outsider)
    assert r.status_code == 200 and r.json()["items"] == []
    mine = bearer(await make_token("org_officer", world.tenant, org_id=world.unit))
    r = await client.get(f"{base}/congresses/{world.congress}/representatives", headers=mine)
    assert r.status_code == 200 and len(r.json()["items"]) == 2
    other = await make_tenant()
    theirs = bearer(await make_token("tenant_admin", other.slug))
    r = await client.get(f"/api/v1/t/{other.slug}/reps/representatives/{reps[0]}", headers=theirs)
    assert r.status_code == 404


async def test_a_recalled_representative_is_not_rewarded(world: World, client, make_token):
    """Scores of 90+ but 60% dissatisfied: the close recalls them, and the reward is refused by name."""
    reps = await elected(world)
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/reps"
    ev = (
        await client.post(
            f"{base}/evaluations",
            json={"constituency_id": world.constituency, "opened_on": "2017-11-01", "min_ballots": 2},
            headers=headers,
        )
    ).json()["id"]
    for m in world.members[2:4]:
        ballot = {"representative_id": reps[0], "member_id": m, "verdict": "dissatisfied", "score": 95}
        assert (await client.post(f"{base}/evaluations/{ev}/ballots", json=ballot, headers=headers)).status_code == 204
    closed = await client.post(f"{base}/evaluations/{ev}/close", headers=headers)
    assert closed.json()["results"][0]["recalled"] is True
    reward = {"reason": "evaluation", "source_id": ev, "amount_fen": 50000, "account": "6222020200001"}
    r = await client.post(
        f"{base}/representatives/{reps[0]}/rewards", json=reward, headers={**headers, "Accept-Language": "en"}
    )
    assert r.status_code == 409 and r.json()["code"] == "not_seated", r.text
    assert "lost the seat" in r.json()["detail"]


async def test_a_proposed_reward_is_cancelled_or_refused_once_its_representative_is_recalled(
    world: World, client, make_token
):
    reps = await elected(world)
    headers = bearer(await make_token("tenant_admin", world.tenant))
    base = f"/api/v1/t/{world.tenant}/reps"

    async def evaluate(verdict: str, score: int) -> int:
        ev = (
            await client.post(
                f"{base}/evaluations",
                json={"constituency_id": world.constituency, "opened_on": "2017-11-01", "min_ballots": 2},
                headers=headers,
            )
        ).json()["id"]
        for m in world.members[2:4]:
            ballot = {"representative_id": reps[0], "member_id": m, "verdict": verdict, "score": score}
            r = await client.post(f"{base}/evaluations/{ev}/ballots", json=ballot, headers=headers)
            assert r.status_code == 204, r.text
        assert (await client.post(f"{base}/evaluations/{ev}/close", headers=headers)).status_code == 200
        return ev

    ev = await evaluate("satisfied", 96)
    reward = {"reason": "evaluation", "source_id": ev, "amount_fen": 50000, "account": "6222020200001"}
    first = (await client.post(f"{base}/representatives/{reps[0]}/rewards", json=reward, headers=headers)).json()
    assert (await client.post(f"{base}/rewards/{first['id']}/cancel", headers=headers)).status_code == 204
    r = await client.post(f"{base}/representatives/{reps[0]}/rewards", json=reward, headers=headers)
    assert r.status_code == 201, r.text  # cancelled: the reason is free again
    await evaluate("dissatisfied", 10)  # a later evaluation recalls them before the approval
    r = await client.post(f"{base}/rewards/{r.json()['id']}/approve", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "not_seated", r.text
    async with tenant_scope(world.tenant):
        assert await conn().fetchval("SELECT count(*) FROM payout_batch WHERE source LIKE 'reps.reward:%'") == 0
