"""`saishang reps elections` and `saishang reps roll` read an election and its seats back; an
unknown congress fails in one line; `saishang report reps` gives the figures."""

from __future__ import annotations

import asyncio
import json

from tests.cli_helpers import cli_env, saishang
from tests.modules.reps.conftest import World, elected


async def test_the_roll_from_the_cli(world: World, settings, tmp_path):
    await elected(world)
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    r = await asyncio.to_thread(saishang, "reps", "elections", "--tenant", world.tenant, "--json", env=env)
    assert r.returncode == 0, r.stderr
    [e] = json.loads(r.stdout)["items"]
    assert e["state"] == "published" and e["enough_candidates"] is True and e["votes_cast"] == 12
    r = await asyncio.to_thread(
        saishang, "reps", "roll", "--tenant", world.tenant, "--congress", str(world.congress), env=env
    )
    assert r.returncode == 0, r.stderr
    assert "seated" in r.stdout and "2021-12-31" in r.stdout
    assert all(w in r.stdout for w in ("member", "trained", "state")) and "在任" not in r.stdout, r.stdout
    zh = await asyncio.to_thread(
        saishang,
        "reps",
        "roll",
        "--tenant",
        world.tenant,
        "--congress",
        str(world.congress),
        env={**env, "SAISHANG_LANG": "zh-CN"},
    )
    assert all(w in zh.stdout for w in ("会员", "任期起", "在任")) and "seated" not in zh.stdout, zh.stdout
    args = ("reps", "elections", "--tenant", world.tenant)
    en = await asyncio.to_thread(saishang, *args, env=env)
    assert all(w in en.stdout for w in ("seats", "votes", "1:2", "✓")) and "名额" not in en.stdout, en.stdout
    zh = await asyncio.to_thread(saishang, *args, env={**env, "SAISHANG_LANG": "zh-CN"})
    assert all(w in zh.stdout for w in ("名额", "当选", "✓")) and "publis" not in zh.stdout, zh.stdout
    r = await asyncio.to_thread(saishang, "reps", "roll", "--tenant", world.tenant, "--congress", "99999", env=env)
    assert r.returncode == 1 and "congress 99999 not found" in r.stderr
    r = await asyncio.to_thread(
        saishang, "report", "reps", "--tenant", world.tenant, "--year", "2017", "--json", env=env
    )
    figures = json.loads(r.stdout)["figures"]
    assert figures["units_elected"] == 1 and figures["representatives"] == 2
