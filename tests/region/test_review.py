"""The yearly innovation review, as the region runs it: the platform admin publishes the criteria,
two cities nominate, a panel of two reviewers scores, the admin publishes the selection. At each
step a tenant sees its own nominations only, and no score until publication; the database keeps
the rules whatever the code above it does."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import asyncpg
import openpyxl
import pytest

from server.infra.db import DB
from server.infra.tenancy import tenant_scope
from server.infra.workdays import today
from server.modules import registry
from server.platform import review
from server.platform.service import TenantIn
from tests.cli_helpers import cli_env, saishang
from tests.conftest import bearer, new_slug
from tests.modules.orgs.factories import make_member, make_org

_years = itertools.count(2100, -1)  # a review year of its own for each test (2017 is the demo's)


async def _new_year() -> int:
    while True:
        year = next(_years)
        if not await DB.run_ddl(f"SELECT 1 FROM platform.review WHERE year = {year}"):
            return year


async def _open_review(client, admin, year: int) -> list[dict]:
    deadline = (today() + dt.timedelta(days=1)).isoformat()
    r = await client.post(
        "/api/v1/platform/reviews/",
        headers=admin,
        json={
            "year": year,
            "title_zh": f"{year}年度工会工作创新项目评选",
            "title_en": "Innovation review",
            "deadline": deadline,
        },
    )
    assert r.status_code == 201, r.text
    criteria = [
        {"name_zh": "创新性", "name_en": "Novelty", "max_score": 40, "description": "新颖的工作形式"},
        {"name_zh": "实施效果", "name_en": "Results", "max_score": 60},
    ]
    r = await client.put(f"/api/v1/platform/reviews/{year}/criteria", headers=admin, json={"criteria": criteria})
    assert r.status_code == 200, r.text
    r = await client.post(f"/api/v1/platform/reviews/{year}/open", headers=admin)
    assert r.status_code == 200 and r.json()["state"] == "open", r.text
    return r.json()["criteria"]


async def test_a_review_from_criteria_to_publication(client, make_tenant, make_token, admin_headers):
    year = await _new_year()
    a = await make_tenant(modules=["orgs", "reps"], name_zh="青铜峡市总工会")
    b = await make_tenant(modules=["orgs", "audit"], name_zh="吴忠市总工会")
    a_admin = bearer(await make_token("tenant_admin", a.slug))
    b_admin = bearer(await make_token("tenant_admin", b.slug))
    one = bearer(await make_token("reviewer", name="评审专家甲"))
    two = bearer(await make_token("reviewer", name="评审专家乙"))
    async with tenant_scope(a.slug):
        city = await make_org("青铜峡市总工会", type="city_federation")
        for i in range(3):
            await make_member((await make_org(f"企业{i}工会", parent_id=city.id)).id, name=f"代表{i}")

    # a draft review is the panel's alone
    r = await client.post(
        "/api/v1/platform/reviews/",
        headers=admin_headers,
        json={"year": year, "title_zh": "评选", "title_en": "Review", "deadline": "2100-12-31"},
    )
    assert r.status_code == 201
    assert (await client.get(f"/api/v1/t/{a.slug}/reviews/{year}", headers=a_admin)).status_code == 404
    r = await client.post(f"/api/v1/platform/reviews/{year}/open", headers=admin_headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "criteria"  # no criteria yet
    await DB.run_ddl(f"DELETE FROM platform.review WHERE year = {year}")
    criteria = await _open_review(client, admin_headers, year)
    novelty, results = criteria[0]["id"], criteria[1]["id"]
    r = await client.get(f"/api/v1/t/{a.slug}/reviews/{year}", headers=a_admin)
    assert r.status_code == 200 and [c["max_score"] for c in r.json()["criteria"]] == [40, 60]
    r = await client.put(f"/api/v1/platform/reviews/{year}/criteria", headers=admin_headers, json={"criteria": []})
    assert r.status_code == 409  # published criteria stay as published

    # nominations: bad ones name their field and change nothing
    url_a = f"/api/v1/t/{a.slug}/reviews/{year}/nominations"
    url_b = f"/api/v1/t/{b.slug}/reviews/{year}/nominations"
    for body, field in [
        ({"title": "三单四制", "module": "audit", "figures": []}, "module"),  # audit is off in this city
        ({"title": "三单四制", "figures": [{"figure": "members", "claimed": 3}]}, "figures"),
        (
            {"title": "三单四制", "module": "orgs", "figures": [{"figure": "no_such", "claimed": 1}]},
            "figures[0].figure",
        ),
        ({"title": "三单四制", "module": "orgs", "figures": [{"figure": "members", "claimed": -1}]}, "figures"),
        ({"title": " ", "module": "orgs"}, "title"),
    ]:
        r = await client.post(url_a, headers=a_admin, json=body)
        assert r.status_code in (400, 422) and field in r.text, (body, r.text)
    assert (await client.get(url_a, headers=a_admin)).json()["items"] == []
    r = await client.post(
        url_a,
        headers=a_admin,
        json={
            "title": "建立“三单四制”工作机制",
            "summary": "职工维权服务菜单、企业服务需求订单、工会维权服务受理单；职工代表四制。",
            "module": "orgs",
            "figures": [{"figure": "members", "claimed": 3}, {"figure": "orgs", "claimed": 5}],
        },
    )
    assert r.status_code == 201, r.text
    mine = r.json()
    # claimed beside computed: three members as claimed; four orgs, not the five claimed
    assert [(f["figure"], f["claimed"], f["computed"]) for f in mine["figures"]] == [("members", 3, 3), ("orgs", 5, 4)]
    # each labelled from the module's figure catalogue and written as a report writes it (zh-CN here)
    members = mine["figures"][0]
    assert (members["label"]["zh"], members["label"]["en"], members["label"]["unit"]) == ("会员", "Members", "person")
    assert (members["claimed_text"], members["computed_text"]) == ("3 人", "3 人")
    assert mine["state"] == "draft" and mine["scores"] is None
    r = await client.post(f"{url_a}/{mine['id']}/submit", headers=a_admin)
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    theirs = (await client.post(url_b, headers=b_admin, json={"title": "经费绩效审计", "module": "audit"})).json()
    draft = (await client.post(url_b, headers=b_admin, json={"title": "尚未提交的草稿"})).json()
    await client.post(f"{url_b}/{theirs['id']}/submit", headers=b_admin)

    # a tenant never sees another's nomination, nor reaches another tenant's routes
    r = await client.get(f"{url_a}/{theirs['id']}", headers=a_admin)
    assert r.status_code == 404 and r.json()["code"] == "nomination_not_found"
    assert (await client.put(f"{url_a}/{draft['id']}", headers=a_admin, json={"title": "x"})).status_code == 404
    assert (await client.get(url_b, headers=a_admin)).status_code == 403
    assert [n["id"] for n in (await client.get(url_a, headers=a_admin)).json()["items"]] == [mine["id"]]
    # the panel sees submitted nominations only: never a draft
    r = await client.get(f"/api/v1/platform/reviews/{year}/nominations", headers=one)
    assert r.status_code == 200 and {n["id"] for n in r.json()["items"]} == {mine["id"], theirs["id"]}
    r = await client.get(f"/api/v1/platform/reviews/{year}/nominations/{draft['id']}", headers=one)
    assert r.status_code == 404
    # roles: a tenant admin is not on the panel, a reviewer enters no tenant
    for path in ("/", f"/{year}", f"/{year}/nominations", f"/{year}/result"):
        assert (await client.get(f"/api/v1/platform/reviews{path}", headers=a_admin)).status_code == 403
    assert (await client.get(url_a, headers=one)).status_code == 403
    r = await client.put(
        f"/api/v1/platform/reviews/{year}/nominations/{mine['id']}/scores",
        headers=admin_headers,
        json={"scores": [{"criterion_id": novelty, "score": 1}]},
    )
    assert r.status_code == 403  # the admin publishes; the panel scores

    # nominations close after the deadline, and not before
    r = await client.post(f"/api/v1/platform/reviews/{year}/close", headers=admin_headers)
    assert r.status_code == 409 and r.json()["code"] == "review_state"
    scores_url = f"/api/v1/platform/reviews/{year}/nominations/{mine['id']}/scores"
    r = await client.put(scores_url, headers=one, json={"scores": [{"criterion_id": novelty, "score": 30}]})
    assert r.status_code == 409  # no scoring while nominations are open
    await review.close_nominations(year, on=today() + dt.timedelta(days=2))
    r = await client.put(f"{url_a}/{mine['id']}", headers=a_admin, json={"title": "改了"})
    assert r.status_code == 409
    with pytest.raises(asyncpg.CheckViolationError):  # frozen in the database too
        await DB.run_ddl(f"UPDATE platform.nomination SET title = 'x' WHERE id = {mine['id']}")

    # scoring: within each criterion's maximum, once per reviewer, criterion and nomination
    r = await client.put(scores_url, headers=one, json={"scores": [{"criterion_id": novelty, "score": 50}]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scores[0].score"
    r = await client.put(
        scores_url,
        headers=one,
        json={"scores": [{"criterion_id": novelty, "score": 35}, {"criterion_id": results, "score": 50}]},
    )
    assert r.status_code == 200, r.text
    r = await client.put(scores_url, headers=one, json={"scores": [{"criterion_id": results, "score": 55}]})
    assert [s["score"] for s in r.json()["scores"]] == [35, 55]  # scored again: replaced
    r = await client.put(
        scores_url,
        headers=two,
        json={"scores": [{"criterion_id": novelty, "score": 30}, {"criterion_id": results, "score": 50}]},
    )
    assert r.status_code == 200
    assert {s["reviewer"] for s in r.json()["scores"]} == {"评审专家乙"}  # a reviewer sees their own scores only
    r = await client.put(
        f"/api/v1/platform/reviews/{year}/nominations/{draft['id']}/scores",
        headers=one,
        json={"scores": [{"criterion_id": novelty, "score": 1}]},
    )
    assert r.status_code == 404
    reviewer_id = await DB.run_ddl("SELECT id FROM platform.account WHERE name = '评审专家甲'")
    with pytest.raises(asyncpg.UniqueViolationError):
        await DB.run_ddl(
            "INSERT INTO platform.review_score (nomination, criterion, reviewer_account_id, score) "
            f"VALUES ({mine['id']}, {novelty}, {reviewer_id[0]['id']}, 1)"
        )
    with pytest.raises(asyncpg.CheckViolationError):
        await DB.run_ddl(f"UPDATE platform.review_score SET score = 41 WHERE criterion = {novelty}")

    # no score reaches a tenant before publication
    r = await client.get(f"{url_a}/{mine['id']}", headers=a_admin)
    assert r.json()["scores"] is None and r.json()["total"] is None
    assert all(n["scores"] is None for n in (await client.get(url_a, headers=a_admin)).json()["items"])
    assert (await client.get(f"/api/v1/t/{a.slug}/reviews/{year}/result", headers=a_admin)).status_code == 404
    r = await client.get(f"/api/v1/platform/reviews/{year}/standings", headers=admin_headers)
    assert [(s["nomination"], s["total"], s["reviewers"]) for s in r.json()] == [
        (mine["id"], 32.5 + 52.5, 2),
        (theirs["id"], 0.0, 0),
    ]
    assert (await client.get(f"/api/v1/platform/reviews/{year}/standings", headers=one)).status_code == 403
    r = await client.get(f"/api/v1/platform/reviews/{year}/standings/export", headers=admin_headers)
    sheet = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert sheet[0][:2] == ("申报编号", "租户") and [row[0] for row in sheet[1:]] == [mine["id"], theirs["id"]]

    # publication: the selection in order; everything frozen; the result and its scores for all
    r = await client.post(
        f"/api/v1/platform/reviews/{year}/publish", headers=admin_headers, json={"nominations": [draft["id"]]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "nominations[0]"
    r = await client.post(
        f"/api/v1/platform/reviews/{year}/publish", headers=admin_headers, json={"nominations": [mine["id"]]}
    )
    assert r.status_code == 200, r.text
    r = await client.get(f"/api/v1/t/{b.slug}/reviews/{year}/result", headers=b_admin)
    assert r.status_code == 200
    [selected] = r.json()["selected"]
    assert (selected["id"], selected["tenant"], selected["rank"], selected["total"]) == (mine["id"], a.slug, 1, 85.0)
    assert len(selected["scores"]) == 4 and selected["figures"][0]["computed"] == 3
    # the reviewers are anonymous to the tenants (by their place on the panel), named to the platform
    assert [s["reviewer"] for s in selected["scores"]] == ["评审一", "评审一", "评审二", "评审二"]
    r = await client.get(f"{url_a}/{mine['id']}", headers=a_admin)
    assert r.json()["rank"] == 1 and len(r.json()["scores"]) == 4
    assert {s["reviewer"] for s in r.json()["scores"]} == {"评审一", "评审二"}
    r = await client.get(url_a, headers={**a_admin, "Accept-Language": "en"})
    assert {s["reviewer"] for s in r.json()["items"][0]["scores"]} == {"Reviewer 1", "Reviewer 2"}
    assert "评审专家" not in (await client.get(f"/api/v1/t/{a.slug}/reviews/{year}/result", headers=a_admin)).text
    r = await client.get(f"/api/v1/platform/reviews/{year}/result", headers=admin_headers)
    assert {s["reviewer"] for s in r.json()["selected"][0]["scores"]} == {"评审专家甲", "评审专家乙"}
    for url in (f"/api/v1/platform/reviews/{year}/result/export", f"/api/v1/t/{a.slug}/reviews/{year}/result/export"):
        r = await client.get(url, headers=admin_headers if "platform" in url else a_admin)
        sheet = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
        assert [(row[1], row[3], row[5]) for row in sheet[1:]] == [(1, "建立“三单四制”工作机制", 85.0)], url
    assert (await client.get(f"{url_b}/{mine['id']}", headers=b_admin)).status_code == 404  # still not B's to open
    r = await client.put(scores_url, headers=one, json={"scores": [{"criterion_id": novelty, "score": 40}]})
    assert r.status_code == 409
    with pytest.raises(asyncpg.CheckViolationError):
        await DB.run_ddl(f"UPDATE platform.review_score SET score = 1 WHERE nomination = {mine['id']}")
    r = await client.post(
        f"/api/v1/platform/reviews/{year}/publish", headers=admin_headers, json={"nominations": [theirs["id"]]}
    )
    assert r.status_code == 409


async def test_nominations_close_at_the_deadline(client, make_tenant, make_token, admin_headers):
    year = await _new_year()
    tenant = await make_tenant(modules=["orgs"])
    await _open_review(client, admin_headers, year)
    data = review.NominationIn(title="基层工会主席轮值制度")
    deadline = today() + dt.timedelta(days=1)
    made = await review.create_nomination(year, tenant.slug, data, None, on=deadline)  # the last day still counts
    with pytest.raises(review.Conflict) as late:
        await review.submit_nomination(year, tenant.slug, made.id, on=deadline + dt.timedelta(days=1))
    assert late.value.code == "review_state"
    with pytest.raises(asyncpg.CheckViolationError):  # criteria are published: frozen in the database
        await DB.run_ddl(
            f"DELETE FROM platform.review_criterion WHERE review = (SELECT id FROM platform.review WHERE year = {year})"
        )


async def test_a_reviewer_belongs_to_no_tenant(client, tenant, tenant_headers, admin_headers):
    r = await client.post(f"/api/v1/t/{tenant.slug}/tokens", headers=tenant_headers, json={"role": "reviewer"})
    assert r.status_code == 403 and r.json()["code"] == "role_forbidden"  # a city cannot name the region's panel
    r = await client.post(
        "/api/v1/platform/tokens/", headers=admin_headers, json={"role": "reviewer", "tenant": tenant.slug}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "tenant"
    r = await client.post("/api/v1/platform/tokens/", headers=admin_headers, json={"role": "reviewer", "name": "专家"})
    assert r.status_code == 201 and r.json()["info"]["tenant"] is None
    reviewer = bearer(r.json()["token"])
    assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=reviewer)).status_code == 403
    assert (await client.get("/api/v1/platform/tenants/", headers=reviewer)).status_code == 403
    assert (
        await client.get("/api/v1/platform/reports/orgs", params={"year": 2017}, headers=reviewer)
    ).status_code == 403


async def test_a_review_whose_deadline_has_passed_is_refused_and_nothing_is_made(client, admin_headers):
    year = await _new_year()
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    body = {"year": year, "title_zh": "评选", "title_en": "Review", "deadline": yesterday}
    for lang, word in (("en", "before today"), ("zh-CN", "早于今天")):
        r = await client.post(
            "/api/v1/platform/reviews/", headers={**admin_headers, "Accept-Language": lang}, json=body
        )
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert error["field"] == "deadline" and word in error["message"] and yesterday in error["message"]
    assert (await client.get(f"/api/v1/platform/reviews/{year}", headers=admin_headers)).status_code == 404
    # today is still a day to take nominations on
    r = await client.post(
        "/api/v1/platform/reviews/", headers=admin_headers, json={**body, "deadline": today().isoformat()}
    )
    assert r.status_code == 201, r.text


async def test_the_standings_and_the_result_name_the_tenant_and_the_module_in_words(
    client, make_tenant, make_token, admin_headers, settings, tmp_path
):
    year = await _new_year()
    tenant = await make_tenant(modules=["orgs"], name_zh="石嘴山市总工会", name_en="Shizuishan FTU")
    await review.create_review(review.ReviewIn(year, "评选", "Review", today()))
    await review.set_criteria(year, review.CriteriaIn([review.CriterionIn("创新性", "Novelty", 100)]))
    await review.open_review(year)
    made = await review.create_nomination(
        year, tenant.slug, review.NominationIn(title="名师带高徒", module="orgs"), None
    )
    await review.submit_nomination(year, tenant.slug, made.id)
    await review.close_nominations(year, on=today() + dt.timedelta(days=1))
    tenant_admin = bearer(await make_token("tenant_admin", tenant.slug))
    en = {**admin_headers, "Accept-Language": "en"}
    base = f"/api/v1/platform/reviews/{year}"

    [standing] = (await client.get(f"{base}/standings", headers=en)).json()
    assert (standing["tenant"], standing["tenant_name"], standing["module"], standing["module_name"]) == (
        tenant.slug,
        "Shizuishan FTU",
        "orgs",
        "Organisations & members",
    )
    [nomination] = (await client.get(f"{base}/nominations", headers=admin_headers)).json()["items"]
    assert (nomination["tenant_name"], nomination["module_name"]) == ("石嘴山市总工会", "组织与会员")
    r = await client.get(f"{base}/standings/export", headers=en)
    [row] = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[1:]
    assert row[:4] == (made.id, "Shizuishan FTU", "名师带高徒", "Organisations & members")

    # what a client labels a claim with: each module's figures, in the sign-in's modules
    me = (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=tenant_admin)).json()
    orgs = next(m for m in me["modules"] if m["name"] == "orgs")
    assert orgs["figures"]["members"] == {"zh": "会员", "en": "Members", "unit": "person", "additive": True}

    # the CLI's tables too, in its language: the state, the headers, the tenant and the module in words
    env = cli_env(settings, tmp_path)  # an 80-column table: a long name folds onto a second line
    r = saishang("review", "show", str(year), env=env)
    assert r.returncode == 0, r.stderr
    words = ("评审中", "得分排名", "申报编号", "石嘴山市", "组织与会员", "创新性", "满分")
    assert all(w in r.stdout for w in words) and tenant.slug not in r.stdout and "scoring" not in r.stdout, r.stdout

    await review.publish(year, review.SelectionIn([made.id]))
    r = saishang("review", "show", str(year), env=env | {"SAISHANG_LANG": "en"})
    assert r.returncode == 0, r.stderr
    words = ("published", "selected", "Rank", "Shizuishan", "Organisati", "Novelty", "full marks")
    assert all(w in r.stdout for w in words) and "已公布" not in r.stdout and tenant.slug not in r.stdout, r.stdout
    r = await client.get(
        f"/api/v1/t/{tenant.slug}/reviews/{year}/result/export",
        headers=tenant_admin,
    )
    [row] = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[1:]
    assert (row[2], row[4]) == ("石嘴山市总工会", "组织与会员")


async def test_after_publication_nothing_of_the_review_is_deleted_and_the_pool_still_clears_its_tenant(
    tenant_pool,
):
    year = await _new_year()
    tenant = await tenant_pool.borrow(
        TenantIn(slug=new_slug(), name_zh="评选租户", name_en="Nominee", modules=["orgs"])
    )
    await review.create_review(review.ReviewIn(year, "评选", "Review", today()))
    await review.set_criteria(year, review.CriteriaIn([review.CriterionIn("创新性", "Novelty", 100)]))
    await review.open_review(year)
    claims = [review.ClaimIn(figure="members", claimed=0)]
    made = await review.create_nomination(
        year, tenant.slug, review.NominationIn(title="三单四制", module="orgs", figures=claims), None
    )
    await review.submit_nomination(year, tenant.slug, made.id)
    await review.close_nominations(year, on=today() + dt.timedelta(days=1))
    # once nominations close, a claimed figure stays as claimed
    with pytest.raises(asyncpg.CheckViolationError):
        await DB.run_ddl(f"DELETE FROM platform.nomination_figure WHERE nomination = {made.id}")
    await review.publish(year, review.SelectionIn([made.id]))
    for sql in (
        f"DELETE FROM platform.review_selection WHERE nomination = {made.id}",  # out of the published selection
        f"DELETE FROM platform.nomination_figure WHERE nomination = {made.id}",
        f"DELETE FROM platform.review WHERE year = {year}",  # the whole published review
    ):
        with pytest.raises(asyncpg.CheckViolationError):
            await DB.run_ddl(sql)
    assert [n.id for n in (await review.result(year)).selected] == [made.id]
    # the test pool clears the tenant's platform rows (its nomination among them) all the same
    await tenant_pool.give_back(tenant.slug)
    assert tenant.slug in tenant_pool.idle and tenant.slug not in tenant_pool.discarded


async def test_a_drafts_deadline_moves_to_today_or_later_and_stays_once_open(client, admin_headers):
    year = await _new_year()
    url = f"/api/v1/platform/reviews/{year}"
    await review.create_review(review.ReviewIn(year, "评选", "Review", today()))
    await review.set_criteria(year, review.CriteriaIn([review.CriterionIn("创新性", "Novelty", 100)]))
    await DB.run_ddl(f"UPDATE platform.review SET deadline = deadline - 1 WHERE year = {year}")  # a day passes
    # a draft whose deadline passed does not open: the deadline is moved first
    r = await client.post(f"{url}/open", headers=admin_headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deadline", r.text
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    r = await client.patch(url, headers={**admin_headers, "Accept-Language": "en"}, json={"deadline": yesterday})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deadline", r.text
    assert "before today" in r.json()["errors"][0]["message"]
    assert (await review.get_review(year)).deadline.isoformat() == yesterday  # nothing changed
    later = (today() + dt.timedelta(days=30)).isoformat()
    r = await client.patch(url, headers=admin_headers, json={"deadline": later, "title_en": "Innovation review"})
    assert r.status_code == 200 and (r.json()["deadline"], r.json()["title_en"]) == (later, "Innovation review")
    assert (await client.post(f"{url}/open", headers=admin_headers)).status_code == 200
    # once open, the deadline is published: a title may still be mended
    r = await client.patch(url, headers=admin_headers, json={"deadline": today().isoformat()})
    assert r.status_code == 409 and r.json()["code"] == "review_state"
    r = await client.patch(url, headers=admin_headers, json={"title_zh": "创新项目评选"})
    assert r.status_code == 200 and r.json()["title_zh"] == "创新项目评选"
    r = await client.patch(url, headers=admin_headers, json={"title_zh": " "})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "title_zh"


async def test_an_unknown_claimed_figure_names_the_module_by_its_name_in_the_request_language(
    client, make_tenant, make_token, admin_headers
):
    year = await _new_year()
    tenant = await make_tenant(modules=["orgs"])
    await _open_review(client, admin_headers, year)
    url = f"/api/v1/t/{tenant.slug}/reviews/{year}/nominations"
    headers = bearer(await make_token("tenant_admin", tenant.slug))
    body = {"title": "三单四制", "module": "orgs", "figures": [{"figure": "no_such", "claimed": 1}]}
    orgs = registry.get("orgs")
    for lang, title, other in [("zh-CN", orgs.title_zh, orgs.title_en), ("en", orgs.title_en, orgs.title_zh)]:
        r = await client.post(url, headers={**headers, "Accept-Language": lang}, json=body)
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert error["field"] == "figures[0].figure" and "no_such" in error["message"]
        assert title in error["message"] and other not in error["message"], error
        # a module the tenant has off is named so too
        off = registry.get("welfare")
        r = await client.post(
            url, headers={**headers, "Accept-Language": lang}, json={**body, "module": "welfare", "figures": []}
        )
        [error] = r.json()["errors"]
        assert r.status_code == 422 and error["field"] == "module", r.text
        assert (off.title_zh if lang == "zh-CN" else off.title_en) in error["message"], error
    assert (await client.get(url, headers=headers)).json()["items"] == []  # nothing made
