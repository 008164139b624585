"""The yearly review attacked: requests racing the close of nominations and each other, and a
tenant looking for scores or another tenant's drafts before publication on every route it has,
exports included. The races are real: a third transaction holds the review's row while the
racers start, and lets go once every one of them waits on it (no sleeps)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable
from typing import Any

import openpyxl

from server.errors import Conflict
from server.infra.db import DB
from server.infra.workdays import today
from server.platform import review
from server.platform.roles import Actor, Role
from tests.conftest import bearer
from tests.region.test_review import _new_year, _open_review


async def race(year: int, *racers: Awaitable[Any]) -> list[Any]:
    """Run the racers at once against the review `year`: each starts while another transaction
    holds the review's row, which is let go when all of them wait on it. Answers each racer's
    result or the exception it raised."""
    async with DB.pool.acquire() as holder, holder.transaction():
        await holder.execute("SELECT 1 FROM platform.review WHERE year = $1 FOR UPDATE", year)
        me = await holder.fetchval("SELECT pg_backend_pid()")
        tasks = [asyncio.ensure_future(r) for r in racers]
        waiting = 0
        async with DB.pool.acquire() as watch:
            try:
                async with asyncio.timeout(15):  # a hang detector, not a speed check
                    while True:
                        # the first racer waits on the holder, the next ones on the first (a row's lock queue)
                        waiting = await watch.fetchval(
                            "SELECT count(*) FROM pg_stat_activity "
                            "WHERE cardinality(pg_blocking_pids(pid)) > 0 AND pid <> $1",
                            me,
                        )
                        if waiting == len(tasks) or any(t.done() for t in tasks):
                            break
                        await asyncio.sleep(0.01)  # the barrier is in pg_stat_activity: look again
            except TimeoutError:
                raise AssertionError(f"only {waiting} of {len(tasks)} racers came to wait") from None
    return await asyncio.gather(*tasks, return_exceptions=True)


async def _nomination(nomination_id: int) -> dict[str, Any]:
    rows = await DB.run_ddl(f"SELECT title, state FROM platform.nomination WHERE id = {nomination_id}")
    return dict(rows[0])


async def test_an_edit_and_a_submit_racing_the_close_of_nominations(client, make_tenant, admin_headers):
    year = await _new_year()
    tenant = await make_tenant(modules=["orgs"])
    await _open_review(client, admin_headers, year)
    deadline = today() + dt.timedelta(days=1)
    after = deadline + dt.timedelta(days=1)
    for i in range(2):  # the lock's queue decides the order: twice over
        draft = await review.create_nomination(year, tenant.slug, review.NominationIn(title=f"草稿{i}"), None)
        done = await review.create_nomination(year, tenant.slug, review.NominationIn(title=f"已提交{i}"), None)
        await review.submit_nomination(year, tenant.slug, done.id)
        edit, submit, late, close = await race(
            year,
            review.update_nomination(
                year, tenant.slug, done.id, review.NominationIn(title=f"提交后改{i}"), None, on=deadline
            ),
            review.submit_nomination(year, tenant.slug, draft.id, on=deadline),
            review.submit_nomination(year, tenant.slug, draft.id, on=after),  # after the deadline: never
            review.close_nominations(year, on=after),
        )
        assert isinstance(close, review.ReviewOut) and close.state == "scoring"
        assert isinstance(late, Conflict) and late.code == "review_state"
        for outcome in (edit, submit):
            assert isinstance(outcome, review.NominationOut) or (
                isinstance(outcome, Conflict) and outcome.code == "review_state"
            ), repr(outcome)
        # what was stored is what was answered: a refused change left nothing behind
        edited = await _nomination(done.id)
        assert edited == (
            {"title": f"提交后改{i}", "state": "submitted"}
            if isinstance(edit, review.NominationOut)
            else {"title": f"已提交{i}", "state": "submitted"}
        )
        assert (await _nomination(draft.id))["state"] == (
            "submitted" if isinstance(submit, review.NominationOut) else "draft"
        )
        if i < 1:  # the next round on a review of its own
            year = await _new_year()
            await _open_review(client, admin_headers, year)


async def test_a_reviewer_scoring_twice_at_once_and_the_publication_racing_a_score(
    client, make_tenant, make_token, admin_headers
):
    year = await _new_year()
    tenant = await make_tenant(modules=["orgs"])
    criteria = await _open_review(client, admin_headers, year)
    novelty = criteria[0]["id"]
    made = await review.create_nomination(year, tenant.slug, review.NominationIn(title="轮值主席"), None)
    await review.submit_nomination(year, tenant.slug, made.id)
    await review.close_nominations(year, on=today() + dt.timedelta(days=2))
    await make_token("reviewer", name="并发评审")
    rows = await DB.run_ddl("SELECT id FROM platform.account WHERE name = '并发评审' ORDER BY id DESC LIMIT 1")
    one = Actor(account_id=rows[0]["id"], name="并发评审", role=Role.reviewer)

    def scored(points: int) -> Awaitable[Any]:
        return review.score(year, made.id, review.ScoresIn([review.ScoreIn(novelty, points)]), one)

    first, second = await race(year, scored(10), scored(20))
    assert isinstance(first, review.NominationOut) and isinstance(second, review.NominationOut)
    stored = await DB.run_ddl(f"SELECT score FROM platform.review_score WHERE nomination = {made.id}")
    assert len(stored) == 1 and stored[0]["score"] in (10, 20)  # once per reviewer and criterion

    # out of range: the field is named, nothing changes
    for points in (41, -1, 2**63):
        r = await client.put(
            f"/api/v1/platform/reviews/{year}/nominations/{made.id}/scores",
            headers=bearer(await make_token("reviewer", name="越界评审")),
            json={"scores": [{"criterion_id": novelty, "score": points}]},
        )
        assert r.status_code in (400, 422) and "scores[0].score" in r.text, r.text

    # the publication racing a score: the score is in the published result, or refused
    last, published = await race(year, scored(30), review.publish(year, review.SelectionIn([made.id])))
    assert isinstance(published, review.ResultOut)
    now = await DB.run_ddl(f"SELECT score FROM platform.review_score WHERE nomination = {made.id}")
    if isinstance(last, review.NominationOut):
        assert now[0]["score"] == 30 and published.selected[0].scores[0].score == 30  # type: ignore[index]
    else:
        assert isinstance(last, Conflict) and last.code == "review_state" and now == stored


def _cells(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


async def test_no_score_nor_another_tenant_s_draft_before_publication_on_any_tenant_route(
    app, client, make_tenant, make_token, admin_headers
):
    """Every GET route of a tenant's review side (exports and search too), as each tenant role of
    two cities, while scores are in and the result is not published: no score, no total, and
    none of the other city's nominations."""
    year = await _new_year()
    a = await make_tenant(modules=["orgs"])
    b = await make_tenant(modules=["orgs"])
    criteria = await _open_review(client, admin_headers, year)
    theirs = await review.create_nomination(year, b.slug, review.NominationIn(title="别人的秘密草稿"), None)
    mine = await review.create_nomination(year, a.slug, review.NominationIn(title="我们的项目"), None)
    other = await review.create_nomination(year, b.slug, review.NominationIn(title="别人的已提交项目"), None)
    for n, slug in ((mine, a.slug), (other, b.slug)):
        await review.submit_nomination(year, slug, n.id)
    await review.close_nominations(year, on=today() + dt.timedelta(days=2))
    await make_token("reviewer", name="打分专家")
    rows = await DB.run_ddl("SELECT id FROM platform.account WHERE name = '打分专家' ORDER BY id DESC LIMIT 1")
    expert = Actor(account_id=rows[0]["id"], name="打分专家", role=Role.reviewer)
    for n in (mine, other):
        await review.score(year, n.id, review.ScoresIn([review.ScoreIn(criteria[0]["id"], 33)]), expert)

    paths = sorted(
        route.path
        for route in app.routes
        if route.path.startswith("/api/v1/t/{tenant:str}/reviews") and "GET" in route.methods
    )
    assert any(p.endswith("/export") for p in paths)
    tokens = [bearer(await make_token(role, a.slug)) for role in ("tenant_admin", "auditor")]
    titles = ("别人的秘密草稿", "别人的已提交项目")
    seen = 0
    for headers in tokens:
        for path in paths:
            for nid in (mine.id, theirs.id, other.id):
                url = (
                    path.replace("{tenant:str}", a.slug)
                    .replace("{year:int}", str(year))
                    .replace("{nomination_id:int}", str(nid))
                )
                r = await client.get(url, headers=headers)
                assert r.status_code < 500, f"{url}: {r.status_code}"
                if r.status_code == 200:
                    seen += 1
                    assert not any(t in _shown(r) for t in titles), f"{url} shows the other city's: {_shown(r)}"
                    assert _scored(r) == [], f"{url} shows scores before publication"
                if "{nomination_id" not in path:
                    break
        r = await client.get(f"/api/v1/t/{a.slug}/search", params={"q": "别人的"}, headers=headers)
        assert r.status_code < 500 and not any(t in r.text for t in titles)
    assert seen >= 6
    # once published, the same look finds them (the look is not blind)
    await review.publish(year, review.SelectionIn([mine.id]))
    for url in (
        f"/api/v1/t/{a.slug}/reviews/{year}/nominations",
        f"/api/v1/t/{a.slug}/reviews/{year}/nominations/export",
    ):
        assert _scored(await client.get(url, headers=tokens[0])) != [], url


def _shown(r: Any) -> str:
    return repr(_cells(r.content)) if r.headers["content-type"].startswith("application/vnd") else r.text


def _scored(r: Any) -> list[Any]:
    """Any score or total the answer shows (a JSON key, or a cell under the export's columns)."""
    if r.headers["content-type"].startswith("application/vnd"):
        rows = _cells(r.content)
        columns = [i for i, h in enumerate(rows[0]) if h in ("评分", "总分")] if rows else []
        return [row[i] for row in rows[1:] for i in columns if row[i] not in (None, "", "null")]
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("scores", "total") and value not in (None, []):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(r.json())
    return found
