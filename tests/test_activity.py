"""The activity log is complete and reads in words: every route that changes data writes an entry of
a catalogued kind (or is listed here with the reason it writes none), every kind has its words in
both languages, the platform's acts (modules, tenants, tokens) and every view of a full ID number
are logged, and the log is filtered by person, day, kind and subject."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import pathlib
import textwrap
import types
from typing import Any

from litestar import Litestar

from server.infra.tenancy import tenant_scope
from server.modules import registry
from server.modules.core import service as core
from server.platform.roles import Actor, Role
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org

SERVER = pathlib.Path(__file__).resolve().parents[1] / "server"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# Routes that change data and legitimately write no entry of the tenant's log, and why.
SILENT = {
    "POST /telegram/{tenant:str}/webhook": "Telegram's updates: each change a handler makes (a chat linked, a "
    "complaint filed) is logged by the service it calls; the webhook itself only hands updates on",
    "POST /api/v1/t/{tenant:str}/reps/elections/{election_id:int}/votes": "a secret ballot: an entry per vote "
    "would keep when each voter voted, which the ballot box is reordered to forget; opening, tally and "
    "publication are logged",
    "POST /api/v1/t/{tenant:str}/reps/evaluations/{evaluation_id:int}/ballots": "a secret ballot (as votes); "
    "opening and closing the evaluation are logged",
}
# Routes whose entry is the platform's log (`platform.event`), not a tenant's: see server/platform/service.py.
PLATFORM_LOGGED = {"/api/v1/platform/", "/api/v1/t/{tenant:str}/tokens", "/api/v1/t/{tenant:str}/reviews"}

# Kinds built at run time: the f-string's start, and every ending it can take.
DYNAMIC = {
    "skills.project.": {"declared", "approved", "returned", "rejected", "started", "completed", "adjusted"},
    "pairing.pair.": {"lock", "forbid"},
    "welfare.application.": {"approved", "rejected"},
    "welfare.household.": {"approved", "rejected"},
    "audit.rectification.": {"reminder", "escalation"},
    "voice.form.": {"reminder", "overdue"},
    "demo.loaded.": {m.name for m in registry.modules().values() if m.demo is not None},  # server/demo.py
}


# --- the routes that change data, and what their handlers reach ----------------------------


def _callees(fn: types.FunctionType) -> list[types.FunctionType]:
    """The project's functions `fn` calls, resolved through its module's names (no guessing by name)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError):
        return []
    names = fn.__globals__
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        chain, target = [], node.func
        while isinstance(target, ast.Attribute):
            chain.append(target.attr)
            target = target.value
        if not isinstance(target, ast.Name):
            continue
        obj: Any = names.get(target.id)
        for attr in reversed(chain):
            obj = getattr(obj, attr, None)
        if isinstance(obj, types.FunctionType) and obj.__module__.startswith("server"):
            out.append(inspect.unwrap(obj))
    return out


def _reaches(fn: types.FunctionType, targets: set, seen: set) -> bool:
    if fn in targets:
        return True
    if fn in seen:
        return False
    seen.add(fn)
    return any(_reaches(c, targets, seen) for c in _callees(fn))


def write_routes(app: Litestar) -> list[tuple[str, types.FunctionType]]:
    out = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            methods = set(handler.http_methods) & WRITES
            if methods:
                out.append((f"{sorted(methods)[0]} {route.path}", inspect.unwrap(handler.fn)))
    return out


def test_every_route_that_changes_data_writes_an_activity_entry(app):
    from server.platform import service as platform

    routes = write_routes(app)  # the session's app: its route table
    assert len(routes) > 100  # the route table, not a hand-made list
    tenant_log = {core.record, core.record_many}
    silent = []
    for key, fn in routes:
        platform_route = any(key.split(" ", 1)[1].startswith(p) for p in PLATFORM_LOGGED)
        if _reaches(fn, tenant_log | ({platform.record} if platform_route else set()), set()):
            continue
        if key not in SILENT:
            silent.append(key)
    assert not silent, "routes that change data and log nothing:\n" + "\n".join(sorted(silent))
    assert set(SILENT) <= {key for key, _ in routes}, "a listed silent route no longer exists"


# --- the kinds: every one recorded has its words --------------------------------------------


def recorded_kinds() -> tuple[set[str], set[str]]:
    """The kinds the code records (literal, either branch of a conditional, the first of each tuple a
    `record_many` is given) and the f-string prefixes it builds kinds from."""
    kinds: set[str] = set()
    prefixes: set[str] = set()

    def take(node: ast.AST) -> None:
        match node:
            case ast.Constant(value=str(kind)):
                kinds.add(kind)
            case ast.IfExp(body=yes, orelse=no):
                take(yes)
                take(no)
            case ast.JoinedStr(values=[ast.Constant(value=str(start)), *_]):
                prefixes.add(start)
            case ast.List(elts=items):
                for item in items:
                    if isinstance(item, ast.Tuple) and item.elts:
                        take(item.elts[0])
            case ast.ListComp(elt=ast.Tuple(elts=[first, *_])):
                take(first)

    for path in SERVER.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in ("record", "record_many", "logged_change"):  # logged_change: server/review.py
                    take(node.args[0])
                elif name == "append" and "record_many(" in source and isinstance(node.args[0], ast.Tuple):
                    take(ast.List(elts=[node.args[0]]))  # entries gathered for a record_many
    return kinds, prefixes


def test_every_kind_recorded_has_words_in_both_languages():
    kinds, prefixes = recorded_kinds()
    assert "orgs.member.level_raised" in kinds and "platform.tenant.disabled" in kinds
    catalogue = core.kinds()
    missing = sorted(k for k in kinds if k not in catalogue)
    assert not missing, f"kinds recorded without words: {missing}"
    unknown = sorted(p for p in prefixes if p not in DYNAMIC)
    assert not unknown, f"kinds built at run time that this test does not know: {unknown}"
    for start, endings in DYNAMIC.items():
        assert start in prefixes, f"{start}: no longer built; drop it from DYNAMIC"
        for ending in endings:
            assert start + ending in catalogue, f"{start}{ending} has no words"
    built = {start + ending for start, endings in DYNAMIC.items() for ending in endings}
    unused = sorted(set(catalogue) - kinds - built)
    assert not unused, f"words for kinds nothing records: {unused}"
    assert catalogue["orgs.member.level_raised"].zh == "职业资格提升"
    assert catalogue["orgs.member.level_raised"].en == "qualification raised"


# --- the platform's acts ---------------------------------------------------------------------


async def test_module_switches_tenant_disable_and_enable_and_tokens_are_logged(
    client, make_tenant, make_token, admin_headers
):
    t = await make_tenant(modules=["orgs"])
    start = await last_platform_event(client, admin_headers, t.slug)
    base = f"/api/v1/platform/tenants/{t.slug}"
    assert (await client.post(f"{base}/modules", json={"enable": ["voice"]}, headers=admin_headers)).status_code == 200
    assert (await client.put(f"{base}/modules", json={"modules": ["orgs"]}, headers=admin_headers)).status_code == 200
    assert (await client.delete(base, headers=admin_headers)).status_code == 200
    assert (await client.patch(base, json={"active": True}, headers=admin_headers)).status_code == 200
    issued = await client.post(
        "/api/v1/platform/tokens", json={"role": "auditor", "tenant": t.slug}, headers=admin_headers
    )
    token_id = issued.json()["info"]["id"]
    assert (await client.delete(f"/api/v1/platform/tokens/{token_id}", headers=admin_headers)).status_code == 200
    # A tenant admin's own token, issued and revoked in the tenant.
    own = bearer(await make_token("tenant_admin", t.slug))
    mine = await client.post(f"/api/v1/t/{t.slug}/tokens", json={"role": "auditor"}, headers=own)
    await client.delete(f"/api/v1/t/{t.slug}/tokens/{mine.json()['info']['id']}", headers=own)

    log = (await client.get("/api/v1/platform/events", params={"tenant": t.slug}, headers=admin_headers)).json()
    log["items"] = [e for e in log["items"] if e["id"] > start]  # not the pool's own set-up of the tenant
    actions = [e["action"] for e in reversed(log["items"])]
    assert actions[:6] == [
        "platform.module.enabled",
        "platform.module.disabled",
        "platform.tenant.disabled",
        "platform.tenant.enabled",
        "platform.token.issued",
        "platform.token.revoked",
    ]
    assert actions.count("platform.token.issued") >= 2 and actions[-1] == "platform.token.revoked"
    assert log["items"][-1]["detail"] == {"module": "voice"} and log["items"][-1]["subject"] == "module:voice"
    assert log["items"][-1]["label"] == "开启模块"
    assert all(e["tenant"] == t.slug for e in log["items"])
    assert all(e["actor"] for e in log["items"])
    # The tenant reads what the platform did to it, beside its own log; in words.
    seen = await client.get(
        f"/api/v1/t/{t.slug}/events/platform",
        params={"action": "platform.module"},
        headers={**own, "Accept-Language": "en"},
    )
    fresh = [e for e in seen.json()["items"] if e["id"] > start]
    assert [e["action"] for e in fresh] == ["platform.module.disabled", "platform.module.enabled"]
    assert fresh[0]["label"] == "module switched off"
    # Another tenant's admin does not.
    other = await make_tenant(modules=["orgs"])
    theirs = bearer(await make_token("tenant_admin", other.slug))
    assert (await client.get(f"/api/v1/t/{t.slug}/events/platform", headers=theirs)).status_code == 403
    theirs_log = (await client.get(f"/api/v1/t/{other.slug}/events/platform", headers=theirs)).json()["items"]
    assert all(e["tenant"] == other.slug for e in theirs_log)


async def test_revoking_twice_logs_once_and_a_refused_switch_logs_nothing(client, make_tenant, admin_headers):
    t = await make_tenant(modules=["orgs"])
    start = await last_platform_event(client, admin_headers, t.slug)
    issued = await client.post(
        "/api/v1/platform/tokens", json={"role": "auditor", "tenant": t.slug}, headers=admin_headers
    )
    token_id = issued.json()["info"]["id"]
    for _ in range(2):
        await client.delete(f"/api/v1/platform/tokens/{token_id}", headers=admin_headers)
    r = await client.post(
        f"/api/v1/platform/tenants/{t.slug}/modules", json={"disable": ["orgs"]}, headers=admin_headers
    )
    assert r.status_code == 422
    log = (await client.get("/api/v1/platform/events", params={"tenant": t.slug}, headers=admin_headers)).json()
    assert [e["action"] for e in log["items"] if e["id"] > start] == ["platform.token.revoked", "platform.token.issued"]


async def last_platform_event(client, headers: dict[str, str], slug: str) -> int:
    r = await client.get("/api/v1/platform/events", params={"tenant": slug, "limit": 1}, headers=headers)
    return r.json()["items"][0]["id"] if r.json()["items"] else 0


# --- full ID numbers ---------------------------------------------------------------------------


async def test_every_view_of_a_full_id_number_is_logged(client, tenant, make_token):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河机械厂工会")
        li = await make_member(union.id, name="李娜")
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=union.id))
    base = f"/api/v1/t/{tenant.slug}"
    shown = (await client.get(f"{base}/members/{li.id}", headers=admin)).json()
    assert "*" not in shown["id_number"]  # an admin sees the full number: logged
    masked = (await client.get(f"{base}/members/{li.id}", headers=officer)).json()
    assert "*" in masked["id_number"]  # masked: nothing to log
    await client.get(f"{base}/members", params={"q": "李娜", "reveal": True}, headers=admin)
    await client.get(f"{base}/members/export", params={"format": "csv", "reveal": True}, headers=admin)

    views = await client.get(
        f"{base}/events", params={"subject": f"member:{li.id}", "action": "orgs.member.id_number_viewed"}, headers=admin
    )
    entries = [(e["action"], e["detail"]["via"]) for e in reversed(views.json()["items"])]
    assert entries == [("orgs.member.id_number_viewed", "record"), ("orgs.member.id_number_viewed", "list")]
    assert views.json()["items"][0]["label"] == "查看完整身份证号"
    exported = await client.get(f"{base}/events", params={"action": "orgs.members.id_numbers_exported"}, headers=admin)
    assert len(exported.json()["items"]) == 1


# --- reading the log ---------------------------------------------------------------------------


async def test_the_log_is_filtered_by_person_day_kind_and_subject_in_words(client, tenant, make_token):
    wang = Actor(account_id=None, name="王主任", role=Role.tenant_admin, tenant=tenant.slug)
    li = Actor(account_id=None, name="李干事", role=Role.tenant_admin, tenant=tenant.slug)
    async with tenant_scope(tenant.slug):
        await core.record("orgs.member.level_raised", "member:7", {"from": 4, "to": 3}, wang)
        await core.record("orgs.org.created", "org:1", {}, li)
        await core.record("welfare.campaign.created", "campaign:2", {}, li)
        await core.conn().execute("UPDATE event SET at = at - interval '3 days' WHERE subject = 'campaign:2'")
    headers = bearer(await make_token("auditor", tenant.slug))
    url = f"/api/v1/t/{tenant.slug}/events"

    async def actions(**params: Any) -> list[str]:
        r = await client.get(url, params=params, headers=headers)
        assert r.status_code == 200, r.text
        return [e["action"] for e in r.json()["items"]]

    assert await actions(person="王") == ["orgs.member.level_raised"]
    assert await actions(action="orgs") == ["orgs.org.created", "orgs.member.level_raised"]
    assert await actions(action="orgs.member") == ["orgs.member.level_raised"]
    assert await actions(action="orgs.mem") == []  # a family is whole words
    assert await actions(subject="campaign:2") == ["welfare.campaign.created"]
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    assert await actions(since=today.isoformat()) == ["orgs.org.created", "orgs.member.level_raised"]
    assert await actions(until=(today - dt.timedelta(days=1)).isoformat()) == ["welfare.campaign.created"]
    r = await client.get(url, params={"since": today.isoformat(), "until": "2000-01-01"}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "until"

    zh = (await client.get(url, params={"action": "orgs.member"}, headers=headers)).json()["items"][0]
    en = (await client.get(url, params={"action": "orgs.member"}, headers={**headers, "Accept-Language": "en"})).json()
    assert zh["label"] == "职业资格提升" and en["items"][0]["label"] == "qualification raised"
    kinds = (await client.get(f"{url}/kinds", headers=headers)).json()
    assert {"kind": "orgs.member.level_raised", "zh": "职业资格提升", "en": "qualification raised"} in kinds
    # An org officer does not read the tenant's log.
    async with tenant_scope(tenant.slug):
        org = await make_org("某厂工会")
    officer = bearer(await make_token("org_officer", tenant.slug, org_id=org.id))
    assert (await client.get(url, headers=officer)).status_code == 403
