"""Demo data: Xixia's 2017 rotation on 朔方路街道, from which the report gives the article's figures.

The orgs demo gives the street union (朔方路街道工会) its 29 grassroots unions; here the street's
9 community joint unions join the tree (through `orgs.service.create_org`) and two of the
grassroots unions are recorded as a second union of a unit that has one already (27 units). The
system started mid-year: the party-mass activity centre with its five platforms, the street union
chair as rotating chair, five non-public enterprise union chairs as vice chairs, and the roster
from 2017-07-01 (working days counted where tenant.toml asks for official holidays to be respected), published. Each slot has its
monthly work plans, a joint meeting, a major issue and a themed series with activities. The year's
activities: 64 cultural and sports events (2,600+ person-times), 46 trainings (1,500+), 3 tutoring
classes for migrant workers' children, 12 volunteer activities (safety patrols, cleaning), the
skills contest of 800+ construction workers, a health talk, 送清凉 and 送温暖, and worker visits.

Other tenants with `rotation` on get nothing: they set up their own areas.
"""

from __future__ import annotations

import datetime as dt
import random

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.rotation import messages as msg
from server.modules.rotation import service
from server.platform.roles import Actor, Role

YEAR = 2017
STARTED = dt.date(2017, 7, 1)
STREET = "朔方路街道工会"
COMMUNITIES = ["朔方", "怀远", "北京西路", "同心路", "新小线", "文萃", "宁朔", "西花园", "丽子园"]
PLATFORMS = [
    ("活动室", "activity_room", 80),
    ("阅览室", "reading_room", 40),
    ("家风展示长廊", "gallery", None),
    ("康乃馨心灵驿站", "heart_station", 20),
    ("劳动者驿站", "worker_station", 30),
]
THEMES = ["安全生产与技能提升", "关爱职工家庭", "服务外来务工人员"]
SERIES = [
    "安全生产月系列活动",
    "“感恩母亲，共建和谐”家风系列活动",
    "技能大比武系列活动",
    "外来务工人员子女帮教系列活动",
    "冬送温暖系列活动",
]
CULTURAL = [
    "职工趣味运动会",
    "家庭故事分享会",
    "职工书法展",
    "广场舞展演",
    "职工读书会",
    "篮球友谊赛",
    "中秋联欢会",
    "拔河比赛",
]
TRAINING = ["安全生产知识讲座", "消防演练培训", "职业技能培训", "劳动法律知识讲座", "电工技能培训", "家政服务培训"]
VOLUNTEER = ["农民工志愿者义务安全巡逻", "辖区环境卫生清理", "亲情陪伴志愿活动", "自我保护志愿活动"]
VISITS = ["工资拖欠", "劳动合同续签", "工伤认定咨询", "子女入学咨询", "加班费", "社保缴纳"]


def _days(first: dt.date, last: dt.date, n: int, rng: random.Random) -> list[dt.date]:
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


async def load(ctx: DemoContext) -> None:
    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:rotation")
    actor = Actor(account_id=None, name="西夏区工会（演示）", role=Role.tenant_admin, tenant=ctx.tenant)
    async with tenant_scope(ctx.tenant):
        if await conn().fetchval("SELECT EXISTS (SELECT 1 FROM rot_area)"):
            ctx.say(msg.DEMO_SKIPPED)
            return
        if ctx.extras.get("dataset", ctx.tenant) != "xixia":
            return
        streets = (await orgs.list_orgs(type="joint_union", q=STREET, limit=5)).items
        if not streets:
            ctx.say(msg.DEMO_NO_STREET, street=STREET)
            return
        await _xixia(ctx, rng, actor, streets[0])
        await activity.record("rotation.demo.loaded", ctx.tenant, {})


async def _xixia(ctx: DemoContext, rng: random.Random, actor: Actor, street: orgs.OrgOut) -> None:
    unions = [
        o
        for o in (await orgs.list_orgs(parent_id=street.id, type="enterprise_union", limit=500)).items
        if o.closed_on is None
    ]
    # --- the street's tree: 9 community joint unions; 29 unions in 27 units ----------------------
    communities = [
        await orgs.create_org(
            orgs.OrgIn(
                name=f"{c}社区联合工会", type="joint_union", parent_id=street.id, founded_on=dt.date(2012, 5, 1)
            ),
            actor,
        )
        for c in COMMUNITIES
    ]
    for second, first in ((unions[-1], unions[0]), (unions[-2], unions[1])):
        await orgs.update_org(second.id, orgs.OrgPatch(enterprise_name=first.enterprise_name), actor)
    # --- the centre, the chairs, the roster -------------------------------------------------------
    area = await service.create_area(
        service.AreaIn(
            root_org_id=street.id,
            name="朔方路街道",
            centre_name="朔方路街道党群活动中心",
            platforms=[service.PlatformIn(name=n, kind=k, capacity=c) for n, k, c in PLATFORMS],
        ),
        actor,
    )
    platforms = [p.id for p in area.platforms]
    await service.appoint_chair(area.id, service.ChairIn("chair", street.id, "马建华"), actor)
    chosen = [u for u in unions[:-2] if u.public_sector is False][:5]
    chairs = []
    for u in chosen:
        members = await orgs.member_ids_in([u.id])
        person = (await orgs.get_members(members[:1])).get(members[0]) if members else None
        chair = await service.appoint_chair(
            area.id,
            service.ChairIn(
                "vice_chair", u.id, person.name if person else f"{u.name}主席", person.id if person else None
            ),
            actor,
        )
        chairs.append(chair)
    roster = await service.generate_roster(
        area.id, service.RosterIn(year=YEAR, starts_on=STARTED, chair_ids=[c.id for c in chairs]), actor
    )
    roster = await service.publish_roster(roster.id, actor)
    themes = [await service.choose_theme(area.id, service.ThemeIn(YEAR, t), actor) for t in THEMES]
    slots = [s for s in roster.slots if s.role == "vice_chair"]
    union_ids = [u.id for u in unions]
    people = await orgs.member_ids_in(union_ids)
    # --- each slot's work and its series ----------------------------------------------------------
    series_of: dict[int, int] = {}
    for n, s in enumerate(slots):
        month = s.starts_on.replace(day=1)
        while month <= s.ends_on:
            await service.add_work_plan(
                s.id,
                service.WorkPlanIn(
                    month,
                    f"{month:%Y年%m月}轮值工作：{SERIES[n]}",
                    ["召开联席会议", "组织主题活动", "走访辖区企业职工"],
                ),
                actor,
            )
            month = (month + dt.timedelta(days=32)).replace(day=1)
        await service.hold_meeting(
            s.id,
            service.MeetingIn(
                s.starts_on + dt.timedelta(days=3),
                "基层工会工作联席会议",
                rng.sample(union_ids, 12) + [street.id],
                rng.randint(14, 22),
                f"通报轮值安排，部署{SERIES[n]}",
            ),
            actor,
        )
        await service.record_issue(
            s.id,
            service.IssueIn(
                s.starts_on + dt.timedelta(days=10),
                rng.choice(["建筑工地农民工工资拖欠", "企业停产职工安置", "职工集体劳动争议"]),
                "轮值主席协调企业与职工协商解决",
                s.starts_on + dt.timedelta(days=20),
            ),
            actor,
        )
        series = await service.plan_series(s.id, service.SeriesIn(SERIES[n], themes[n % len(themes)].id), actor)
        series_of[s.id] = series.id

    def slot_of(day: dt.date) -> int:
        return next(s.id for s in slots if s.starts_on <= day <= s.ends_on)

    booked: set[tuple[int, dt.date, int]] = set()

    async def held(
        kind: str,
        title: str,
        day: dt.date,
        *,
        heads: int | None = None,
        roster: list[int] | None = None,
        series: bool = False,
    ) -> None:
        platform = rng.choice(platforms) if kind in ("cultural", "training", "tutoring", "health_talk") else None
        organiser = rng.choice(union_ids)
        in_series = series or rng.random() < 0.35
        await service.record_activity(
            service.ActivityIn(
                area_id=area.id,
                kind=kind,
                title=title,
                held_on=day,
                platform_id=platform,
                series_id=series_of[slot_of(day)] if in_series else None,
                organiser_org_id=organiser,
                co_org_ids=rng.sample([u for u in union_ids if u != organiser], rng.randint(0, 3)),
                head_count=heads,
                member_ids=roster or [],
            ),
            actor,
        )
        if platform is not None:
            hour = next(h for h in (9, 14, 19, 7, 21) if (platform, day, h) not in booked)
            booked.add((platform, day, hour))
            start = dt.datetime(day.year, day.month, day.day, hour, tzinfo=service.SHANGHAI)
            await service.book_platform(
                service.BookingIn(platform, start, start + dt.timedelta(hours=2), title, organiser), actor
            )

    end = dt.date(YEAR, 12, 31)
    # every series has at least one activity: each slot's series opens with a cultural event
    for n, s in enumerate(slots):
        await held("cultural", f"{SERIES[n]}启动仪式", s.starts_on + dt.timedelta(days=5), heads=40, series=True)
    for day in _days(STARTED, end, 64 - len(slots), rng):
        await held("cultural", rng.choice(CULTURAL), day, heads=rng.randint(42, 55))
    for day in _days(STARTED, end, 46, rng):
        await held("training", rng.choice(TRAINING), day, roster=rng.sample(people, rng.randint(33, 40)))
    for i, day in enumerate(_days(dt.date(2017, 7, 10), dt.date(2017, 11, 30), 3, rng)):
        await held("tutoring", f"外来务工人员子女学业辅导班（第{i + 1}期）", day, heads=rng.randint(18, 26))
    for day in _days(STARTED, end, 12, rng):
        await held("volunteer", rng.choice(VOLUNTEER), day, heads=rng.randint(10, 30))
    await held(
        "skills_contest", "“岗位大练兵、技术大比武、技能大提高”建筑工人技能大赛", dt.date(2017, 9, 16), heads=826
    )
    await held("health_talk", "“减压前行 快乐生活”心理健康知识讲座", dt.date(2017, 10, 21), heads=45)
    await held("coolness", "夏送清凉", dt.date(2017, 7, 20), heads=300)
    await held("warmth", "冬送温暖", dt.date(2017, 12, 22), heads=120)
    for day in _days(STARTED, end, 24, rng):
        await service.log_visit(
            area.id,
            service.VisitIn(
                day,
                rng.choice(["王", "李", "张", "刘", "马"]) + "师傅",
                rng.choice(VISITS),
                org_id=rng.choice(union_ids),
            ),
            actor,
        )
    said = {
        "unions": len(unions),
        "communities": len(communities),
        "slots": len(slots),
        "activities": 64 + 46 + 3 + 12 + 4,
    }
    ctx.say(msg.DEMO_LOADED, street=STREET, **said)
