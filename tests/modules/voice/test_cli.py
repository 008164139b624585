"""`saishang voice queue`: the open acceptance forms, in the CLI's language (SAISHANG_LANG)."""

from __future__ import annotations

import asyncio

from tests.cli_helpers import cli_env, saishang
from tests.modules.voice.test_forms import file


async def test_the_queue_follows_the_cli_language(client, world, settings, tmp_path):
    c = await file(client, world, world.zhang_worker)
    r = await client.post(
        world.url("/demand-orders"),
        headers=world.cement_officer,
        json={"title": "水泥厂拖欠工资", "complaint_ids": [c["id"]]},
    )
    r = await client.post(
        world.url("/acceptance-forms"), headers=world.admin, json={"order_id": r.json()["id"], "officer_name": "马学礼"}
    )
    assert r.status_code == 201, r.text
    ref = r.json()["ref"]
    args = ("voice", "queue", "--tenant", world.slug)
    zh = await asyncio.to_thread(saishang, *args, env=cli_env(settings, tmp_path))
    assert zh.returncode == 0, zh.stderr
    assert all(w in zh.stdout for w in ("受理单", "承办人", "马学礼", ref)) and "officer" not in zh.stdout, zh.stdout
    en_env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    en = await asyncio.to_thread(saishang, *args, env=en_env)
    assert all(w in en.stdout for w in ("form", "officer", "due", ref)) and "受理单" not in en.stdout, en.stdout
    # and its lines: a link code, the deadline check
    t = ("--tenant", world.slug)
    code = await asyncio.to_thread(saishang, "voice", "link-code", *t, "--member", str(world.zhang), env=en_env)
    assert code.returncode == 0 and f"code for member {world.zhang}: " in code.stdout, code.stdout + code.stderr
    checked = await asyncio.to_thread(saishang, "voice", "check-deadlines", *t, env=cli_env(settings, tmp_path))
    assert checked.returncode == 0 and "超期督办 0 条" in checked.stdout, checked.stdout + checked.stderr
    # core's calendar, which the deadlines count on, says what it loaded in the CLI's language too
    schedule = tmp_path / "2031.toml"
    schedule.write_text('holidays = ["2031-01-01"]\nsource = "test"\n', encoding="utf-8")
    loaded = await asyncio.to_thread(
        saishang, "calendar", "load", *t, "--year", "2031", "--file", str(schedule), env=en_env
    )
    assert loaded.returncode == 0 and "2031: 1 holidays, 0 make-up working days" in loaded.stdout, loaded.stderr
    # and a deadline counted over years without a schedule warns in that one language, not both
    after = ("calendar", "deadline", *t, "2040-12-28", "7")
    en = await asyncio.to_thread(saishang, *after, env=en_env)
    assert en.returncode == 0 and "(provisional: no holiday schedule" in en.stdout and "暂定" not in en.stdout, en
    zh = await asyncio.to_thread(saishang, *after, env=cli_env(settings, tmp_path))
    assert zh.returncode == 0 and "暂定：2040, 2041 年" in zh.stdout and "provisional" not in zh.stdout, zh
