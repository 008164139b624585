"""Take it away (issue 20): every paged list and every report answers as XLSX at `…/export`,
with the list's rows, and no cell of any export is a formula, whatever was typed in."""

from __future__ import annotations

import io
import re

import openpyxl

from tests.conftest import bearer
from tests.modules.welfare.conftest import build_world

FORMULA = '=HYPERLINK("http://evil.example","点我")'


def book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(content: bytes) -> list[tuple]:
    return [tuple(r) for r in book(content).worksheets[0].iter_rows(values_only=True)]


def formulas(content: bytes) -> list[str]:
    found = []
    for sheet in book(content).worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.data_type != "s" and c.value.startswith("=")):
                    found.append(f"{sheet.title}!{c.coordinate}={c.value}")
    return found


async def test_a_list_exports_every_page_and_a_typed_formula_stays_text(client, tenant, make_token):
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    base = f"/api/v1/t/{tenant.slug}"
    for i in range(3):
        r = await client.post(f"{base}/zones", json={"name": f"开发区{i}", "level": "national"}, headers=admin)
        assert r.status_code == 201, r.text
    r = await client.post(f"{base}/zones", json={"name": FORMULA, "level": "=1+1"}, headers=admin)
    assert r.status_code == 201, r.text
    listed = (await client.get(f"{base}/zones", params={"limit": 500}, headers=admin)).json()["items"]

    r = await client.get(f"{base}/zones/export", headers=admin)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(r.content)
    assert rows[0][:3] == ("id", "name", "level")
    assert [row[0] for row in rows[1:]] == [z["id"] for z in listed]
    assert (FORMULA, "=1+1") in [row[1:3] for row in rows]
    assert formulas(r.content) == []

    # the filters are the list's own: one page's limit does not cut the export
    r = await client.get(f"{base}/zones/export", params={"limit": 1}, headers=admin)
    assert len(rows_of(r.content)) == len(listed) + 1


async def test_an_officer_exports_only_their_subtree(client, tenant, make_token):
    world = await build_world(tenant.slug, n=2)
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    base = f"/api/v1/t/{tenant.slug}"
    other = (
        await client.post(f"{base}/orgs", json={"name": "别的市总工会", "type": "city_federation"}, headers=admin)
    ).json()
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=other["id"]))
    r = await client.get(f"{base}/hardship-households/export", headers=officer)
    assert r.status_code == 200, r.text
    assert rows_of(r.content)[1:] == []  # none of the city's households
    r = await client.get(f"{base}/hardship-households/export", headers=admin)
    assert len(rows_of(r.content)) - 1 == len(world.households)


async def test_a_report_exports_its_figures(client, tenant, make_token):
    await build_world(tenant.slug, n=2)
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/welfare/export", params={"year": 2017}, headers=admin)
    assert r.status_code == 200, r.text
    rows = rows_of(r.content)
    assert rows[0] == ("figure", "value")
    names = [row[0] for row in rows[1:]]
    assert "module" in names and "year" in names and any(n.startswith("figures.") for n in names)
    assert formulas(r.content) == []
    r = await client.get(f"/api/v1/t/{tenant.slug}/reports/welfare/export", params={"year": 1800}, headers=admin)
    assert r.status_code == 422


async def test_no_export_holds_a_formula(app, client, tenant, make_token):
    """Walk every `/export` route with the tenant's real ids; each answer opens in openpyxl and
    not one cell is a formula (members and orgs included: their exports are their own)."""
    world = await build_world(tenant.slug, n=3)
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    platform = bearer(await make_token("platform_admin"))
    base = f"/api/v1/t/{tenant.slug}"
    await client.post(f"{base}/zones", json={"name": FORMULA, "level": "@SUM(1)"}, headers=admin)
    campaign = await client.post(
        f"{base}/campaigns",
        json={
            "kind": "holiday_relief",
            "name": "+两节送温暖",
            "year": 2017,
            "budget_fen": 1_000_000,
            "eligibility": {"rule": "hardship_households"},
            "amount_rule": {"rule": "flat", "fen": 50_000},
        },
        headers=admin,
    )
    ids = {"org_id": world.union, "campaign_id": campaign.json().get("id", 1), "module": "welfare"}
    answered = 0
    for route in app.routes:
        path = route.path
        if not path.endswith("/export"):
            continue
        url = path.replace("{tenant:str}", tenant.slug)
        url = re.sub(r"\{(\w+):\w+\}", lambda m: str(ids.get(m.group(1), 1)), url)
        headers = platform if path.startswith("/api/v1/platform") else admin
        r = await client.get(url, params={"year": 2017}, headers=headers)
        assert r.status_code < 500, f"{url}: {r.status_code} {r.text[:200]}"
        if r.status_code == 200:
            answered += 1
            assert formulas(r.content) == [], url
        else:
            assert r.headers["content-type"].startswith("application/problem+json"), url
    assert answered >= 30
