"""Qingtongxia's 2017 three forms as demo data (`saishang demo`).

The article: 836 workers' service menus (complaints), 83 enterprise demand
orders, 16 union service acceptance forms; 149 disputes mediated, 46 practical
difficulties solved, 4 wage-arrears cases recovering 54,560 yuan for 98
migrant workers. The records below are shaped so that `report()` computes
exactly those figures; nothing stores them. Bulk inserts (binary COPY) with explicit
ids (then the sequences are moved past them), seeded randomness.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.core import calendar as workcal
from server.modules.orgs import service as orgs
from server.modules.voice import messages as msg

YEAR = 2017
TZ = dt.timezone(dt.timedelta(hours=8))
COMPLAINTS = 836
ORDERS = 83
FORMS = 16
# Four wage-arrears cases: workers per case and yuan recovered (98 workers, 54,560 yuan).
ARREARS = [(31, 1_820_000), (27, 1_536_000), (22, 1_250_000), (18, 850_000)]
# Twelve other forms, three complaints each: 8 mediated disputes, 4 practical difficulties.
OTHER_FORMS = ["dispute_mediated"] * 8 + ["difficulty_solved"] * 4
PER_OTHER_FORM = 3
ORDERS_WITHOUT_FORM_SIZE = 2
DISPUTES, DIFFICULTIES = 149, 46
ENTERPRISE_ADVICE = 300  # answered by the enterprise union with advice or an explanation

ENTERPRISES = [
    "青铜峡水泥股份有限公司工会",
    "青铜峡铝业股份有限公司工会",
    "宁夏大坝发电有限责任公司工会",
    "青铜峡市供热有限公司工会",
    "青铜峡市建筑安装工程有限公司工会",
    "青铜峡市恒达纸业有限公司工会",
    "宁夏青铜峡枸杞产业有限公司工会",
    "青铜峡市商贸物流园联合工会",
]

TEXTS = {
    "wages": ["工资发放推迟半个月", "绩效工资计算不清楚", "加班费未按规定计发", "年底工资拖欠"],
    "overtime": ["连续加班休息不足", "节假日加班未安排调休", "倒班安排不合理"],
    "safety": ["车间粉尘大，防护口罩不够", "设备防护栏松动", "高温岗位缺少防暑用品"],
    "canteen_dormitory": ["食堂饭菜价格偏高", "宿舍热水供应不足", "宿舍空调损坏未修"],
    "contract": ["劳动合同到期未续签", "试用期过长", "社保缴费基数偏低"],
    "training": ["希望参加焊工技能培训", "想考电工证", "希望开展安全培训"],
    "other": ["希望建职工书屋", "通勤班车太少", "子女入学咨询"],
}
CATEGORY_WEIGHTS = {
    "wages": 22,
    "overtime": 14,
    "safety": 16,
    "canteen_dormitory": 18,
    "contract": 10,
    "training": 12,
    "other": 8,
}
ARREARS_TEXT = "包工头拖欠农民工工资，多次讨要未果"


def _when(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    return dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), TZ)


async def _enterprise_unions(ctx: DemoContext) -> list[int]:
    """Enterprise unions from the orgs demo when loaded; else a few Qingtongxia ones."""
    page = await orgs.list_orgs(type="enterprise_union", limit=500)
    if page.items:
        return [o.id for o in page.items]
    roots = await orgs.list_orgs(type="city_federation", limit=1)
    root = (
        roots.items[0].id
        if roots.items
        else (await orgs.create_org(orgs.OrgIn(name="青铜峡市总工会", type="city_federation"))).id
    )
    ids = []
    for name in ENTERPRISES:
        ids.append(
            (
                await orgs.create_org(
                    orgs.OrgIn(
                        name=name,
                        type="enterprise_union",
                        parent_id=root,
                        enterprise_name=name.removesuffix("工会"),
                        public_sector=False,
                    )
                )
            ).id
        )
    return ids


async def _next_id(table: str) -> int:
    return await conn().fetchval(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 (fixed names)


async def _move_sequence(table: str) -> None:
    await conn().execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


async def _copy(table: str, rows: list[dict[str, Any]]) -> None:
    """One binary COPY for all the rows of a table (they all have the same keys)."""
    if rows:
        columns = list(rows[0])
        await conn().copy_records_to_table(table, records=[tuple(r[c] for c in columns) for r in rows], columns=columns)


async def load(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed)
    async with tenant_scope(ctx.tenant):
        unions = await _enterprise_unions(ctx)
        # The three forms came from a few dozen enterprises; their workers file them.
        unions = sorted(rng.sample(unions, min(len(unions), 40)))
        members_by_org = {u: await orgs.member_ids_in([u]) for u in unions}
        cal = await workcal.calendar()
        c_id, o_id, f_id = (
            await _next_id("complaint"),
            await _next_id("demand_order"),
            await _next_id("acceptance_form"),
        )
        complaints: list[dict[str, Any]] = []
        orders: list[dict[str, Any]] = []
        forms: list[dict[str, Any]] = []
        used_members: set[int] = set()

        def complaint(
            org: int,
            created: dt.datetime,
            *,
            category: str | None = None,
            text: str | None = None,
            distinct_worker: bool = False,
        ) -> dict[str, Any]:
            nonlocal c_id
            category = category or rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
            pool = [m for m in members_by_org.get(org, []) if not (distinct_worker and m in used_members)]
            member = rng.choice(pool) if pool and rng.random() < 0.7 else None
            if member is not None and distinct_worker:
                used_members.add(member)
            channel = "tui" if member is None else rng.choices(["tui", "api", "telegram"], weights=[40, 35, 25])[0]
            row = dict(
                id=c_id,
                ref=f"C{YEAR}-{c_id:05d}",
                member_id=member,
                org_id=org,
                category=category,
                text=text or rng.choice(TEXTS[category]),
                anonymous=member is None or rng.random() < 0.15,
                channel=channel,
                status="submitted",
                order=None,
                answer="",
                outcome="",
                resolved_level="",
                created_at=created,
                resolved_at=None,
                rating=None,
                rating_comment="",
                rated_at=None,
            )
            c_id += 1
            complaints.append(row)
            return row

        def order(org: int, created: dt.datetime, title: str) -> dict[str, Any]:
            nonlocal o_id
            row = dict(
                id=o_id,
                ref=f"D{YEAR}-{o_id:05d}",
                org_id=org,
                title=title,
                summary="",
                status="submitted",
                created_by="企业工会",
                created_at=created,
                resolved_at=None,
            )
            o_id += 1
            orders.append(row)
            return row

        def resolve(row: dict[str, Any], when: dt.datetime, outcome: str, answer: str, level: str) -> None:
            row.update(status="resolved", outcome=outcome, answer=answer, resolved_level=level, resolved_at=when)
            if row["member_id"] is not None and rng.random() < 0.4:
                row.update(
                    rating=rng.choices([3, 4, 5], weights=[1, 3, 6])[0],
                    rated_at=when + dt.timedelta(days=rng.randrange(1, 5)),
                )

        def form(
            order_row: dict[str, Any],
            linked: list[dict[str, Any]],
            opened: dt.date,
            outcome: str,
            resolution: str,
            recovered: int,
            late: bool,
        ) -> None:
            nonlocal f_id
            due = cal.add_working_days(opened, 7)
            took = 8 if late else rng.randrange(3, 8)
            resolved_on = cal.add_working_days(opened, took).due
            forms.append(
                dict(
                    id=f_id,
                    ref=f"F{YEAR}-{f_id:05d}",
                    order=order_row["id"],
                    officer_account_id=None,
                    officer_name=rng.choice(["马学礼", "闫琪", "王海燕", "李建国"]),
                    opened_on=opened,
                    working_days=7,
                    due_on=due.due,
                    provisional=due.provisional,
                    status="resolved",
                    resolved_on=resolved_on,
                    resolution=resolution,
                    outcome=outcome,
                    recovered_fen=recovered,
                    opened_by="青铜峡市总工会",
                )
            )
            f_id += 1
            when = dt.datetime.combine(resolved_on, dt.time(16, 0), TZ)
            order_row.update(status="resolved", resolved_at=when)
            for c in linked:
                c.update(order=order_row["id"])
                resolve(c, when, outcome, resolution, "federation")

        # 1. four wage-arrears cases: 98 migrant workers, each their own complaint
        late_forms = {5, 11}  # two of the sixteen forms ran past their deadline
        n_form = 0
        for workers, recovered in ARREARS:
            org = rng.choice(unions)
            opened_month = rng.randrange(3, 12)
            created = [
                _when(rng, dt.date(YEAR, opened_month, 1), dt.date(YEAR, opened_month, 10)) for _ in range(workers)
            ]
            linked = [complaint(org, t, category="wages", text=ARREARS_TEXT, distinct_worker=True) for t in created]
            o = order(org, max(created) + dt.timedelta(days=1), "农民工追讨欠薪")
            form(
                o,
                linked,
                (max(created) + dt.timedelta(days=3)).date(),
                "wage_arrears_recovered",
                f"协调用工单位与包工头，为{workers}名农民工追回欠薪",
                recovered,
                n_form in late_forms,
            )
            n_form += 1
        # 2. twelve other forms, three complaints each
        for outcome in OTHER_FORMS:
            org = rng.choice(unions)
            start = _when(rng, dt.date(YEAR, 1, 9), dt.date(YEAR, 11, 30))
            linked = [complaint(org, start + dt.timedelta(days=i)) for i in range(PER_OTHER_FORM)]
            o = order(org, start + dt.timedelta(days=PER_OTHER_FORM), "职工集中诉求")
            text = (
                "经市总工会协调，劳资双方达成调解协议"
                if outcome == "dispute_mediated"
                else "市总工会协调解决职工实际困难"
            )
            form(
                o,
                linked,
                (start + dt.timedelta(days=PER_OTHER_FORM + 1)).date(),
                outcome,
                text,
                0,
                n_form in late_forms,
            )
            n_form += 1
        # 3. the other demand orders, not (yet) taken on by the federation
        for _ in range(ORDERS - FORMS):
            org = rng.choice(unions)
            start = _when(rng, dt.date(YEAR, 1, 9), dt.date(YEAR, 12, 20))
            linked = [complaint(org, start + dt.timedelta(hours=i)) for i in range(ORDERS_WITHOUT_FORM_SIZE)]
            o = order(org, start + dt.timedelta(days=1), "企业服务需求订单")
            for c in linked:
                c.update(order=o["id"], status="ordered")
        # 4. answered by the enterprise union itself
        answered = (
            [("dispute_mediated", "企业工会调解，双方达成一致")] * (DISPUTES - 8 * PER_OTHER_FORM)
            + [("difficulty_solved", "企业工会协调解决")] * (DIFFICULTIES - 4 * PER_OTHER_FORM)
            + [("advice_given", "已答复并提供政策咨询")] * ENTERPRISE_ADVICE
        )
        for outcome, answer in answered:
            c = complaint(rng.choice(unions), _when(rng, dt.date(YEAR, 1, 3), dt.date(YEAR, 12, 10)))
            resolve(c, c["created_at"] + dt.timedelta(days=rng.randrange(1, 10)), outcome, answer, "enterprise")
        # 5. the rest is still waiting at the enterprise union at the year's end
        while len(complaints) < COMPLAINTS:
            complaint(rng.choice(unions), _when(rng, dt.date(YEAR, 11, 1), dt.date(YEAR, 12, 29)))

        steps: list[dict[str, Any]] = []

        def step(complaint: int, at: dt.datetime, status: str, note: str = "") -> None:
            steps.append({"complaint": complaint, "at": at, "status": status, "note": note})

        for c in complaints:
            step(c["id"], c["created_at"], "submitted", c["channel"])
            if c["order"] is not None:
                step(c["id"], c["created_at"] + dt.timedelta(days=1), "ordered")
            if c["status"] == "resolved":
                step(c["id"], c["resolved_at"], "resolved", c["resolved_level"])
        await _copy("demand_order", orders)
        await _copy("acceptance_form", forms)
        await _copy("complaint", complaints)
        await _copy("complaint_step", steps)
        for table in ("complaint", "demand_order", "acceptance_form"):
            await _move_sequence(table)
        ctx.say(msg.DEMO_LOADED, complaints=len(complaints), orders=len(orders), forms=len(forms))
