"""Every figure of every report comes with its labels in both languages and its unit: a union
office reads `救助金额 ¥1,300,000.00`, never `paid_fen 130000000`; and a report names the years
that hold records, so a client opens the latest of them."""

from __future__ import annotations

import re

import pytest

from server.demo import load_demo
from server.modules import registry
from server.modules.contract import Unit
from server.reports import PLATFORM_FIGURES, catalogue, show
from tests.cli_helpers import cli_env, saishang

CJK = re.compile(r"[\u4e00-\u9fff]")
# The modules whose demo fills any tenant (the others load their city's dataset only).
FILLED_BY_ANY_DEMO = {"platform", "orgs", "pairing", "welfare", "voice"}
REPORTING = [m.name for m in registry.modules().values() if m.report is not None]


def test_every_module_that_reports_declares_its_figures_and_its_years():
    assert REPORTING, "no module reports"
    for name in REPORTING:
        module = registry.get(name)
        assert module is not None and module.figures, f"{name}: its report declares no figures"
        assert module.report_years, f"{name}: its report cannot say which years hold records"


@pytest.mark.parametrize("name", ["platform", *REPORTING])
def test_every_figure_has_both_labels_and_a_unit(name: str):
    for code, figure in catalogue(name).items():
        assert figure.code == code
        assert CJK.search(figure.zh), f"{name}.{code}: the zh-CN label {figure.zh!r} is not Chinese"
        assert figure.en.strip() and not CJK.search(figure.en), f"{name}.{code}: the English label {figure.en!r}"
        assert isinstance(figure.unit, Unit), f"{name}.{code}: no unit"
    labels = [f.zh for f in catalogue(name).values()]
    assert len(labels) == len(set(labels)), f"{name}: two figures read the same in Chinese"


def test_a_value_is_written_as_its_unit_reads():
    assert show(130_000_000, Unit.fen) == "¥1,300,000.00"
    assert show(-5, Unit.fen) == "-¥0.05"
    assert show(0.875, Unit.ratio) == "87.5%"
    assert show(2602, Unit.person) == "2,602 人" and show(2602, Unit.person, "en") == "2,602"
    assert show(1, Unit.flag, "en") == "yes" and show(0, Unit.flag) == "否"
    assert show(7.5, Unit.days, "en") == "7.5 working days"


def test_a_share_a_mean_or_a_kind_does_not_add_up_across_tenants():
    assert not catalogue("voice")["on_time_rate"].additive
    assert not catalogue("voice")["median_working_days"].additive
    assert not catalogue("audit")["standards"].additive  # distinct kinds
    assert catalogue("welfare")["paid_fen"].additive and catalogue("orgs")["members"].additive
    assert not any(f.additive for f in PLATFORM_FIGURES.values())


async def test_every_report_on_the_demo_labels_every_figure_it_emits(tenant, client, make_token, settings):
    headers = {"Authorization": f"Bearer {await make_token('tenant_admin', tenant.slug)}"}
    base = f"/api/v1/t/{tenant.slug}/reports"
    # Before any record: no year to open on.
    empty = (await client.get(f"{base}/welfare/years", headers=headers)).json()
    assert empty == {"module": "welfare", "tenant": tenant.slug, "years": [], "latest": None}

    await load_demo(settings, [tenant.slug], progress=lambda m: None)
    for name in ["platform", *REPORTING]:
        years = (await client.get(f"{base}/{name}/years", headers=headers)).json()
        if name in FILLED_BY_ANY_DEMO:
            assert years["years"], f"{name}: the demo has records but no year holds them"
        if years["years"]:
            assert years["latest"] == years["years"][0] == max(years["years"])
        r = await client.get(f"{base}/{name}", params={"year": years["latest"] or 2017}, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        known = catalogue(name)
        emitted = set(body["figures"])
        assert emitted <= set(known), f"{name}: figures without a label: {sorted(emitted - set(known))}"
        assert set(known) <= emitted, f"{name}: labels of figures it never emits: {sorted(set(known) - emitted)}"
        assert set(body["labels"]) == emitted == set(body["text"])
        for code, label in body["labels"].items():
            assert label["zh"] == known[code].zh and label["en"] == known[code].en
            assert label["unit"] == known[code].unit.value and label["additive"] == known[code].additive

    r = await client.get(f"{base}/welfare", params={"year": 2017}, headers={**headers, "Accept-Language": "en"})
    body = r.json()
    assert isinstance(body["figures"]["holiday_relief_fen"], int)  # raw fen, as before
    assert body["labels"]["holiday_relief_fen"] == {
        "zh": "送温暖金额",
        "en": "Holiday relief paid",
        "unit": "fen",
        "additive": True,
    }
    assert body["text"]["holiday_relief_fen"] == show(body["figures"]["holiday_relief_fen"], Unit.fen)
    people = body["figures"]["hardship_households_active"]
    assert people > 0 and body["text"]["hardship_households_active"] == f"{people:,}"  # English: no 户


async def test_the_cli_shows_labelled_figures_in_the_users_language(tenant, settings, tmp_path):
    env = cli_env(settings, tmp_path, SAISHANG_LANG="zh-CN")
    shown = saishang("report", "welfare", "--tenant", tenant.slug, "--year", "2017", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "送温暖金额" in shown.stdout and "¥0.00" in shown.stdout and "holiday_relief_fen" not in shown.stdout
    english = saishang(
        "report", "welfare", "--tenant", tenant.slug, "--year", "2017", env={**env, "SAISHANG_LANG": "en"}
    )
    assert "Holiday relief paid" in english.stdout
    assert tenant.name_zh in shown.stdout and tenant.name_en in english.stdout  # the tenant by its name
    raw = saishang("report", "welfare", "--tenant", tenant.slug, "--year", "2017", "--json", env=env)
    assert '"holiday_relief_fen": 0' in raw.stdout


async def test_years_of_an_unknown_or_switched_off_module_are_refused(make_tenant, client, make_token):
    t = await make_tenant(modules=["orgs"])
    headers = {"Authorization": f"Bearer {await make_token('tenant_admin', t.slug)}"}
    assert (await client.get(f"/api/v1/t/{t.slug}/reports/nothing/years", headers=headers)).status_code == 404
    assert (await client.get(f"/api/v1/t/{t.slug}/reports/welfare/years", headers=headers)).status_code == 404
