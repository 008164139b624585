"""Figures across tenants: each tenant's report computed in its own scope, one at a time; the
totals are the sum of the per-tenant reports over the tenants with the module on; a parent
federation sees the tenants under it, never the other way round."""

from __future__ import annotations

import dataclasses
import io
import json

import openpyxl
import pytest

from server.infra import workdays
from server.infra.tenancy import conn, current_tenant, tenant_scope
from server.modules import registry
from server.modules.contract import ReportQuery
from server.reports import region_report, report
from tests.cli_helpers import cli_env, saishang
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org


@pytest.fixture
def year() -> int:
    """This year, read when the test runs: a constant read when the module was imported stayed
    behind in a run crossing New Year's midnight. The orgs report counts the tree as of the year's
    last day; the day is the product's (Asia/Shanghai)."""
    return workdays.today().year


async def _orgs(slug: str, n: int) -> None:
    async with tenant_scope(slug):
        city = await make_org("某市总工会", type="city_federation")
        for i in range(n):
            union = await make_org(f"企业{i}工会", parent_id=city.id)
            await make_member(union.id, name=f"职工{i}")


async def _world(make_tenant):
    """Yinchuan-like parent with audit on, a Xixia-like child with audit off, another city."""
    parent = await make_tenant(modules=["orgs", "audit"], name_zh="银川市总工会")
    child = await make_tenant(
        modules=["orgs"], parent=parent.slug, name_zh="银川市西夏区工会", name_en="Xixia District FTU"
    )
    other = await make_tenant(modules=["orgs", "audit"], name_zh="吴忠市总工会")
    await _orgs(parent.slug, 2)
    await _orgs(child.slug, 3)
    await _orgs(other.slug, 1)
    return parent, child, other


async def test_region_totals_are_the_sum_of_the_tenants_reports(year, client, make_tenant, admin_headers):
    parent, child, other = await _world(make_tenant)
    r = await client.get("/api/v1/platform/reports/orgs", params={"year": year}, headers=admin_headers)
    assert r.status_code == 200, r.text
    body = r.json()
    rows = {t["tenant"]: t for t in body["tenants"]}
    assert {parent.slug, child.slug, other.slug} <= set(rows)
    assert rows[child.slug]["parent"] == parent.slug
    assert all(rows[s]["enabled"] for s in (parent.slug, child.slug, other.slug))
    summed = {}
    on = [t for t in body["tenants"] if t["enabled"]]  # other tests' tenants may have orgs off
    for t in on:
        mine = (await report("orgs", ReportQuery(tenant=t["tenant"], year=year))).figures
        assert t["figures"] == mine
        for k, v in mine.items():
            summed[k] = summed.get(k, 0) + v
    assert body["totals"] == summed and body["not_summed"] == []
    assert body["totals"]["members"] >= 6 and rows[child.slug]["figures"]["members"] == 3
    assert body["tenants_on"] == len(on) and body["tenants_off"] == len(body["tenants"]) - len(on)
    assert all(t["figures"] is None for t in body["tenants"] if not t["enabled"])


async def test_a_tenant_with_the_module_off_is_listed_off_and_not_counted(client, make_tenant, admin_headers):
    parent, child, other = await _world(make_tenant)
    result = await region_report("audit", 2017)
    rows = {t.tenant: t for t in result.tenants}
    assert not rows[child.slug].enabled and rows[child.slug].figures is None
    assert rows[parent.slug].enabled and rows[parent.slug].figures is not None
    on = [t for t in result.tenants if t.enabled]
    assert result.tenants_on == len(on) and result.tenants_off == len(result.tenants) - len(on) >= 1
    assert result.totals["planned"] == sum(t.figures["planned"] for t in on if t.figures)
    # counts of distinct kinds and averages are shown per tenant only
    assert {"areas", "standards", "report_form_kinds", "average_score", "area_1_avg"} <= set(result.not_summed)
    assert not set(result.not_summed) & set(result.totals)
    r = await client.get("/api/v1/platform/reports/audit", params={"year": 2017}, headers=admin_headers)
    off = next(t for t in r.json()["tenants"] if t["tenant"] == child.slug)
    assert off["enabled"] is False and off["figures"] is None


async def test_the_loop_holds_one_tenant_scope_at_a_time(year, make_tenant, monkeypatch):
    await _world(make_tenant)
    spec = registry.get("orgs")
    assert spec is not None and spec.report is not None
    inner = spec.report
    seen: list[tuple[str, str, int]] = []
    open_now = 0

    async def spy(query: ReportQuery):
        nonlocal open_now
        open_now += 1
        try:
            assert open_now == 1, "two reports at once"
            assert current_tenant() == query.tenant
            path = await conn().fetchval("SHOW search_path")
            assert path == f"t_{query.tenant}", path  # this tenant's schema and no other
            seen.append((query.tenant, path, await conn().fetchval("SELECT txid_current()")))
            return await inner(query)
        finally:
            open_now -= 1

    spied = dataclasses.replace(spec, report=spy)
    load = registry.get
    monkeypatch.setattr(registry, "get", lambda name: spied if name == "orgs" else load(name))
    result = await region_report("orgs", year)
    assert [s[0] for s in seen] == [t.tenant for t in result.tenants if t.enabled]  # none run where off
    assert len({s[2] for s in seen}) == len(seen)  # a transaction of its own for each tenant
    assert current_tenant() is None


async def test_a_parent_sees_its_children_and_a_child_not_its_parent_and_exports_them(
    year, client, make_tenant, make_token
):
    parent, child, other = await _world(make_tenant)
    parent_admin = bearer(await make_token("tenant_admin", parent.slug))
    child_admin = bearer(await make_token("tenant_admin", child.slug))
    r = await client.get(f"/api/v1/t/{parent.slug}/reports/orgs/rollup", params={"year": year}, headers=parent_admin)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["root"] == parent.slug and [t["tenant"] for t in body["tenants"]] == [parent.slug, child.slug]
    assert body["totals"]["members"] == 2 + 3
    # the child sees itself only, and not its parent's figures
    r = await client.get(f"/api/v1/t/{child.slug}/reports/orgs/rollup", params={"year": year}, headers=child_admin)
    assert [t["tenant"] for t in r.json()["tenants"]] == [child.slug]
    for path in (f"/api/v1/t/{parent.slug}/reports/orgs/rollup", f"/api/v1/t/{parent.slug}/reports/orgs"):
        r = await client.get(path, params={"year": year}, headers=child_admin)
        assert r.status_code == 403, r.text
    # nor does another city see the parent's subtree, or an auditor of the parent the rollup
    other_admin = bearer(await make_token("tenant_admin", other.slug))
    r = await client.get(f"/api/v1/t/{parent.slug}/reports/orgs/rollup", params={"year": year}, headers=other_admin)
    assert r.status_code == 403
    auditor = bearer(await make_token("auditor", parent.slug))
    r = await client.get(f"/api/v1/t/{parent.slug}/reports/orgs/rollup", params={"year": year}, headers=auditor)
    assert r.status_code == 403
    # its export: a tenant a row, a figure a column headed by its label, the totals last
    path = f"/api/v1/t/{parent.slug}/reports/audit/rollup"
    r = await client.get(f"{path}/export", params={"year": 2017}, headers=parent_admin)
    assert r.status_code == 200, r.text
    rows = [
        tuple(row) for row in openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True)
    ]
    body = (await client.get(path, params={"year": 2017}, headers=parent_admin)).json()
    head = rows[0]
    assert head[:3] == ("单位", "代码", "模块已开启") and registry.get("audit").figures["planned"].zh in head
    assert [row[:3] for row in rows[1:]] == [
        ("银川市总工会", parent.slug, "是"),
        ("银川市西夏区工会", child.slug, "否"),
        ("合计", None, None),
    ]
    planned = head.index(registry.get("audit").figures["planned"].zh)
    assert rows[-1][planned] == body["totals"]["planned"] and rows[2][planned] is None  # the child has audit off

    tenant_admin = bearer(await make_token("tenant_admin", other.slug))
    r = await client.get("/api/v1/platform/reports/orgs/export", params={"year": year}, headers=tenant_admin)
    assert r.status_code == 403  # the region's (the same sheet, of every tenant) are the platform admin's


async def test_the_platform_route_is_the_platform_admins(year, client, tenant, make_token, admin_headers):
    tenant_admin = bearer(await make_token("tenant_admin", tenant.slug))
    r = await client.get("/api/v1/platform/reports/orgs", params={"year": year}, headers=tenant_admin)
    assert r.status_code == 403 and r.json()["code"] == "role_forbidden"
    r = await client.get("/api/v1/platform/reports/nope", params={"year": year}, headers=admin_headers)
    assert r.status_code == 404 and r.json()["code"] == "report_not_found"
    for bad in ("1800", "x", ""):
        r = await client.get("/api/v1/platform/reports/orgs", params={"year": bad}, headers=admin_headers)
        assert r.status_code in (400, 422) and "year" in r.text, r.text


async def test_the_cli_prints_the_region(year, settings, tmp_path, make_tenant):
    parent, child, other = await _world(make_tenant)
    env, english = cli_env(settings, tmp_path), {"SAISHANG_LANG": "en"}
    r = saishang("report", "orgs", "--region", "--tenant", parent.slug, "--year", str(year), "--json", env=env)
    assert r.returncode == 0, r.stderr
    body = json.loads(r.stdout)
    assert body["totals"] == (await region_report("orgs", year, root=parent.slug)).totals
    # in words, in the CLI's language: a module off is 未启用 / "not on" (as the TUI's dashboard
    # says), a tenant by its name, a figure by its label, the module by its title; never codes
    audit = registry.get("audit")
    r = saishang("report", "audit", "--region", "--tenant", parent.slug, "--year", "2017", env=env)
    assert r.returncode == 0, r.stderr
    assert "未启用" in r.stdout and "off" not in r.stdout and child.slug not in r.stdout
    assert all(w in r.stdout for w in (audit.figures["planned"].zh, "银川市西夏区工会", audit.title_zh, "合计"))
    r = saishang("report", "audit", "--region", "--tenant", parent.slug, "--year", "2017", env=env | english)
    assert r.returncode == 0, r.stderr
    assert "not on" in r.stdout and "未启用" not in r.stdout and audit.figures["planned"].en in r.stdout
    assert "Xixia" in r.stdout and audit.title_en in r.stdout
    r = saishang("report", "orgs", "--year", "2017", env=env | english)
    assert r.returncode == 1 and "--region" in r.stderr


async def test_each_value_and_total_comes_written_for_a_reader_in_the_request_language(
    year, client, make_tenant, make_token
):
    parent = await make_tenant(modules=["orgs", "reps"], name_zh="青铜峡市总工会")
    child = await make_tenant(modules=["orgs"], parent=parent.slug, name_zh="青铜峡某镇工会")
    await _orgs(parent.slug, 2)
    await _orgs(child.slug, 3)
    admin = bearer(await make_token("tenant_admin", parent.slug))
    url = f"/api/v1/t/{parent.slug}/reports/{{}}/rollup"
    for lang, members in (("zh-CN", "5 人"), ("en", "5")):
        headers = {**admin, "Accept-Language": lang}
        body = (await client.get(url.format("orgs"), params={"year": year}, headers=headers)).json()
        assert body["totals_text"]["members"] == members
        for t in body["tenants"]:  # each tenant's values as its own report writes them
            own = await report("orgs", ReportQuery(tenant=t["tenant"], year=year), lang=lang)
            assert t["text"] == own.text and set(t["text"]) == set(t["figures"])
    body = (
        await client.get(url.format("reps"), params={"year": year}, headers={**admin, "Accept-Language": "en"})
    ).json()
    on, off = body["tenants"]
    assert on["text"]["loss_avoided_fen"] == "¥0.00" and body["totals_text"]["loss_avoided_fen"] == "¥0.00"  # yuan
    assert (off["figures"], off["text"]) == (None, {})  # off: no values, no words
