"""The demo's 2017 review: the five projects of the article, selected in its order, each claiming
figures that the nominating city's module report computes from that city's demo records."""

from __future__ import annotations

import json
import time

from server.demo import load_review_demo, read_review_file
from server.modules import registry
from server.modules.contract import DemoContext
from server.settings import TENANTS_DIR
from tests.cli_helpers import cli_env, saishang

REVIEW_2017 = TENANTS_DIR / "reviews" / "2017.toml"
CITIES = {
    "yinchuan": ["orgs", "skills"],
    "shizuishan": ["orgs", "pairing"],
    "wuzhong": ["orgs", "audit"],
    "xixia": ["orgs", "rotation"],
    "qingtongxia": ["orgs", "reps"],
}


async def test_the_2017_review_claims_what_the_demo_computes(
    client, make_tenant, admin_headers, make_token, settings, tmp_path
):
    started = time.monotonic()
    tenants: dict[str, str] = {}
    for city, modules in CITIES.items():
        tenant = await make_tenant(modules=modules, name_zh=city)
        for name in modules:
            spec = registry.get(name)
            assert spec is not None and spec.demo is not None
            await spec.demo(DemoContext(tenant=tenant.slug, extras={"dataset": city}))
        tenants[city] = tenant.slug
    print(f"\nthe five cities' demos took {time.monotonic() - started:.0f}s")
    assert await load_review_demo(REVIEW_2017, tenants=tenants, progress=print)
    assert not await load_review_demo(REVIEW_2017, tenants=tenants)  # once

    r = await client.get("/api/v1/platform/reviews/2017/nominations", headers=admin_headers, params={"limit": 50})
    assert r.status_code == 200, r.text
    nominations = r.json()["items"]
    assert len(nominations) == len(read_review_file(REVIEW_2017).nominations)
    for n in nominations:
        assert n["figures"], n["title"]
        for f in n["figures"]:
            assert f["claimed"] == f["computed"], (n["tenant"], n["module"], f)

    r = await client.get("/api/v1/platform/reviews/2017/result", headers=admin_headers)
    assert r.status_code == 200, r.text
    selected = r.json()["selected"]
    assert [n["tenant"] for n in selected] == [tenants[c] for c in CITIES]  # the article's five, in its order
    assert [n["rank"] for n in selected] == [1, 2, 3, 4, 5]
    assert all(len(n["scores"]) == 3 * 3 for n in selected)  # three reviewers, three criteria
    standings = (await client.get("/api/v1/platform/reviews/2017/standings", headers=admin_headers)).json()
    assert {s["nomination"] for s in standings[:5]} == {n["id"] for n in selected}
    # a city reads the result, and its own claims beside the computed figures
    headers = {"Authorization": f"Bearer {await make_token('tenant_admin', tenants['xixia'])}"}
    r = await client.get(f"/api/v1/t/{tenants['xixia']}/reviews/2017/result", headers=headers)
    assert r.status_code == 200 and len(r.json()["selected"]) == 5
    mine = (await client.get(f"/api/v1/t/{tenants['xixia']}/reviews/2017/nominations", headers=headers)).json()
    assert [f["figure"] for f in mine["items"][0]["figures"]][:2] == ["units", "grassroots_unions"]
    # the CLI tells the same
    r = saishang("review", "show", "2017", "--json", env=cli_env(settings, tmp_path))
    assert r.returncode == 0, r.stderr
    printed = json.loads(r.stdout)["selected"]
    assert [n["id"] for n in printed] == [n["id"] for n in selected]
    assert all(f["claimed"] == f["computed"] for n in printed for f in n["figures"])
