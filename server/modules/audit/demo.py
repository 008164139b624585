"""Demo data: Wuzhong's 2017 union-fund performance audits, from which the report gives its figures.

The five evaluation standards load from `server/tenants/wuzhong/audit/*.toml` (made-up points, the real
areas and grade bands). The pilot: 吴忠仪表有限责任公司's union (joined to the orgs demo's tree under
利通区总工会 through `orgs.service.create_org` if it is not there) audited first, in spring. Then the
year's plan, its population frozen from the tree (non-public enterprise unions above designated
size), each union noticed 3-10 days before fieldwork, its report forms entered (COPY, all audits
at once), scored through the service with a spread of grades, given opinions, and most rectified
within 30 days, some late, some not at all (overdue), most cases closed by the committee.

Other tenants with `audit` on get the standards only.
"""

from __future__ import annotations

import datetime as dt
import random

from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import messages as msg
from server.modules.audit import service
from server.modules.contract import DemoContext
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.platform.roles import Actor, Role
from server.settings import TENANTS_DIR

YEAR = 2017
PILOT = "吴忠仪表有限责任公司工会"
PILOT_PARENT = "利通区总工会"
# The year's grade mix (a share per grade) and the quality that lands an audit in it.
MIX = (
    ("good", 0.25, (0.93, 0.99)),
    ("fairly_good", 0.35, (0.83, 0.88)),
    ("average", 0.25, (0.73, 0.78)),
    ("poor", 0.15, (0.5, 0.64)),
)
LATE, MISSING = 0.1, 0.06  # rectifications reported late, and not at all


def _standards_dir(slug: str):
    folder = TENANTS_DIR / slug / "audit"
    return folder if folder.is_dir() else TENANTS_DIR / "wuzhong" / "audit"


def _entries(rng: random.Random, standard: service.StandardOut, quality: float, audit_id: int) -> list[tuple]:
    """Two projects per indicator whose data give about `quality` of each part's maximum."""
    rows = []
    for i in standard.indicators:
        f = min(1.0, max(0.3, quality + rng.uniform(-0.06, 0.06)))
        units = max(0, round(8 * f - 4))  # base: 2 projects (a quarter each) and 10k-yuan units (an eighth each)
        reach = round(4 * f * 0.6)  # benefit: hundreds of participants and results, a quarter each
        results = max(0, round(4 * f) - reach)
        honours = round(10 * f)  # bonus: a commendation or a title counts five certificates
        commendations, rest = divmod(honours, 5)
        spend = units * 1_000_000 + rng.randint(0, 900_000)
        split = rng.randint(3, 7) / 10
        people = reach * 100 + rng.randint(0, 99)
        for n in range(2):
            share = split if n == 0 else 1 - split
            rows.append(
                (
                    audit_id,
                    i.form,
                    i.code,
                    f"{i.name}项目{n + 1}",
                    int(spend * share) if n == 0 else spend - int(spend * split),
                    int(people * share) if n == 0 else people - int(people * split),
                    results if n == 0 else 0,
                    commendations if n == 0 else 0,
                    rest if n == 1 else 0,
                    0,
                )
            )
    return rows


async def load(ctx: DemoContext) -> None:
    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:audit")
    admin = Actor(account_id=None, name="demo", role=Role.tenant_admin, tenant=ctx.tenant)
    auditor = Actor(account_id=None, name="吴忠市总工会经审会", role=Role.auditor, tenant=ctx.tenant)
    dataset = ctx.extras.get("dataset", ctx.tenant)
    async with tenant_scope(ctx.tenant):
        if await conn().fetchval("SELECT EXISTS (SELECT 1 FROM audit_standard)"):
            ctx.say(msg.DEMO_SKIPPED)
            return
        standards = [
            await service.load_standard(path.read_bytes(), admin)
            for path in sorted(_standards_dir(dataset).glob("*.toml"))
        ]
        if dataset != "wuzhong":
            return
        main = next(s for s in standards if s.code == "WZ-GRADE")
        pilot = await _pilot_union(admin)
        if pilot is None:
            ctx.say(msg.DEMO_STANDARDS_ONLY)
            return
        plan = await service.create_plan(
            service.PlanIn(YEAR, "2017年工会经费绩效审计试点（吴忠仪表有限责任公司工会）", main.id, [pilot]), admin
        )
        await service.approve_plan(plan.id, admin)
        year = await service.create_plan(
            service.PlanIn(YEAR, "2017年度规模以上非公企业工会经费绩效审计", main.id), admin
        )
        await service.approve_plan(year.id, admin)
        await _run(rng, main, auditor, admin)
        await activity.record("audit.demo.loaded", ctx.tenant, {})


async def _pilot_union(admin: Actor) -> int | None:
    found = await orgs.list_orgs(q=PILOT, type="enterprise_union", limit=1)
    if found.items:
        return found.items[0].id
    parent = await orgs.list_orgs(q=PILOT_PARENT, limit=1)
    if not parent.items:
        return None
    union = await orgs.create_org(
        orgs.OrgIn(
            name=PILOT,
            type="enterprise_union",
            parent_id=parent.items[0].id,
            enterprise_name="吴忠仪表有限责任公司",
            public_sector=False,
            above_scale=True,
            founded_on=dt.date(1998, 6, 1),
        ),
        admin,
    )
    return union.id


async def _run(rng: random.Random, standard: service.StandardOut, auditor: Actor, admin: Actor) -> None:
    c = conn()
    audits = [dict(r) for r in await c.fetch("SELECT id, org_name FROM audit_case ORDER BY id")]
    # audits[0] is the pilot (its plan came first): in spring, a good grade.
    grades: list[tuple[float, float]] = [(0.95, 0.97)]
    for _, share, band in MIX:
        grades += [band] * round(share * (len(audits) - 1))
    while len(grades) < len(audits):
        grades.append(MIX[1][2])
    rest = grades[1 : len(audits)]
    rng.shuffle(rest)
    grades = [grades[0], *rest]
    rows: list[tuple] = []
    days: list[dt.date] = []
    for n, a in enumerate(audits):
        fieldwork = (
            dt.date(YEAR, 3, 13) if n == 0 else dt.date(YEAR, 4, 10) + dt.timedelta(days=(n * 150) // len(audits))
        )
        days.append(fieldwork)
        notice = fieldwork - dt.timedelta(days=7 if n == 0 else rng.randint(3, 10))
        await service.send_notice(a["id"], service.NoticeIn(notice, fieldwork), auditor)
        rows += _entries(rng, standard, rng.uniform(*grades[n]), a["id"])
    await c.copy_records_to_table(
        "audit_entry",
        records=rows,
        columns=[
            "audit",
            "form",
            "indicator",
            "project",
            "spending_fen",
            "participants",
            "results",
            "commendations",
            "certificates",
            "chief_titles",
        ],
    )
    await c.execute("UPDATE audit_case SET stage = 'fieldwork' WHERE stage = 'noticed'")
    for n, a in enumerate(audits):
        await service.score_audit(a["id"], None, auditor)
        opinions_on = days[n] + dt.timedelta(days=rng.randint(10, 20))
        await service.issue_opinions(
            a["id"],
            service.OpinionsIn(opinions_on, "规范工会经费支出审批手续；完善活动档案收集整理；围绕重点工作安排经费。"),
            auditor,
        )
        roll = rng.random() if n else 0.5
        if roll < MISSING:
            continue  # never reported: overdue
        late = roll < MISSING + LATE
        if late:  # the committee chases it before it comes in
            await service.follow_up(
                a["id"], service.FollowUpIn(opinions_on + dt.timedelta(days=31), "逾期未报整改结果，电话督促"), auditor
            )
        rectified_on = opinions_on + dt.timedelta(days=rng.randint(31, 45) if late else rng.randint(10, 28))
        await service.report_rectification(
            a["id"], service.RectificationIn(rectified_on, "已按审计意见完成整改，补齐审批单据和活动档案。"), admin
        )
        if n == 0 or rng.random() < 0.85:
            await service.close_audit(
                a["id"], service.CloseIn(rectified_on + dt.timedelta(days=rng.randint(5, 20))), auditor
            )
