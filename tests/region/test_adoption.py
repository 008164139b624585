"""Module adoption (推广): every path that switches a module writes the history; the adoption view
says who has each module on and since when; only the platform admin reads it."""

from __future__ import annotations

import io
import json

import openpyxl

from server.platform import service
from tests.cli_helpers import cli_env, saishang
from tests.conftest import bearer


async def _history(slug: str) -> list[tuple[str, bool, str]]:
    page = await service.switches(tenant=slug, limit=500)
    return [(w.module, w.switched_on, w.actor) for w in reversed(page.items)]


async def test_creating_a_tenant_records_its_modules_switched_on(make_tenant):
    tenant = await make_tenant(fresh=True, modules=["orgs", "voice"])
    assert await _history(tenant.slug) == [("orgs", True, "system"), ("voice", True, "system")]


async def test_switches_over_the_api_are_the_history_and_the_adoption(client, make_tenant, admin_headers, make_token):
    tenant = await make_tenant(modules=["orgs"])
    before = len(await _history(tenant.slug))
    url = f"/api/v1/platform/tenants/{tenant.slug}/modules"
    assert (await client.post(url, headers=admin_headers, json={"enable": ["audit", "voice"]})).status_code == 200
    assert (await client.post(url, headers=admin_headers, json={"disable": ["voice"]})).status_code == 200
    # switching on what is on already changes nothing and records nothing
    assert (await client.post(url, headers=admin_headers, json={"enable": ["audit"]})).status_code == 200
    assert (await client.put(url, headers=admin_headers, json={"modules": ["orgs", "voice"]})).status_code == 200
    history = (await _history(tenant.slug))[before:]
    assert [(m, on) for m, on, _ in history] == [
        ("audit", True),
        ("voice", True),
        ("voice", False),
        ("voice", True),
        ("audit", False),
    ]
    assert {who for _, _, who in history} == {"platform_admin@region"}

    r = await client.get("/api/v1/platform/adoption/", headers=admin_headers)
    assert r.status_code == 200, r.text
    by_module = {a["module"]: a for a in r.json()}
    voice_on = {t["tenant"]: t["since"] for t in by_module["voice"]["tenants"]}
    assert tenant.slug in voice_on and tenant.slug not in by_module["voice"]["off"]
    assert tenant.slug in by_module["audit"]["off"]
    # by their names too: the tenants with it off, and the pioneer
    named = (tenant.slug, tenant.name_zh, tenant.name_en)
    assert named in [(t["tenant"], t["name_zh"], t["name_en"]) for t in by_module["audit"]["off_tenants"]]
    pioneer = by_module["audit"]["pioneer_tenant"]
    assert pioneer is None or (pioneer["tenant"] == "wuzhong" and pioneer["name_zh"])
    # the pioneer in words in the request's language: its tenant's name, or the city's (the
    # module registry's) when Wuzhong is no tenant here; never the slug
    assert by_module["audit"]["pioneer_name"] == (pioneer["name_zh"] if pioneer else "吴忠")
    r = await client.get("/api/v1/platform/adoption/", headers={**admin_headers, "Accept-Language": "en"})
    audit = next(a for a in r.json() if a["module"] == "audit")
    assert audit["pioneer_name"] == (pioneer["name_en"] if pioneer else "Wuzhong")
    last_on = (await service.switches(tenant=tenant.slug, module="voice", limit=1)).items[0]
    assert last_on.switched_on and voice_on[tenant.slug].startswith(last_on.at.isoformat()[:19])
    r = await client.get("/api/v1/platform/adoption/export", headers=admin_headers)  # a row per module and tenant
    sheet = [tuple(row) for row in openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)]
    assert sheet[0] == ("模块", "模块名称", "租户代码", "租户名称", "已启用", "启用时间")
    mine = {row[0]: row[4] for row in sheet[1:] if row[2] == tenant.slug}
    assert mine["voice"] == "是" and mine["audit"] == "否"  # yes/no in words, as in every export
    assert {row[3] for row in sheet[1:] if row[2] == tenant.slug} == {tenant.name_zh}  # off or on, by its name

    # the history pages newest first with the one keyset cursor
    seen, cursor = [], None
    while True:
        params = {"tenant": tenant.slug, "limit": 2, **({"cursor": cursor} if cursor else {})}
        r = await client.get("/api/v1/platform/adoption/switches", headers=admin_headers, params=params)
        assert r.status_code == 200, r.text
        seen += [w["id"] for w in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == len(await _history(tenant.slug))
    assert {(w["name_zh"], w["name_en"]) for w in r.json()["items"]} == {(tenant.name_zh, tenant.name_en)}

    # bad input names the field; a tenant admin may not look
    r = await client.get("/api/v1/platform/adoption/switches", headers=admin_headers, params={"module": "nope"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "module"
    tenant_admin = bearer(await make_token("tenant_admin", tenant.slug))
    for path in ("/api/v1/platform/adoption/", "/api/v1/platform/adoption/switches"):
        assert (await client.get(path, headers=tenant_admin)).status_code == 403


async def test_the_cli_switches_are_recorded_too(settings, tmp_path, make_tenant):
    slug = (await make_tenant(modules=["orgs"], name_zh="轮值试点工会", name_en="Pilotunion")).slug
    env = cli_env(settings, tmp_path)
    r = saishang("tenant", "enable-module", slug, "rotation", env=env)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # the switch announced to the worker (the bot's menu) without a word
    r = saishang("tenant", "switches", "--tenant", slug, "--json", env=env)
    assert r.returncode == 0, r.stderr
    newest = json.loads(r.stdout)["items"][0]
    assert (newest["module"], newest["switched_on"]) == ("rotation", True)
    assert newest["actor"].startswith("cli:")  # the CLI acts as `cli:<os user>`
    # the tables in words, in the CLI's language (zh-CN by default), as the TUI says them: the
    # module and the tenant by their names, 开启 / 关闭 and 已启用 / 未启用; never the codes (the
    # words asserted are single words: a table 80 columns wide wraps at spaces)
    tenant = await service.get_tenant(slug)
    r = saishang("tenant", "switches", "--tenant", slug, env=env)
    assert r.returncode == 0, r.stderr
    assert all(w in r.stdout for w in ("时间", "租户", "开关", "操作人", "开启", "基层工会主席轮值", tenant.name_zh))
    assert "rotation" not in r.stdout and slug not in r.stdout and " on " not in r.stdout
    r = saishang("tenant", "switches", "--tenant", slug, env=env | {"SAISHANG_LANG": "en"})
    assert r.returncode == 0, r.stderr
    assert all(w in r.stdout for w in ("when", "tenant", "switched", " on ", "Rotating", tenant.name_en)), r.stdout
    assert "开启" not in r.stdout and "rotation" not in r.stdout
    r = saishang("tenant", "adoption", env=env)
    assert r.returncode == 0, r.stderr
    assert all(w in r.stdout for w in ("模块", "首创", "已启用", "未启用", "基层工会主席轮值", f"{tenant.name_zh}（"))
    assert "rotation" not in r.stdout and " on " not in r.stdout, r.stdout
    r = saishang("tenant", "adoption", env=env | {"SAISHANG_LANG": "en"})
    assert r.returncode == 0, r.stderr
    assert all(w in r.stdout for w in ("module", "pioneer", "not on", "Rotating", tenant.name_en, "(since")), r.stdout
    assert "未启用" not in r.stdout and "rotation" not in r.stdout
