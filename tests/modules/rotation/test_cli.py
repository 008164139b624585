"""`saishang rotation roster`: the street generates the year's roster and publishes it from the CLI;
a second generation of a published year is refused in one line; `saishang report rotation` reads
the vice chairs back."""

from __future__ import annotations

import asyncio
import json

from tests.cli_helpers import cli_env, saishang


async def test_a_roster_from_the_cli(world, settings, tmp_path):
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    args = ("rotation", "roster", "--tenant", world.tenant, "--year", "2017")
    r = await asyncio.to_thread(saishang, *args, "--from", "2017-07-01", env=env)
    assert r.returncode == 0, r.stderr
    assert "draft, 6 slots" in r.stdout and "2017-07-01" in r.stdout
    assert all(w in r.stdout for w in ("role", "chair", "vice chair")) and "vice_chair" not in r.stdout, r.stdout
    zh = await asyncio.to_thread(saishang, *args, "--from", "2017-07-01", env={**env, "SAISHANG_LANG": "zh-CN"})
    assert all(w in zh.stdout for w in ("草案，共 6 个时段", "轮值角色", "天数")) and "chair" not in zh.stdout, (
        zh.stdout
    )
    r = await asyncio.to_thread(saishang, *args, "--from", "2017-07-01", "--publish", "--json", env=env)
    assert r.returncode == 0, r.stderr
    roster = json.loads(r.stdout)
    assert (
        roster["state"] == "published" and sum(s["days"] for s in roster["slots"] if s["role"] == "vice_chair") == 184
    )
    r = await asyncio.to_thread(saishang, *args, env=env)
    assert r.returncode == 1 and "published already" in r.stderr
    r = await asyncio.to_thread(saishang, *args, "--from", "2017-13-01", env=env)
    assert r.returncode == 1 and "--from: not a date" in r.stderr
    r = await asyncio.to_thread(
        saishang, "report", "rotation", "--tenant", world.tenant, "--year", "2017", "--json", env=env
    )
    figures = json.loads(r.stdout)["figures"]
    assert figures["vice_chairs"] == 5 and figures["vice_chair_slots"] == 5
