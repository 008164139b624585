"""`saishang audit`: export a standard, load an edited one (a bad line named), print a scoring sheet
and its spreadsheet and PDF; `saishang report audit --json` gives the figures."""

from __future__ import annotations

import asyncio
import json

from openpyxl import load_workbook

from server.infra.tenancy import tenant_scope
from server.modules.audit import service
from tests.cli_helpers import cli_env, saishang
from tests.modules.audit.conftest import audited, auditor, entry
from tests.modules.audit.test_pdf import text_of


async def test_standards_sheet_and_report_from_the_cli(world, settings, tmp_path):
    ids = await audited(world, [entry("A1", 3_000_000, participants=200)])
    async with tenant_scope(world.tenant):
        await service.score_audit(ids[0], None, auditor(world.tenant))
        scored = await service.get_audit(ids[0])
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    t = ("--tenant", world.tenant)
    path = tmp_path / "standard.toml"
    r = await asyncio.to_thread(
        saishang, "audit", "export-standard", str(world.standard), *t, "--out", str(path), env=env
    )
    assert r.returncode == 0, r.stderr
    text = path.read_text(encoding="utf-8")
    (tmp_path / "new.toml").write_text(text.replace('"T-1"', '"T-2"'), encoding="utf-8")
    r = await asyncio.to_thread(saishang, "audit", "load-standard", str(tmp_path / "new.toml"), *t, env=env)
    assert r.returncode == 0 and "T-2 v1" in r.stdout, r.stderr
    broken = text.replace("per_result = 0.5", "per_result = -1", 1)
    (tmp_path / "bad.toml").write_text(broken, encoding="utf-8")
    r = await asyncio.to_thread(saishang, "audit", "load-standard", str(tmp_path / "bad.toml"), *t, env=env)
    assert r.returncode == 1 and "indicators.benefit.per_result" in r.stderr, r.stderr
    xlsx, pdf = tmp_path / "report.xlsx", tmp_path / "report.pdf"
    r = await asyncio.to_thread(
        saishang, "audit", "sheet", str(ids[0]), *t, "--json", "--xlsx", str(xlsx), "--pdf", str(pdf), env=env
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == scored.total == 4.5
    # the sheet as a table, in the CLI's language (the standard's own words as it has them)
    r = await asyncio.to_thread(saishang, "audit", "sheet", str(ids[0]), *t, env=env)
    assert all(w in r.stdout for w in ("total 4.5", "poor", "base", "bonus", "score")), r.stdout
    assert "基本分" not in r.stdout, r.stdout
    zh = await asyncio.to_thread(saishang, "audit", "sheet", str(ids[0]), *t, env={**env, "SAISHANG_LANG": "zh-CN"})
    assert all(w in zh.stdout for w in ("总分 4.5", "效益较差", "基本分", "得分")) and "bonus" not in zh.stdout, (
        zh.stdout
    )
    book = load_workbook(xlsx)
    report_sheet = book["审计报告"]
    assert scored.org_name in report_sheet["A1"].value
    assert [c.value for c in report_sheet[5]][:2] == ["总分", 4.5]
    assert book["报告单"].max_row == 2
    printed = text_of(pdf.read_bytes())
    assert scored.org_name in printed and "4.5" in printed and "效益较差" in printed
    r = await asyncio.to_thread(saishang, "report", "audit", *t, "--year", "2017", "--json", env=env)
    figures = json.loads(r.stdout)["figures"]
    assert figures["audited_unions"] == 1 and figures["grade_poor"] == 1 and figures["standards"] == 2
