"""Exports as an outsider attacks them: an org officer's export holds what their list holds and
nothing outside their subtree; another tenant's token, a worker's token and odd query
parameters get a clear 4xx, never a 500 and never the rows."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl

from server.infra.tenancy import tenant_scope
from server.modules.welfare import service as welfare
from tests.conftest import bearer, every
from tests.modules.orgs.factories import make_member, make_org
from tests.modules.welfare.conftest import admin, build_world


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def list_exports(app: Any) -> list[tuple[str, str]]:
    """(export path, list path) of every tenant export that is a paged list's sibling."""
    out = []
    for route in app.routes:
        if not route.path.startswith("/api/v1/t/") or not route.path.endswith("/export"):
            continue
        for handler in route.route_handlers:
            if (handler.opt or {}).get("export_of") is not None:
                out.append((route.path, route.path.removesuffix("/export")))
    return sorted(set(out))


async def two_subtrees(slug: str) -> dict[str, Any]:
    """The city with its union (the welfare world) and a second city with its own union, members
    and households; the officer is limited to the second city."""
    world = await build_world(slug, n=2)
    async with tenant_scope(slug):
        other = await make_org("别的市总工会", "city_federation")
        union = await make_org("别的机械厂工会", parent_id=other.id)
        mine = []
        for i in range(2):
            m = await make_member(union.id, name=f"别的职工{i}")
            h = await welfare.file_household(
                welfare.HouseholdIn(
                    member_id=m.id,
                    household_size=2,
                    reasons=["illness"],
                    income_per_head_fen=80000,
                    bank_account=f"62229999{i:08d}",
                ),
                admin(slug),
            )
            await welfare.review_household(h.id, welfare.ReviewIn(approve=True), admin(slug))
            mine.append(m.id)
    return {"world": world, "root": other.id, "orgs": {other.id, union.id}, "members": set(mine)}


async def test_every_export_of_an_officer_is_their_list_and_inside_their_subtree(
    app, client, tenant, make_tenant, make_token
):
    """Walk every list export as an officer limited to a subtree: the export has the list's rows
        (same count, same ids) and no row names an org or a member outside the subtree. Another
        tenant's admin gets 403 on every one, also through an encoded `../` in the path; a worker's
    token gets from each what their list gives them."""
    data = await two_subtrees(tenant.slug)
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=data["root"]))
    worker = bearer(await make_token("worker", tenant.slug, member_id=min(data["members"])))
    stranger_slug = (await make_tenant()).slug
    stranger = bearer(await make_token("tenant_admin", stranger_slug))
    ids = {"org_id": data["root"], "id": data["root"], "year": 2017}  # each in its declared range
    checked, failures = 0, []
    for export_path, list_path in list_exports(app):
        url = export_path.replace("{tenant:str}", tenant.slug)
        url = re.sub(r"\{(\w+):\w+\}", lambda m: str(ids.get(m.group(1), 1)), url)
        listed_url = url.removesuffix("/export")
        params = {"year": 2017}
        for trick in (url, url.replace(f"/t/{tenant.slug}/", f"/t/{stranger_slug}%2F..%2F{tenant.slug}/")):
            theirs = await client.get(trick, params=params, headers=stranger)
            if theirs.status_code not in (403, 404):
                failures.append(f"{trick}: another tenant's admin got {theirs.status_code}")
        # a worker's token: the export answers as the list does (their own complaints, or 403)
        mine, theirs_listed = (
            await client.get(url, params=params, headers=worker),
            await client.get(listed_url, params={**params, "limit": 500}, headers=worker),
        )
        if mine.status_code != theirs_listed.status_code or (
            mine.status_code == 200 and len(rows_of(mine.content)) - 1 != len(theirs_listed.json()["items"])
        ):
            failures.append(f"{url}: a worker's export {mine.status_code}, their list {theirs_listed.status_code}")
        first = await client.get(listed_url, params={**params, "limit": 1}, headers=officer)
        r = await client.get(url, params=params, headers=officer)
        if r.status_code >= 500:
            failures.append(f"{url}: {r.status_code} {r.text[:200]}")
            continue
        if first.status_code != 200:
            if r.status_code != first.status_code:
                failures.append(f"{url}: the list answers {first.status_code}, the export {r.status_code}")
            continue
        if r.status_code != 200:
            failures.append(f"{url}: the list answers 200, the export {r.status_code} {r.text[:200]}")
            continue
        listed = await every(client, listed_url, officer, **params)
        rows = rows_of(r.content)
        checked += 1
        if len(rows) - 1 != len(listed):
            failures.append(f"{url}: {len(rows) - 1} rows exported, {len(listed)} listed")
            continue
        if listed and "id" in listed[0] and [row[0] for row in rows[1:]] != [i["id"] for i in listed]:
            failures.append(f"{url}: the exported ids are not the listed ones")
        for item in listed:
            if item.get("org_id") is not None and item["org_id"] not in data["orgs"]:
                failures.append(f"{list_path}: org {item['org_id']} outside the subtree")
                break
            if item.get("member_id") is not None and item["member_id"] not in data["members"]:
                failures.append(f"{list_path}: member {item['member_id']} outside the subtree")
                break
    assert checked >= 30, checked
    assert not failures, "\n".join(failures)
    for own in ("members", "orgs"):  # their own importable exports, not the list's sibling
        r = await client.get(f"/api/v1/t/{tenant.slug}/{own}/export", headers=officer)
        listed = await every(client, f"/api/v1/t/{tenant.slug}/{own}", officer)
        assert r.status_code == 200 and len(rows_of(r.content)) - 1 == len(listed) > 0, own
        cells = {c for row in rows_of(r.content) for c in row}
        assert not cells & {"职工0", "测试机械厂工会", "测试市总工会"}, own  # the other city's
    households = await client.get(f"/api/v1/t/{tenant.slug}/hardship-households/export", headers=officer)
    assert len(rows_of(households.content)) - 1 == len(data["members"])  # theirs, not the other city's
