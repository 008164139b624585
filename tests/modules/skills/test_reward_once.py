"""每人分别奖励: a person is rewarded once per certificate level. A second certificate of a member
at a level already rewarded (a re-issue, a re-entry) gets no line, and the run names it with both
certificate numbers; a higher level reached later is rewarded too; two runs at once pay it once."""

from __future__ import annotations

import asyncio
import datetime as dt

import asyncpg
import pytest

from server.infra.tenancy import conn, tenant_scope
from server.migrations.skills import skills_2026_12_08t02_15_00_skillsonce_reward_once as migration
from server.modules.skills import service
from tests.conftest import bearer, blocking_another
from tests.modules.skills.conftest import admin
from tests.modules.skills.test_rewards import add_rules, cert


def certificate(number: str, member: int, level: int, day: str) -> dict:
    return {
        "number": number,
        "member_id": member,
        "level": level,
        "issued_on": day,
        "route": "exam",
        "issuer": "宁夏职业技能鉴定中心",
        "bank_account": f"6228{member:012d}",
    }


async def test_two_certificates_of_one_member_at_one_level_pay_once(world, client, make_token):
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
    fed = bearer(await make_token("tenant_admin", world.tenant))
    officer = bearer(await make_token("org_officer", world.tenant, org_id=world.union))
    base = f"/api/v1/t/{world.tenant}"
    m = world.members
    repeats: dict[str, list] = {}
    for body in (
        certificate("YC-ONCE-1", m[0], 1, "2017-09-01"),
        certificate("YC-ONCE-2", m[0], 1, "2017-10-01"),  # the same worker and level entered again
        certificate("YC-ONCE-3", m[1], 2, "2017-09-01"),
        certificate("YC-ONCE-4", m[1], 1, "2017-11-01"),  # a higher level reached later: rewarded too
    ):
        r = await client.post(f"{base}/certificates", json=body, headers=officer)
        assert r.status_code == 201, r.text
        repeats[body["number"]] = r.json()["repeats"]
    # recorded (a re-issue is legitimate), with a warning that the level is rewarded once
    assert {k for k, v in repeats.items() if v} == {"YC-ONCE-2"}
    [warned] = repeats["YC-ONCE-2"]
    assert (warned["number"], warned["other_number"], warned["level"]) == ("YC-ONCE-2", "YC-ONCE-1", 1)
    assert "YC-ONCE-1" in warned["zh"] and "只奖励一次" in warned["zh"] and "rewarded once" in warned["en"]
    run = (await client.post(f"{base}/reward-runs", json={"year": 2017}, headers=fed)).json()
    assert run["state"] == "preview" and run["line_count"] == 3
    assert run["total_fen"] == 300_000 + 200_000 + 300_000
    [skip] = run["skipped"]
    assert skip["member_id"] == m[0] and skip["level"] == 1 and skip["code"] == "repeat_level"
    assert (skip["number"], skip["rewarded_number"], skip["rewarded_run_id"]) == ("YC-ONCE-2", "YC-ONCE-1", run["id"])
    assert "YC-ONCE-1" in skip["zh"] and "YC-ONCE-2" in skip["zh"] and "高级技师" in skip["zh"]
    assert "职工0" in skip["zh"] and "YC-ONCE-2" in skip["en"] and "not paid again" in skip["en"]
    lines = (await client.get(f"{base}/reward-runs/{run['id']}/lines", headers=fed)).json()["items"]
    assert sorted((ln["member_id"], ln["level"]) for ln in lines) == [(m[0], 1), (m[1], 1), (m[1], 2)]
    r = await client.post(f"{base}/reward-runs/{run['id']}/approve", headers=fed)
    assert r.status_code == 200 and r.json()["skipped"] == run["skipped"]
    # a later year's re-issued certificate of an already rewarded level: skipped, named again
    r = await client.post(f"{base}/certificates", json=certificate("YC-ONCE-5", m[1], 2, "2018-03-01"), headers=fed)
    assert r.status_code == 201, r.text
    assert r.json()["repeats"][0]["other_number"] == "YC-ONCE-3"  # the level-2 certificate rewarded in 2017
    later = (await client.post(f"{base}/reward-runs", json={"year": 2018}, headers=fed)).json()
    assert later["line_count"] == 0 and later["without_account"] == 0
    assert [(s["number"], s["rewarded_number"]) for s in later["skipped"]] == [("YC-ONCE-5", "YC-ONCE-3")]


async def test_two_runs_at_once_pay_a_member_at_a_level_once(world):
    """The first run takes the member's 2017 certificate, the second (2018) a re-issue of the same
    level; the second waits on the first's uncommitted line (the unique index) and leaves it."""
    a = admin(world.tenant)
    m = world.members[0]
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        await service.record_certificates(
            [cert("YC-RACE-1", m, 1, dt.date(2017, 9, 1)), cert("YC-RACE-2", m, 1, dt.date(2018, 3, 1))], a
        )
    first_done = asyncio.Event()

    async def first():
        async with tenant_scope(world.tenant):
            run = await service.create_run(service.RunIn(year=2017), a)
            first_done.set()
            await blocking_another()  # open until the second run is seen waiting on its line
            return run

    async def second():
        await first_done.wait()
        async with tenant_scope(world.tenant):
            return await service.create_run(service.RunIn(year=2018), a)

    one, two = await asyncio.gather(first(), second())
    assert one.line_count == 1 and one.total_fen == 300_000 and two.line_count == 0
    async with tenant_scope(world.tenant):
        two = await service.get_run(two.id)
    assert two.line_count == 0 and [s.number for s in two.skipped] == ["YC-RACE-2"]


async def test_the_migration_settles_lines_written_before_the_rule(world):
    """Lines from before the rule: a preview's second line of a member at a level is dropped (and
    its total computed again), an approved run's stay as history, marked `legacy_repeat`; then the
    index holds."""
    a = admin(world.tenant)
    m, n = world.members[:2]
    async with tenant_scope(world.tenant):
        await add_rules(world.tenant)
        await service.record_certificates(
            [
                cert("YC-OLD-1", m, 1, dt.date(2017, 9, 1)),
                cert("YC-OLD-2", m, 1, dt.date(2017, 9, 2)),
                cert("YC-OLD-3", n, 2, dt.date(2017, 9, 1)),
                cert("YC-OLD-4", n, 2, dt.date(2017, 9, 2)),
            ],
            a,
        )
        c = conn()
        await c.execute("DROP INDEX skill_reward_line_member_level_once")
        await c.execute("ALTER TABLE skill_reward_line DROP COLUMN legacy_repeat")
        ids = dict(await c.fetch("SELECT number, id FROM skill_certificate WHERE number LIKE 'YC-OLD-%'"))
        runs = []
        for state, count, total in (("approved", 2, 600_000), ("preview", 2, 400_000)):
            runs.append(
                await c.fetchval(
                    "INSERT INTO skill_reward_run (year, up_to, state, line_count, total_fen, created_by, created_at) "
                    "VALUES (2017, '2017-12-31', $1, $2, $3, 'before', now()) RETURNING id",
                    state,
                    count,
                    total,
                )
            )
        await c.execute(
            "INSERT INTO skill_reward_line (run_id, certificate_id, member_id, org_id, level, amount_fen, account) "
            "SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::smallint[], $6::bigint[], $7::text[])",
            [runs[0], runs[0], runs[1], runs[1]],
            [ids["YC-OLD-1"], ids["YC-OLD-2"], ids["YC-OLD-3"], ids["YC-OLD-4"]],
            [m, m, n, n],
            [world.union] * 4,
            [1, 1, 2, 2],
            [300_000, 300_000, 200_000, 200_000],
            ["6228000000000001"] * 4,
        )
        for sql in migration.STATEMENTS:
            await c.execute(sql)
        kept = await c.fetch(
            "SELECT run_id, certificate_id, legacy_repeat FROM skill_reward_line WHERE run_id = ANY($1::int[]) "
            "ORDER BY id",
            runs,
        )
        assert [tuple(r) for r in kept] == [
            (runs[0], ids["YC-OLD-1"], False),
            (runs[0], ids["YC-OLD-2"], True),  # paid twice before the rule: kept as history
            (runs[1], ids["YC-OLD-3"], False),
        ]
        preview = await service.get_run(runs[1])
        assert preview.line_count == 1 and preview.total_fen == 200_000
        assert [(s.number, s.rewarded_number) for s in preview.skipped] == [("YC-OLD-4", "YC-OLD-3")]
        with pytest.raises(asyncpg.UniqueViolationError):
            async with c.transaction():
                await c.execute(
                    "INSERT INTO skill_reward_line (run_id, certificate_id, member_id, org_id, level, amount_fen, "
                    "account) VALUES ($1, $2, $3, $4, 2, 200000, '6228000000000001')",
                    runs[1],
                    ids["YC-OLD-4"],
                    n,
                    world.union,
                )


async def test_an_import_warns_of_a_level_the_member_holds_already(world, client, make_token):
    headers = bearer(await make_token("org_officer", world.tenant, org_id=world.union))
    m = world.members[2]
    body = (
        "证书编号,会员编号,等级,发证日期,取得途径,发证机关,银行账号\n"
        f"YC-IMP-1,{m},高级工,2017-05-01,考试,鉴定中心,6228000000000301\n"
        f"YC-IMP-2,{m},3,2017-06-01,考试,鉴定中心,6228000000000301\n"
    ).encode()
    r = await client.post(
        f"/api/v1/t/{world.tenant}/certificates/import",
        files={"file": ("证书.csv", body, "text/csv")},
        headers=headers | {"Accept-Language": "en"},
    )
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    [warned] = r.json()["repeats"]
    assert (warned["row"], warned["number"], warned["other_number"]) == (3, "YC-IMP-2", "YC-IMP-1")
