"""Demo: Shizuishan high-tech zone's 2017 名师带高徒 — 156 masters, 278 apprentices, target 100 pairs.

The article: "遴选了156名技术能手与278名青年工人结成'师徒'对子，大大高于年初预定的100对" and
"17项'五小'成果分获一、二、三等奖". Masters and apprentices are created as members in
one `create_members` call to the orgs service, in the zone federation (found, or
created if the orgs demo did not make it) and its enterprise unions; the programme
is proposed and accepted, and part of the agreements carry notes and outcomes (a
raised level also raises the member's level in orgs).
"""

from __future__ import annotations

import datetime as dt
import random

from server.errors import InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.orgs import idcard
from server.modules.orgs import service as orgs
from server.modules.pairing import messages as msg
from server.modules.pairing import service

ZONE_NAME = "石嘴山高新技术产业开发区总工会"
PROGRAMME_NAME = "2017 高新区名师带高徒"
# Trades of the zone's metallurgy, machinery, chemicals and power enterprises, with masters per trade.
TRADES = {
    "焊工": 30,
    "电工": 24,
    "钳工": 20,
    "车工": 18,
    "化工总控工": 16,
    "维修电工": 14,
    "铣工": 10,
    "仪表维修工": 10,
    "电焊工": 8,
    "数控车工": 6,
}
COMPATIBLE = [["焊工", "电焊工"], ["电工", "维修电工"], ["车工", "数控车工"]]
ENTERPRISES = [
    "宁夏天元锰业",
    "石嘴山钢铁",
    "宁夏英力特化工",
    "宁夏金昱元化工",
    "宁夏维尔铸造",
    "宁夏恒力钢丝绳",
    "石嘴山电厂",
    "宁夏大地循环发展",
    "宁夏东方钽业",
    "宁夏嘉峰化工",
    "石炭井焦煤机械厂",
    "宁夏北方高科",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红海鹏飞斌宁波辉春梅文斌志刚晓东"
MASTERS, APPRENTICES, TARGET = 156, 278, 100


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


async def _scope_and_enterprises(shizuishan: bool) -> tuple[int, list[int]]:
    """Shizuishan: the high-tech zone federation; elsewhere: the first zone or county federation.
    Found (the orgs demo builds them) or created, with at least 8 enterprise unions under it."""
    kinds = ("zone_federation",) if shizuishan else ("zone_federation", "county_federation")
    scope = None
    for kind in kinds:
        found = await orgs.list_orgs(type=kind, q="高新" if shizuishan else None, limit=1)
        if found.items:
            scope = found.items[0]
            break
    if scope is None:
        cities = await orgs.list_orgs(type="city_federation", limit=1)
        parent = cities.items[0].id if cities.items else None
        scope = await orgs.create_org(
            orgs.OrgIn(
                name=ZONE_NAME if shizuishan else "开发区总工会",
                type="zone_federation",
                parent_id=parent,
                founded_on=dt.date(2017, 3, 1),
            )
        )
    children = await orgs.list_orgs(type="enterprise_union", parent_id=scope.id, limit=50)
    ids = [o.id for o in children.items]
    for name in ENTERPRISES[: max(0, 8 - len(ids))]:
        union = await orgs.create_org(
            orgs.OrgIn(
                name=f"{name}工会",
                type="enterprise_union",
                parent_id=scope.id,
                enterprise_name=name,
                public_sector=False,
                above_scale=True,
            )
        )
        ids.append(union.id)
    return scope.id, ids


def _id_number(rng: random.Random, seq: list[int], gender: str, born: tuple[int, int]) -> str:
    birth = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28))
    seq[0] = (seq[0] + 1) % 500  # 500 numbers per region and birth date
    return idcard.make("640221", birth, 500 + (seq[0] // 2) * 2 + (1 if gender == "M" else 0))


def _person(rng: random.Random, *, org_id: int, trade: str, level: int | None, born: tuple[int, int]) -> dict:
    return dict(
        name=_name(rng),
        org_id=org_id,
        trade=trade,
        level=level,
        migrant=rng.random() < 0.3,
        joined_on=dt.date(rng.randint(2008, 2016), rng.randint(1, 12), 1),
        gender=rng.choice("MMMF"),
        born=born,
    )


async def _create_members(rng: random.Random, seq: list[int], people: list[dict]) -> list[int]:
    """Everyone in one `orgs.create_members` call (all or nothing). An ID number already taken (by
    the orgs demo's members, or drawn twice) comes back as that row's error: drawn again, retried."""
    numbers = [_id_number(rng, seq, p["gender"], p["born"]) for p in people]
    for _ in range(20):
        try:
            made = await orgs.create_members(
                [
                    orgs.MemberIn(
                        name=p["name"],
                        id_number=number,
                        org_id=p["org_id"],
                        trade=p["trade"],
                        level=p["level"],
                        migrant=p["migrant"],
                        joined_on=p["joined_on"],
                    )
                    for p, number in zip(people, numbers)
                ]
            )
            return [m.id for m in made]
        except InvalidInput as exc:
            if any(e.field != "id_number" or e.row is None for e in exc.errors):
                raise
            for e in exc.errors:
                row = e.row or 0  # every error names its row (checked above)
                numbers[row - 1] = _id_number(rng, seq, people[row - 1]["gender"], people[row - 1]["born"])
    raise RuntimeError("could not draw free ID numbers")


async def load(ctx: DemoContext) -> None:
    """Shizuishan gets the article's programme; other tenants a small one to show the module."""
    shizuishan = ctx.extras.get("dataset", ctx.tenant) == "shizuishan"
    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:pairing")
    n_masters, n_apprentices, target = (MASTERS, APPRENTICES, TARGET) if shizuishan else (24, 40, 20)
    seq = [0]
    async with tenant_scope(ctx.tenant):
        if (await service.list_programmes(year=2017, limit=1)).items:
            ctx.say(msg.DEMO_SKIPPED)
            return
        zone_id, enterprises = await _scope_and_enterprises(shizuishan)
        if not await service.compatible_trades():
            await service.set_compatible_trades(service.CompatibleTradesIn(pairs=COMPATIBLE))

        # Masters: 技术能手 at 技师 or 高级技师, each with a number of places.
        ctx.say(msg.DEMO_PEOPLE, masters=n_masters, apprentices=n_apprentices)
        trades = [trade for trade, count in TRADES.items() for _ in range(count)]
        master_people = [
            _person(rng, org_id=rng.choice(enterprises), trade=trade, level=rng.choice((1, 2, 2)), born=(1962, 1985))
            for trade in (trades if n_masters == len(trades) else sorted(rng.sample(trades, n_masters)))
        ]
        capacities = [rng.choice((1, 2, 2, 2, 2, 3, 3)) for _ in master_people]
        # Apprentices: 青年工人, drawn from the masters' places so every one of them can be paired.
        places = [i for i, cap in enumerate(capacities) for _ in range(cap)]
        rng.shuffle(places)
        teacher = places[:n_apprentices]  # the master (index) whose place each apprentice was drawn from
        apprentice_people = [
            _person(
                rng,
                org_id=master_people[i]["org_id"] if rng.random() < 0.7 else rng.choice(enterprises),
                trade=master_people[i]["trade"],
                level=rng.choice((3, 4, 4, 5, 5, None)),
                born=(1990, 1999),
            )
            for i in teacher
        ]
        ids = await _create_members(rng, seq, master_people + apprentice_people)
        master_ids, apprentice_ids = ids[: len(master_people)], ids[len(master_people) :]

        programme = await service.create_programme(
            service.ProgrammeIn(
                name=PROGRAMME_NAME if shizuishan else "2017 名师带高徒",
                scope_org_id=zone_id,
                term_start=dt.date(2017, 3, 1),
                term_end=dt.date(2017, 12, 31),
                target_pairs=target,
                year=2017,
            )
        )
        candidates = [
            service.CandidateIn(member_id=m, role="master", capacity=None if cap == 2 else cap)
            for m, cap in zip(master_ids, capacities)
        ]
        candidates += [
            service.CandidateIn(
                member_id=a, role="apprentice", preferences=[master_ids[i]] if rng.random() < 0.15 else []
            )
            for a, i in zip(apprentice_ids, teacher)
        ]
        await service.add_candidates(programme.id, service.CandidatesIn(candidates=candidates))

        proposal = await service.propose(programme.id)
        accepted = await service.accept(
            proposal.id,
            service.AcceptIn(
                goals="一年内徒弟掌握本工种核心操作，力争晋升一级职业资格，参加技能竞赛或提交一项“五小”成果"
            ),
        )
        ctx.say(msg.DEMO_AGREEMENTS, agreements=accepted.agreements_created, proposal=proposal.id, target=target)

        # The year's record: notes on many agreements, outcomes on some, a few ended early.
        ids = accepted.agreement_ids
        notes = rng.sample(ids, len(ids) * 150 // 278)
        texts = [
            "师傅示范焊接工艺，徒弟完成练习件",
            "完成设备点检实操",
            "学习安全操作规程并考核合格",
            "参加岗位练兵，技能明显提高",
            "师徒共同攻关一项工艺难题",
        ]
        dates, lines = [], []
        for _ in notes:  # drawn in the order the records were always drawn in, so the dataset stays the same
            dates.append(dt.date(2017, rng.randint(4, 11), rng.randint(1, 28)))
            lines.append(rng.choice(texts))
        c = conn()
        await c.execute(
            "INSERT INTO pairing_progress_note (agreement, noted_on, text, author) "
            "SELECT a, d, t, '高新区总工会' FROM unnest($1::int[], $2::date[], $3::text[]) AS n(a, d, t)",
            notes,
            dates,
            lines,
        )
        # Shizuishan: 17 五小 results won prizes in the city's selection (the article).
        chosen = rng.sample(ids, len(ids) * 120 // 278)
        k = len(chosen)
        innovations, competitions = chosen[: k * 17 // 120], chosen[k * 17 // 120 : k * 40 // 120]
        raised, ended = chosen[k * 40 // 120 : k * 110 // 120], chosen[k * 110 // 120 : k * 113 // 120]
        awards = ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖"]
        year_end = dt.date(2017, 12, 31)
        await c.execute(
            "UPDATE pairing_agreement a SET status = 'completed', ended_on = $3, innovation = i.innovation "
            "FROM unnest($1::int[], $2::text[]) AS i(id, innovation) WHERE a.id = i.id",
            innovations,
            [f"“五小”成果 全市评选{rng.choice(awards)}" for _ in innovations],
            year_end,
        )
        await c.execute(
            "UPDATE pairing_agreement SET status = 'completed', ended_on = $2, "
            "competition_result = '全市职工职业技能大赛获奖' WHERE id = ANY($1::int[])",
            competitions,
            year_end,
        )
        # One level up for those who passed the year-end assessment (from 初级工/uncertified to 中级工 etc.);
        # the members' qualification levels in orgs follow (as `service.record_outcome` does one at a time).
        reached = await c.fetch(
            """UPDATE pairing_agreement SET status = 'completed', ended_on = $2,
                 level_after = CASE WHEN level_before IS NULL THEN 5 ELSE level_before - 1 END
               WHERE id = ANY($1::int[]) AND (level_before IS NULL OR level_before > 1)
               RETURNING apprentice_member_id, level_after""",
            raised,
            year_end,
        )
        await orgs.raise_member_levels(
            {r["apprentice_member_id"]: r["level_after"] for r in reached},
            on=year_end,
            reason="2017 高新区名师带高徒 年终考核晋级",
        )
        await c.execute(
            "UPDATE pairing_agreement SET status = 'ended_early', ended_on = $2, end_reason = $3 "
            "WHERE id = ANY($1::int[])",
            ended,
            dt.date(2017, 9, 30),
            "师傅调离本企业 / the master left the enterprise",
        )
