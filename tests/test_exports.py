"""Take it away (issue 20): every paged list and every report answers as XLSX at `…/export`,
with the list's rows, and no cell of any export is a formula, whatever was typed in."""

from __future__ import annotations

import io
import re
import types
import typing

import msgspec
import openpyxl

from server.demo import load_demo
from server.infra.codes import code_values
from server.infra.tenancy import conn, tenant_scope
from server.modules import registry
from server.platform import exports
from tests.conftest import bearer
from tests.modules.welfare.conftest import build_world

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE_SHAPED = re.compile(r"[a-z]+(_[a-z]+)*")
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
    assert rows[0][:3] == ("编号", "园区名称", "园区级别")  # words, in the request's language (zh-CN by default)
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
    assert rows[0] == ("指标", "数值", "数字（金额以元计）")
    paid = next(row for row in rows if row[0] == "救助金额")  # each figure by its label, money in yuan
    assert paid[1].startswith("¥") and paid[2] == float(paid[1][1:].replace(",", ""))
    assert formulas(r.content) == []
    english = await client.get(
        f"/api/v1/t/{tenant.slug}/reports/welfare/export",
        params={"year": 2017},
        headers={**admin, "Accept-Language": "en"},
    )
    assert rows_of(english.content)[0] == ("Figure", "Value", "Number (money in yuan)")
    assert "Relief paid" in [row[0] for row in rows_of(english.content)]
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
    answered, coded = 0, []
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
            coded += bare_codes(route, r.content)
        else:
            assert r.headers["content-type"].startswith("application/problem+json"), url
    assert answered >= 30
    assert not coded, "code cells not in words:\n" + "\n".join(coded)


def test_every_column_of_every_export_has_a_label_in_both_languages(app):
    """The header row is words, not field names: each export route's every column has its label
    in zh-CN and English in the catalogue next to the list (a module's `columns.py`, the
    platform's in server/platform/exports.py), money columns say yuan."""
    checked, missing = 0, []
    for route in app.routes:
        for handler in route.route_handlers:
            opt = handler.opt or {}
            if "export_of" not in opt or opt["export_of"] is None:
                continue
            checked += 1
            gaps = exports.missing_labels(opt["export_of"], opt["export_columns"])
            missing += [f"{route.path}: {opt['export_of'].__name__}.{name}" for name in gaps]
    assert checked >= 50
    assert not missing, "export columns without words in both languages:\n" + "\n".join(missing)
    catalogues = [exports.COMMON, exports.PLATFORM, *(m.columns for m in registry.modules().values())]
    for catalogue in catalogues:
        for key, (zh, en) in catalogue.items():
            assert CJK.search(zh) and en.strip() and not CJK.search(en), f"{key}: {zh!r} {en!r}"


async def test_an_export_s_header_money_and_yes_or_no_read_as_words(client, tenant, make_token):
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    base = f"/api/v1/t/{tenant.slug}"
    campaign = {
        "kind": "holiday_relief",
        "name": "两节送温暖",
        "year": 2017,
        "budget_fen": 1_000_050,
        "eligibility": {"rule": "hardship_households"},
        "amount_rule": {"rule": "flat", "fen": 50_000},
    }
    assert (await client.post(f"{base}/campaigns", json=campaign, headers=admin)).status_code == 201
    r = await client.get(f"{base}/campaigns/export", headers={**admin, "Accept-Language": "en"})
    sheet = book(r.content).worksheets[0]
    head = [c.value for c in sheet[1]]
    assert head[:3] == ["ID", "Relief kind", "Campaign"] and "Budget (yuan)" in head
    budget = sheet.cell(row=2, column=head.index("Budget (yuan)") + 1)
    assert budget.value == 10000.5 and budget.number_format == "#,##0.00"
    row = [c.value for c in sheet[2]]
    assert (row[head.index("Relief kind")], row[head.index("Status")]) == ("holiday relief", "draft")  # codes as words
    r = await client.get(f"{base}/campaigns/export", headers=admin)
    zh = rows_of(r.content)
    assert (zh[1][zh[0].index("救助类型")], zh[1][zh[0].index("状态")]) == ("两节送温暖", "待审批")
    assert (exports.cell(True, "zh-CN"), exports.cell(False, "en")) == ("是", "no")


# A column holds codes when it is text (or a list of texts) named so; each such column of every
# export is written in words from the code catalogue next to its labels.
CODE_NAMES = {"status", "state", "kind", "category", "channel", "outcome", "role", "route", "type", "level"}
CODE_NAMES |= {"reasons", "verdict", "grade", "stage", "locale", "module", "trigger", "mode", "modes", "modules"}
CODE_NAMES |= {"form", "resolved_level"}


def code_columns(kind: type) -> list[str]:
    """Texts named as codes, and a level that is a number (a qualification level, 1-5)."""
    hints = typing.get_type_hints(kind)
    texty = (str, str | None, list[str])
    return [
        f.name
        for f in msgspec.structs.fields(kind)
        if (f.name in CODE_NAMES and hints[f.name] in texty)
        or (f.name == "level" and hints[f.name] in (int, int | None))
    ]


def export_handlers(app) -> list:
    return [
        (route, handler)
        for route in app.routes
        for handler in route.route_handlers
        if (handler.opt or {}).get("export_of") is not None
    ]


def coded(route) -> tuple[type, dict, list[str]] | None:
    """The record, code words and code columns of an export route (None: it has no code column)."""
    handler = next((h for h in route.route_handlers if "GET" in h.http_methods), None)
    kind = (handler.opt or {}).get("export_of") if handler is not None else None
    if kind is None or not code_columns(kind):
        return None
    return kind, handler.opt.get("export_codes", {}), code_columns(kind)


def bare_codes(route, content: bytes) -> list[str]:
    """The cells of an export's code columns (in zh-CN) that are codes, not words: a value of the
    column's catalogue, or anything shaped like a code (a zone's level is typed in: `@SUM(1)`
    is kept as typed, `national` is not)."""
    if (found := coded(route)) is None:
        return []
    kind, codes, names = found
    fields = [f.name for f in msgspec.structs.fields(kind)]
    rows = rows_of(content)[1:]
    bare = []
    for name in names:
        table = exports.code_words(kind, name, codes) or {}
        at = fields.index(name)
        for row in rows:
            parts = [] if row[at] in (None, "") else str(row[at]).split("、")
            bare += [
                f"{route.path} {kind.__name__}.{name}: {p!r}" for p in parts if p in table or CODE_SHAPED.fullmatch(p)
            ]
    return bare


def check_values(definitions: list[str], column: str) -> set[str] | None:
    """The values a CHECK (column IN (...)) allows, from PostgreSQL's text of the constraints."""
    for text in definitions:
        if re.search(rf"\(\(?{column}\)?(::text)? = ANY|\b{column} IN", text):
            return set(re.findall(r"'([^']*)'", text))
    return None


async def test_every_code_column_says_every_value_in_both_languages(app, tenant):
    """Every code column of every export route has the words of its values, and every value
    it can hold (its table column's CHECK, or the enum or tuple its service checks) has words
    in zh-CN and English."""
    missing = [
        f"{route.path}: {kind.__name__}.{name}"
        for route, handler in export_handlers(app)
        for kind in [handler.opt["export_of"]]
        for name in code_columns(kind)
        if exports.code_words(kind, name, handler.opt.get("export_codes", {})) is None
    ]
    assert not missing, "code columns with no words:\n" + "\n".join(sorted(set(missing)))

    async with tenant_scope(tenant.slug):
        rows = await conn().fetch(
            "SELECT t.relname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE c.contype = 'c' AND n.nspname IN (current_schema(), 'platform')"
        )
    checks: dict[str, list[str]] = {}
    for row in rows:
        checks.setdefault(row["relname"], []).append(row["def"])

    def can_hold(words) -> set[str]:
        values = code_values(words.source)
        if values is None:  # a table column: its CHECK in the database
            meta = words.source._meta
            values = check_values(checks.get(meta.table._meta.tablename, []), meta.db_column_name)
            assert values, f"{meta.table._meta.tablename}.{meta.db_column_name} has no CHECK (name the tuple)"
        return values

    catalogues = {id(c): c for _, h in export_handlers(app) for c in h.opt.get("export_codes", {}).values()}
    assert len(catalogues) >= 40
    for words in catalogues.values():
        values = can_hold(words)
        assert values <= set(words), f"codes without words: {sorted(values - set(words))}"
        for code, (zh, en) in words.items():
            assert CJK.search(zh) and en.strip() and not CJK.search(en), f"{code}: {zh!r} {en!r}"

    # and each export writes every value its code columns can hold as those words, in both languages
    written = 0
    for _, handler in export_handlers(app):
        kind, columns, codes = (handler.opt[k] for k in ("export_of", "export_columns", "export_codes"))
        for name in code_columns(kind):
            words = exports.code_words(kind, name, codes)
            for value in can_hold(words):
                hint = typing.get_type_hints(kind)[name]
                held = [value] if hint == list[str] else int(value) if hint in (int, int | None) else value
                row = types.SimpleNamespace(**{name: held})
                at = [f.name for f in msgspec.structs.fields(kind)].index(name)
                for lang, said in (("zh-CN", words[value][0]), ("en", words[value][1])):
                    assert exports.table([row], kind, columns, lang, codes)[1][0][at] == said, (kind, name, value)
                    written += 1
    assert written > 300


async def test_no_code_is_left_bare_on_the_demo(app, client, tenant, make_token, settings):
    """Every tenant export route on the demo's records (orgs, pairing, welfare and voice fill any
    tenant): each id in a path is the first of its parent list, and no cell of a code column is a
    bare code."""
    await load_demo(settings, [tenant.slug], progress=lambda m: None)
    admin = bearer(await make_token("tenant_admin", tenant.slug))
    first: dict[str, int | None] = {}

    async def resolve(path: str) -> str | None:
        """The path with each `{x_id:int}` the first id its parent list holds (None: an empty list)."""
        while (m := re.search(r"\{(\w+):int\}", path)) is not None:
            parent = path[: m.start()].rstrip("/")
            if parent not in first:
                r = await client.get(parent, params={"limit": 1}, headers=admin)
                items = r.json().get("items") if r.status_code == 200 else None
                # a record is named by its id, or by what the path calls it (a review: its `year`)
                item = items[0] if items else {}
                first[parent] = item.get(m.group(1), item.get("id"))
            if first[parent] is None:
                return None
            path = path[: m.start()] + str(first[parent]) + path[m.end() :]
        return path

    answered, bare = 0, []
    for route in app.routes:
        if not route.path.startswith("/api/v1/t/{tenant:str}/") or coded(route) is None:
            continue
        url = await resolve(route.path.replace("{tenant:str}", tenant.slug))
        if url is None:
            continue
        r = await client.get(url, params={"year": 2017}, headers=admin)
        assert r.status_code < 500, f"{url}: {r.status_code} {r.text[:200]}"
        if r.status_code == 200:  # (a list that needs a filter, `area_id`, answers 422)
            answered += len(rows_of(r.content)) > 1
            bare += bare_codes(route, r.content)
    assert answered >= 10  # exports with rows (11 on the demo today)
    assert not bare, "code cells not in words:\n" + "\n".join(sorted(set(bare))[:50])
