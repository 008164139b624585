"""Demo data: Yinchuan's 2017 five-in-one pipeline, from which the report gives the article's figures.

Training: a catalogue in the three categories, a pool of 120 trainers, 160 declared projects
(most approved, some returned or rejected), 7,000 sessions in 2017 (rosters of members for most,
head counts for the rest: 300,000+ person-times, 5 million+ yuan), the evening ones delivered at
the workplace outside working hours, no trainer ever booked twice at once. Drills: 3,050 sessions
in 2,080 enterprises, 260,000+ workers. Competitions: 125 events, 3,100+ enterprises, 260,000+
participants at a 92%+ participation rate. Promotion: 37,000+ members certified by the end of 2017
(new members join the orgs demo's through `orgs.service.create_members`), 3,725 of them at a senior
level through competitions; their levels raised through `orgs.service.raise_member_levels`.
Rewards: the rule of 2014 (made up: 2,000 / 1,000 / 300 yuan) and the revision of 2017-08-01
(3,000 / 2,000 / 500 yuan, from `tenant.toml`), the first 凤城工匠 and 十佳五小 honours, and the
2017 reward run, approved and paid through the simulated channel.

Bulk rows go in by COPY (asyncpg `copy_records_to_table`), never row by row. Other tenants with
`skills` on get the catalogue, the trainers and the rules only.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.skills import messages as msg
from server.modules.skills import service
from server.modules.skills.service.shared import SHANGHAI
from server.platform.roles import Actor, Role

YEAR = 2017
OLDER_RULE = (dt.date(2014, 1, 1), "凤城工匠助推奖励办法（2014年，演示数据）", {1: 200_000, 2: 100_000, 3: 30_000})
REVISED_RULE = (dt.date(2017, 8, 1), "凤城工匠助推奖励办法（2017年8月修订）", {1: 300_000, 2: 200_000, 3: 50_000})
HONOURS = [("凤城工匠", 10, 1_000_000), ("十佳五小", 10, 500_000)]  # title, people, fen each (made up)
COURSES = {
    "general": ["职业道德与工匠精神", "班组长管理能力", "职工心理健康", "沟通与团队协作", "劳动合同与职工权益"],
    "skills": [
        "电工技能提升",
        "焊接工艺实操",
        "数控车床编程",
        "电子商务运营",
        "快递物流仓储管理",
        "软件测试实务",
        "新能源公交车维护",
        "汽车维修技术",
        "家政服务技能",
        "烹饪技能提升",
    ],
    "safety_law": ["安全生产法规", "消防安全与应急处置", "职业病防治", "道路交通安全", "危险化学品安全"],
}
TRADES = ["软件", "电商", "物流", "快递", "新能源公交车", "焊接", "电工", "数控", "餐饮服务", "建筑施工", "家政服务"]
SPECIALITIES = ["安全", "管理", "电工", "焊接", "数控", "电商", "物流", "软件", "法律", "心理"]
WORDS = "银川 宁夏 凤城 贺兰山 黄河 塞上 西夏 兴庆 金凤 永宁 灵武 阅海 宝湖 鸣翠 览山 艾依 滨河 丝路 沙湖 六盘".split()
INDUSTRY = "科技 物流 快递 电商 软件 建设 商贸 能源 机械 食品 交通 服务 装饰 汽车 制药 餐饮 纺织 环保".split()
SUFFIX = ["有限公司", "股份有限公司", "有限责任公司"]
NEW_MEMBERS = 34_600
CERTIFIED = 37_600
SENIOR_VIA_COMPETITION = 3725
# The activity log binds six or seven parameters per member; PostgreSQL takes 32,767 at most.
CHUNK = 4000
MEMBER_REGION = "640100"  # the orgs demo uses the districts' codes; these numbers never collide with them


def _check_char(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def _id_number(n: int) -> tuple[str, str]:
    """The n-th demo ID number (GB 11643, with its check digit) and its gender."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 900)
    seq = n % 900 + 100
    first17 = f"{MEMBER_REGION}{birth:%Y%m%d}{seq:03d}"
    return first17 + _check_char(first17), "M" if seq % 2 else "F"


async def _orgs() -> list[orgs.OrgOut]:
    found: list[orgs.OrgOut] = []
    cursor = None
    while True:
        page = await orgs.list_orgs(type="enterprise_union", limit=500, cursor=cursor)
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


WAITING = [  # declared projects the demo leaves for review: topic, category, trade, heads, budget (yuan), start
    ("跨境电商运营实务培训", "skills", "电商", 60, 48_000, dt.date(2018, 3, 5)),
    ("新能源公交车维修技能培训", "skills", "新能源公交车", 40, 36_000, dt.date(2018, 3, 12)),
    ("快递分拣安全操作与法规", "safety_law", "快递", 120, 30_000, dt.date(2018, 4, 2)),
]


async def _ids(table: str, n: int) -> list[int]:
    rows = await conn().fetch(
        f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))::int AS id FROM generate_series(1, $1)", n
    )
    return [r["id"] for r in rows]


def _rules(config: dict[str, Any]) -> list[tuple[dt.date, str, dict[int, int]]]:
    """The tenant's own rule versions (`[[config.skills.reward_rules]]`, in yuan), else the revision;
    the older rule (made up) stands before them."""
    rules = [OLDER_RULE]
    for r in (config.get("skills") or {}).get("reward_rules") or []:
        day = r["effective_from"]
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        amounts = {lv: int(r[f"level_{lv}_yuan"]) * 100 for lv in range(1, 6) if f"level_{lv}_yuan" in r}
        rules.append((day, r.get("title") or f"凤城工匠助推奖励办法（{day:%Y年%m月}修订）", amounts))
    return rules if len(rules) > 1 else [OLDER_RULE, REVISED_RULE]


async def _basics(
    rng: random.Random, actor: Actor, config: dict[str, Any]
) -> tuple[list[service.CourseOut], list[int]]:
    for day, title, amounts in _rules(config):
        await service.create_rule(
            service.RuleIn(day, title, [service.AmountIn(lv, f) for lv, f in sorted(amounts.items())]), actor
        )
    courses = []
    for category, titles in COURSES.items():
        for title in titles:
            modes = ["classroom", "workplace"] if rng.random() < 0.6 else ["classroom"]
            courses.append(
                await service.create_course(
                    service.CourseIn(
                        title, category, rng.choice([4, 8, 12, 16, 24]), rng.randrange(12, 23) * 100, modes
                    ),
                    actor,
                )
            )
    trainer_ids = await _ids("skill_trainer", 120)
    await conn().copy_records_to_table(
        "skill_trainer",
        columns=["id", "name", "specialities", "level", "rating", "active", "created_at"],
        records=[
            (
                i,
                rng.choice("王李张刘陈杨马周吴赵") + rng.choice(["老师", "工", "师傅", "教授"]) + f"{n + 1:03d}",
                rng.sample(SPECIALITIES, 2),
                rng.choice(["senior", "intermediate", "junior"]),
                None,
                True,
                dt.datetime.now(dt.UTC),
            )
            for n, i in enumerate(trainer_ids)
        ],
    )
    return courses, trainer_ids


def _enterprise_names(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    seen = set(taken)
    while len(names) < n:
        name = rng.choice(WORDS) + rng.choice(WORDS) + rng.choice(INDUSTRY) + rng.choice(SUFFIX)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


async def load(ctx: DemoContext) -> None:
    from server.platform import service as platform

    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:skills")
    actor = Actor(account_id=None, name="demo", role=Role.tenant_admin, tenant=ctx.tenant)
    config = (await platform.get_tenant(ctx.tenant)).config or {}
    dataset = ctx.extras.get("dataset", ctx.tenant)
    async with tenant_scope(ctx.tenant):
        if await conn().fetchval("SELECT EXISTS (SELECT 1 FROM skill_course)"):
            ctx.say(msg.DEMO_SKIPPED)
            return
        courses, trainers = await _basics(rng, actor, config)
        if dataset != "yinchuan":
            return
        await _yinchuan(rng, actor, courses, trainers, ctx)
        await activity.record("skills.demo.loaded", ctx.tenant, {})
    await _pay_rewards(ctx)


async def _yinchuan(
    rng: random.Random, actor: Actor, courses: list[service.CourseOut], trainers: list[int], ctx: DemoContext
) -> None:
    c = conn()
    t0 = time.monotonic()
    unions = await _orgs()
    if not unions:
        ctx.say(msg.DEMO_CATALOGUE_ONLY)
        return
    union_ids = [u.id for u in unions]
    # --- members: enough for 37,000+ certified workers ---------------------------------------
    existing = [r["id"] for r in await c.fetch("SELECT id FROM member ORDER BY id")]  # read-only: whom to certify
    # Certificate holders: every new member (who joins with the level certified) and some of the
    # orgs demo's members (raised through `raise_member_levels` below). Holder h < NEW_MEMBERS is
    # the h-th new member.
    old_holders = rng.sample(existing, CERTIFIED - NEW_MEMBERS)
    shuffled = list(range(CERTIFIED))
    rng.shuffle(shuffled)
    senior_holders = set(shuffled[:SENIOR_VIA_COMPETITION])
    plan: list[tuple[int, int, dt.date, str]] = []
    best_of: dict[int, int] = {}
    for h in range(CERTIFIED):
        issued = dt.date(rng.randint(2010, 2017), rng.randint(1, 12), rng.randint(1, 28))
        if h in senior_holders:
            level, route = rng.choices((1, 2, 3), weights=(5, 25, 70))[0], "competition"
        else:
            level = rng.choices((1, 2, 3, 4, 5), weights=(1, 4, 15, 35, 45))[0]
            route = "exam" if level <= 3 else rng.choice(["exam", "competition"])
        plan.append((h, level, issued, route))
        if level < 5 and rng.random() < 0.07:  # a lower certificate, by exam, years before
            plan.append((h, level + 1, issued - dt.timedelta(days=rng.randint(400, 1500)), "exam"))
        best_of[h] = level
    new = []
    for n in range(NEW_MEMBERS):
        number, gender = _id_number(n)
        new.append(
            orgs.MemberIn(
                name=rng.choice("王李张刘陈杨马周吴赵黄孙朱胡郭何高林罗郑")
                + rng.choice("伟芳娜敏静强磊军洋勇艳杰娟涛明超霞平刚"),
                id_number=number,
                org_id=rng.choice(union_ids),
                gender=gender,
                trade=rng.choice(TRADES),
                level=best_of[n],
                joined_on=dt.date(rng.randint(2005, 2016), rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    new_ids: list[int] = []
    for i in range(0, len(new), CHUNK):
        new_ids += [m.id for m in await orgs.create_members(new[i : i + CHUNK], actor)]
    holder = new_ids + old_holders
    existing += new_ids
    ctx.say(msg.DEMO_MEMBERS, members=NEW_MEMBERS, seconds=f"{time.monotonic() - t0:.1f}")
    org_of = await orgs.member_org_ids(existing)
    # --- working hours, projects, orders ----------------------------------------------------
    await c.copy_records_to_table(
        "skill_shift",
        columns=["org_id", "starts", "ends"],
        records=[(u, dt.time(8, 30), dt.time(17, 30)) for u in union_ids],
    )
    project_ids = await _ids("skill_project", 160)
    states = ["completed"] * 130 + ["returned"] * 12 + ["rejected"] * 8 + ["approved"] * 10
    projects = []
    for pid, state in zip(project_ids, states):
        start = dt.date(YEAR, rng.randint(1, 10), rng.randint(1, 28))
        course = rng.choice(courses)
        projects.append((pid, rng.choice(union_ids), f"{course.title}专题培训", course.category, state, start))
    await c.copy_records_to_table(
        "skill_project",
        columns=[
            "id",
            "org_id",
            "topic",
            "category",
            "target_trade",
            "expected_heads",
            "budget_fen",
            "starts_on",
            "ends_on",
            "state",
            "review_note",
            "declared_by",
            "declared_at",
        ],
        records=[
            (
                pid,
                org,
                topic,
                cat,
                rng.choice(TRADES),
                rng.randint(30, 200),
                rng.randint(20, 200) * 10_000,
                start,
                start + dt.timedelta(days=rng.randint(7, 60)),
                state,
                {"returned": "请细化培训方案后重新申报", "rejected": "与年度培训计划重复"}.get(state, ""),
                "demo",
                dt.datetime(start.year, start.month, 1, tzinfo=SHANGHAI),
            )
            for pid, org, topic, cat, state, start in projects
        ],
    )
    # Left waiting for the federation's review (the TUI's review queue): the first of 2018, outside
    # the 2017 figures and drawing nothing from the seeded generator (the rest stays as it was).
    waiting = await _ids("skill_project", len(WAITING))
    await c.copy_records_to_table(
        "skill_project",
        columns=["id", "org_id", "topic", "category", "target_trade", "expected_heads", "budget_fen", "starts_on",
                 "ends_on", "state", "review_note", "declared_by", "declared_at"],
        records=[
            (pid, union_ids[i], topic, cat, trade, heads, budget_yuan * 100, start, start + dt.timedelta(days=30),
             "declared", "", "demo", dt.datetime(2018, 1, 8, tzinfo=SHANGHAI))
            for i, (pid, (topic, cat, trade, heads, budget_yuan, start)) in enumerate(zip(waiting, WAITING))
        ],
    )  # fmt: skip
    runnable = [p for p in projects if p[4] in ("approved", "completed")]
    order_ids = await _ids("skill_order", 100)
    order_org = {o: rng.choice(union_ids) for o in order_ids}
    await c.copy_records_to_table(
        "skill_order",
        columns=["id", "org_id", "note", "created_by", "created_at"],
        records=[
            (o, org, "订单式课程", "demo", dt.datetime(YEAR, 2, 1, tzinfo=SHANGHAI)) for o, org in order_org.items()
        ],
    )
    await c.copy_records_to_table(
        "skill_order_line",
        columns=["order_id", "course_id", "heads", "wanted_on"],
        records=[
            (o, course.id, rng.randint(20, 80), dt.date(YEAR, rng.randint(3, 11), rng.randint(1, 28)))
            for o in order_ids
            for course in rng.sample(courses, 3)
        ],
    )
    # --- sessions: each trainer's slots never overlap; rosters or head counts ----------------
    session_ids = await _ids("skill_session", 7000)
    sessions, attendance = [], []
    person_times = spent = 0
    workplace_courses = [k for k in courses if "workplace" in k.modes]
    for n, sid in enumerate(session_ids):
        trainer = trainers[n % len(trainers)]
        slot = n // len(trainers)  # the trainer's slot-th session: its own day, so never two at once
        day = dt.date(YEAR, 1, 3) + dt.timedelta(days=slot * 6 + (n % len(trainers)) % 6)
        evening = rng.random() < 0.25
        course = rng.choice(workplace_courses if evening else courses)
        hours = (18, 20) if evening else rng.choice([(9, 12), (14, 17)])
        if rng.random() < 0.3 and runnable:
            p = rng.choice(runnable)
            org, project, order = p[1], p[0], None
        else:
            order = rng.choice(order_ids)
            org, project = order_org[order], None
        roster = rng.random() < 0.72
        heads = rng.randint(30, 70) if roster else rng.randint(20, 50)
        cost = heads * course.price_fen
        person_times += heads
        spent += cost
        sessions.append(
            (
                sid,
                org,
                course.id,
                project,
                order,
                trainer,
                dt.datetime(day.year, day.month, day.day, hours[0], tzinfo=SHANGHAI),
                dt.datetime(day.year, day.month, day.day, hours[1], tzinfo=SHANGHAI),
                "workplace" if evening else "classroom",
                "企业职工之家" if evening else "市总职工培训中心",
                cost,
                None if roster else heads,
                "scheduled",
                dt.datetime(YEAR, 1, 1, tzinfo=SHANGHAI),
            )
        )
        if roster:
            for m in rng.sample(existing, heads):
                attendance.append((sid, m, rng.choice((None, 3, 4, 4, 5, 5)), ""))
    await c.copy_records_to_table(
        "skill_session",
        columns=[
            "id",
            "org_id",
            "course_id",
            "project_id",
            "order_id",
            "trainer_id",
            "starts_at",
            "ends_at",
            "mode",
            "place",
            "cost_fen",
            "head_count",
            "state",
            "created_at",
        ],
        records=sessions,
    )
    await c.copy_records_to_table(
        "skill_attendance", columns=["session_id", "member_id", "rating", "feedback"], records=attendance
    )
    await service.catalogue.refresh_ratings(trainers)
    said = {"sessions": len(sessions), "rostered": len(attendance), "person_times": person_times}
    ctx.say(msg.DEMO_SESSIONS, **said, yuan=f"{spent / 100:,.0f}", seconds=f"{time.monotonic() - t0:.1f}")
    # --- drills and competitions -------------------------------------------------------------
    real = {u.enterprise_name or u.name: u.id for u in unions}
    pool = list(real) + _enterprise_names(rng, 3300 - len(real), set(real))
    drill_enterprises = pool[:2080]
    drills = [(e, real.get(e)) for e in drill_enterprises] + [
        (e, real.get(e)) for e in rng.choices(drill_enterprises, k=3050 - len(drill_enterprises))
    ]
    await c.copy_records_to_table(
        "skill_drill",
        columns=["org_id", "enterprise", "trade", "held_on", "participants"],
        records=[
            (org, e, rng.choice(TRADES), dt.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)), rng.randint(60, 115))
            for e, org in drills
        ],
    )
    competition_ids = await _ids("skill_competition", 125)
    themes = ["卓越争先", "喜迎自治区第十二次党代会", "喜迎党的十九大"]
    kinds = ["five_one", "double_excellence", "five_small", "skills_contest"]
    comps = []
    for n, cid in enumerate(competition_ids):
        start = dt.date(YEAR, rng.randint(1, 11), rng.randint(1, 28))
        kind = kinds[n % 4]
        comps.append(
            (
                cid,
                f"2017年{rng.choice(TRADES)}{dict(five_one='五比一创劳动竞赛', double_excellence='创双优竞赛', five_small='五小竞赛', skills_contest='职业技能大赛')[kind]}（第{n + 1}场）",
                themes[n % 3],
                kind,
                rng.choice(["city", "city", "city", "region"]),
                start,
                start + dt.timedelta(days=rng.randint(1, 30)),
                dt.datetime(YEAR, 1, 1, tzinfo=SHANGHAI),
            )
        )
    await c.copy_records_to_table(
        "skill_competition",
        columns=["id", "title", "theme", "kind", "level", "starts_on", "ends_on", "created_at"],
        records=comps,
    )
    entrants = pool[:3150]
    rng.shuffle(entrants)
    entries = []
    for i, cid in enumerate(competition_ids):  # every entrant once, then some take part twice
        chunk = entrants[i * len(entrants) // 125 : (i + 1) * len(entrants) // 125]
        extra = [e for e in rng.sample(pool, 3) if e not in chunk]
        for e in chunk + extra:
            took = rng.randint(55, 110)
            entries.append((cid, e, real.get(e), round(took / rng.uniform(0.925, 0.965)) + 1, took))
    await c.copy_records_to_table(
        "skill_competition_entry",
        columns=["competition_id", "enterprise", "org_id", "eligible", "participants"],
        records=entries,
    )
    contests = [cid for cid, *_rest in comps if _rest[2] == "skills_contest"]
    winners = rng.sample(existing, 3 * len(contests))
    await c.copy_records_to_table(
        "skill_competition_result",
        columns=["competition_id", "member_id", "org_id", "rank", "prize"],
        records=[
            (cid, winners[3 * i + r], org_of[winners[3 * i + r]], r + 1, ["一等奖", "二等奖", "三等奖"][r])
            for i, cid in enumerate(contests)
            for r in range(3)
        ],
    )
    await c.copy_records_to_table(
        "skill_recommendation",
        columns=["member_id", "org_id", "level", "contest", "recommended_on"],
        records=[
            (
                m,
                org_of[m],
                "national" if i < 20 else "region",
                "全国职业技能大赛" if i < 20 else "宁夏职业技能大赛",
                dt.date(YEAR, rng.randint(4, 10), 1),
            )
            for i, m in enumerate(winners[:200])
        ],
    )
    # --- certificates ------------------------------------------------------------------------
    certs = [(holder[h], level, issued, route) for h, level, issued, route in plan]
    seniors = {holder[h] for h in senior_holders}
    await c.copy_records_to_table(
        "skill_certificate",
        columns=[
            "number",
            "member_id",
            "org_id",
            "level",
            "issued_on",
            "route",
            "issuer",
            "competition_id",
            "bank_account",
            "created_at",
        ],
        records=[
            (
                f"YC{issued:%Y}{n:06d}",
                m,
                org_of[m],
                level,
                issued,
                route,
                "宁夏回族自治区职业技能鉴定指导中心",
                rng.choice(contests) if route == "competition" and issued.year == YEAR else None,
                f"6228{m:012d}" if issued.year == YEAR and level <= 3 else None,
                dt.datetime.now(dt.UTC),
            )
            for n, (m, level, issued, route) in enumerate(certs)
        ],
    )
    best = {holder[h]: level for h, level in best_of.items() if h >= NEW_MEMBERS}
    raised: list[int] = []
    ordered = sorted(best)
    for i in range(0, len(ordered), CHUNK):
        raised += await orgs.raise_member_levels(
            {m: best[m] for m in ordered[i : i + CHUNK]},
            on=dt.date(YEAR, 12, 31),
            reason="职业资格证书（演示数据）",
            actor=actor,
        )
    said = {"certificates": len(certs), "holders": len(holder), "raised": len(raised)}
    ctx.say(msg.DEMO_CERTIFICATES, **said, seconds=f"{time.monotonic() - t0:.1f}")
    # --- honours and the 2017 reward run -----------------------------------------------------
    people = rng.sample(list(seniors), sum(n for _, n, _ in HONOURS))
    for title, n, fen in HONOURS:
        for m in people[:n]:
            await service.award_honour(service.HonourIn(title, m, dt.date(YEAR, 12, 20), fen, f"6228{m:012d}"), actor)
        people = people[n:]
    run = await service.create_run(service.RunIn(year=YEAR), actor)
    await service.approve_run(run.id, actor)
    for table in ("skill_session", "skill_attendance", "skill_certificate", "skill_drill", "skill_competition_entry"):
        await c.execute(f"ANALYZE {table}")


async def _pay_rewards(ctx: DemoContext) -> None:
    """Pay the approved run through the simulated channel (started here unless one is configured)."""
    from server.modules.welfare import disbursement
    from server.modules.welfare.channels.http import HttpChannel
    from server.modules.welfare.channels.simulated import SimulatedChannelServer

    async with tenant_scope(ctx.tenant):
        runs = (await service.list_runs(year=YEAR, limit=10)).items
    batch_ids = [r.batch_id for r in runs if r.batch_id is not None]
    if not batch_ids:
        return
    url = getattr(ctx.extras.get("settings"), "payment_channel_url", None)
    sim = None
    if not url:
        sim = SimulatedChannelServer()
        url = await sim.start()
    channel = HttpChannel(url, timeout=30)
    try:
        for batch_id in batch_ids:
            done = await disbursement.pay_until_settled(ctx.tenant, batch_id, channel, chunk=500, timeout=120)
            rec = await disbursement.reconcile(ctx.tenant, batch_id, channel)
            reconciled = (msg.DEMO_RECONCILED if rec.ok else msg.DEMO_DIFFERS).render(ctx.lang)
            yuan = f"{done.paid_fen / 100:,.2f}"
            ctx.say(msg.DEMO_REWARDS_PAID, paid=done.paid, total=done.total, yuan=yuan, reconciled=reconciled)
    finally:
        await channel.aclose()
        if sim is not None:
            await sim.stop()
