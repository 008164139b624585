"""`saishang pairing propose --tenant ... --programme ...` prints the proposal as a Rich table."""

from __future__ import annotations

import json

from server.infra.tenancy import tenant_scope
from server.modules.pairing import service
from server.modules.pairing.service import CandidateIn, CandidatesIn
from tests.cli_helpers import cli_env, saishang
from tests.modules.pairing.helpers import make_world, person, programme


async def test_propose_from_the_command_line(tenant, settings, tmp_path):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        a2 = await person(w, "小周", w.chem, "钳工", 4)
        prog = await programme(w, name="高新区师徒结对")
        await service.add_candidates(
            prog.id,
            CandidatesIn(
                candidates=[CandidateIn(wang, "master"), CandidateIn(a1, "apprentice"), CandidateIn(a2, "apprentice")]
            ),
        )
    env = cli_env(settings, tmp_path)

    shown = saishang("pairing", "propose", "--tenant", tenant.slug, "--programme", str(prog.id), env=env)
    assert shown.returncode == 0, shown.stderr
    assert "王师傅" in shown.stdout and "小张" in shown.stdout and "同工种" in shown.stdout
    assert "未配对" in shown.stdout and "小周" in shown.stdout
    assert all(w in shown.stdout for w in ("工种", "理由", "已签协议")) and "reasons" not in shown.stdout, shown.stdout
    # the same in English when the CLI speaks it (SAISHANG_LANG), reasons and all
    args = ("pairing", "propose", "--tenant", tenant.slug, "--programme", str(prog.id))
    en = saishang(*args, env={**env, "SAISHANG_LANG": "en"})
    assert all(w in en.stdout for w in ("trade", "reasons", "unpaired", "agreed", "王师傅")), en.stdout
    assert "同工种" not in en.stdout and "未配对" not in en.stdout, en.stdout

    english = saishang(
        "pairing",
        "propose",
        "--tenant",
        tenant.slug,
        "--programme",
        "高新区师徒结对",
        "--accept",
        "--json",
        env={**env, "SAISHANG_LANG": "en"},
    )
    assert english.returncode == 0, english.stderr
    data = json.loads(english.stdout)
    assert data["proposal"]["summary"]["pairs"] == 1
    assert data["accepted"]["agreements_created"] == 1
    assert data["proposal"]["unpaired"][0]["code"] == "no_master_in_trade"

    listed = saishang("pairing", "programmes", "--tenant", tenant.slug, env=env)
    assert "高新区师徒结对" in listed.stdout and "目标" in listed.stdout and "target" not in listed.stdout
    listed = saishang("pairing", "programmes", "--tenant", tenant.slug, env={**env, "SAISHANG_LANG": "en"})
    assert all(w in listed.stdout for w in ("year", "target", "高新区师徒结对")) and "年度" not in listed.stdout

    missing = saishang(
        "pairing", "propose", "--tenant", tenant.slug, "--programme", "nothing", env={**env, "SAISHANG_LANG": "en"}
    )
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("error: ") and "programme nothing not found" in missing.stderr
