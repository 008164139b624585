"""Demo data: Shizuishan's 2017 relief, paid through the simulated channel.

- 两节送温暖 (holiday relief): 2,602 hardship households, 1,300,000 yuan in all,
  by household size (1-2 people 400 yuan, 3-4 people 500, 5+ people 600);
- 大病救助 (serious-illness relief): 25 approved applications, 100,000 yuan in all.
Both campaigns are approved and paid in this process with the same claim/pay
functions the worker uses, then reconciled against the channel's statement.
A third, 2018's holiday relief for the same households, is left as a draft: the tour
approves it and watches it pay.
Other tenants get a small hardship registry.
"""

from __future__ import annotations

import datetime as dt
import random

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.welfare import accounts as welfare_accounts
from server.modules.welfare import messages as msg
from server.platform.roles import Actor, Role

HOLIDAY_HOUSEHOLDS = 2602
HOLIDAY_FEN = 130_000_000
DRAFT_CAMPAIGN = "2018年两节送温暖"
ILLNESS_PEOPLE = 25
ILLNESS_FEN = 10_000_000
# Household sizes: 300 small (400 yuan), 2,012 middle (500), 290 large (600) = 1,300,000 yuan.
SIZE_MIX = [(2, 300), (3, 1006), (4, 1006), (5, 290)]
BRACKETS: list[tuple[int | None, int]] = [(2, 40_000), (4, 50_000), (None, 60_000)]  # (household size up to, fen)
REASON_POOL = ["illness", "disability", "spouse_unemployed", "single_parent", "disaster", "education", "low_income"]


def _account(rng: random.Random) -> str:
    return "6228" + "".join(str(rng.randrange(10)) for _ in range(15))


def illness_amounts(rng: random.Random, people: int = ILLNESS_PEOPLE, total_fen: int = ILLNESS_FEN) -> list[int]:
    """Amounts in 500-yuan steps between 2,000 and 8,000 yuan that add up to the total exactly."""
    step, lo, hi = 50_000, 200_000, 800_000
    amounts = [total_fen // people] * people
    amounts[-1] += total_fen - sum(amounts)
    for _ in range(200):
        a, b = rng.randrange(people), rng.randrange(people)
        if a != b and amounts[a] + step <= hi and amounts[b] - step >= lo:
            amounts[a] += step
            amounts[b] -= step
    return amounts


async def _members(needed: int, rng: random.Random) -> list[int]:
    """Members to work with: the orgs demo's, or (without it) a small union of our own."""
    from server.modules.orgs import service as orgs

    ids: list[int] = []
    roots = await orgs.list_orgs(roots=True, limit=500)
    for root in roots.items:
        ids += await orgs.member_ids_in(await orgs.subtree_ids(root.id))
    if len(ids) >= needed:
        return sorted(rng.sample(sorted(set(ids)), needed))
    from server.modules.orgs import idcard

    union = (
        roots.items[0]
        if roots.items
        else await orgs.create_org(orgs.OrgIn(name="石嘴山市困难职工帮扶中心工会", type="enterprise_union"))
    )
    surnames, given = "王李张刘陈杨赵黄周吴马孙", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    for n in range(needed - len(ids)):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        gender = rng.choice("MF")
        m = await orgs.create_member(
            orgs.MemberIn(
                name=rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                org_id=union.id,
                id_number=idcard.make("640202", birth, (n % 500) * 2 + (1 if gender == "M" else 0)),
            )
        )
        ids.append(m.id)
    return sorted(ids[:needed])


async def _households(rng: random.Random, member_ids: list[int], sizes: list[int], year: int) -> None:
    from server.modules.orgs import service as orgs

    members = await orgs.get_members(member_ids)
    records = []
    for mid, size in zip(member_ids, sizes):
        filed = dt.datetime(year - 1, 10, 1, 9, tzinfo=dt.UTC) + dt.timedelta(hours=rng.randrange(24 * 90))
        reasons = rng.sample(REASON_POOL, rng.choice([1, 1, 2]))
        records.append(
            (
                mid,
                members[mid].org_id,
                size,
                reasons,
                rng.randrange(300, 1500) * 100,
                welfare_accounts.seal_account(_account(rng)),
                "街道、社区和所在单位出具的困难证明",
                "active",
                filed,
                "demo",
                "demo",
                filed + dt.timedelta(days=7),
                "审核通过",
                (filed + dt.timedelta(days=7)).date(),
                "",
            )
        )
    await conn().copy_records_to_table(
        "hardship_household",
        records=records,
        columns=[
            "member_id",
            "org_id",
            "household_size",
            "reasons",
            "income_per_head_fen",
            "bank_account",
            "evidence",
            "status",
            "filed_at",
            "filed_by",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "active_from",
            "lift_reason",
        ],
    )


async def load(ctx: DemoContext) -> None:
    from server.modules.welfare import disbursement as engine
    from server.modules.welfare import service
    from server.modules.welfare.channels.http import HttpChannel
    from server.modules.welfare.channels.simulated import SimulatedChannelServer

    rng = random.Random(ctx.seed)
    actor = Actor(account_id=None, name="demo", role=Role.tenant_admin, tenant=ctx.tenant)
    if ctx.tenant != "shizuishan" and not ctx.extras.get("welfare_full_demo"):
        async with tenant_scope(ctx.tenant):
            ids = await _members(20, rng)
            await _households(rng, ids, [rng.randint(1, 6) for _ in ids], 2017)
        return
    sizes = [size for size, count in SIZE_MIX for _ in range(count)]
    rng.shuffle(sizes)
    async with tenant_scope(ctx.tenant):
        ids = await _members(HOLIDAY_HOUSEHOLDS, rng)
        await _households(rng, ids, sizes, 2017)
        ctx.say(msg.DEMO_HOUSEHOLDS, households=len(ids))
        holiday = await service.create_campaign(
            service.CampaignIn(
                kind="holiday_relief",
                name="2017年两节送温暖",
                year=2017,
                budget_fen=HOLIDAY_FEN,
                eligibility=service.Eligibility(rule="hardship_households"),
                amount_rule=service.AmountRule(
                    rule="by_household_size", brackets=[service.SizeBracket(up_to, fen) for up_to, fen in BRACKETS]
                ),
                memo="2017两节送温暖",
            ),
            actor,
        )
        illness = await service.create_campaign(
            service.CampaignIn(
                kind="illness_relief",
                name="2017年大病救助",
                year=2017,
                budget_fen=ILLNESS_FEN,
                eligibility=service.Eligibility(rule="applications"),
                amount_rule=service.AmountRule(rule="approved_amount"),
                memo="2017大病救助",
            ),
            actor,
        )
        patients = rng.sample(ids, ILLNESS_PEOPLE)
        stored_accounts = dict(
            await conn().fetch(
                "SELECT member_id, bank_account FROM hardship_household WHERE member_id = ANY($1)", patients
            )
        )
        for mid, fen in zip(patients, illness_amounts(rng)):
            app = await service.submit_application(
                illness.id,
                service.ApplicationIn(
                    member_id=mid,
                    requested_fen=fen + rng.choice([0, 0, 50_000, 100_000]),
                    bank_account=welfare_accounts.open_account(stored_accounts[mid]),
                    reason="重大疾病住院治疗，自付费用高",
                    category="illness",
                ),
                actor,
            )
            await service.decide_application(app.id, service.DecisionIn(approve=True, approved_fen=fen), actor)
        holiday = await service.approve_campaign(holiday.id, actor)
        illness = await service.approve_campaign(illness.id, actor)
        await service.create_campaign(  # left a draft for the tour (report year 2018, not 2017)
            service.CampaignIn(
                kind="holiday_relief",
                name=DRAFT_CAMPAIGN,
                year=2018,
                budget_fen=HOLIDAY_FEN,
                eligibility=service.Eligibility(rule="hardship_households"),
                amount_rule=service.AmountRule(
                    rule="by_household_size", brackets=[service.SizeBracket(up_to, fen) for up_to, fen in BRACKETS]
                ),
                memo="2018两节送温暖",
            ),
            actor,
        )
    settings = ctx.extras.get("settings")
    sim = None
    url = getattr(settings, "payment_channel_url", None)
    if not url:
        sim = SimulatedChannelServer()
        url = await sim.start()
    channel = HttpChannel(url, timeout=30)
    try:
        for c in (holiday, illness):
            assert c.batch_id is not None  # approved above
            done = await engine.pay_until_settled(ctx.tenant, c.batch_id, channel, chunk=500, timeout=120)
            rec = await engine.reconcile(ctx.tenant, c.batch_id, channel)
            reconciled = (msg.DEMO_RECONCILED if rec.ok else msg.DEMO_DIFFERS).render(ctx.lang)
            said = {"campaign": c.name, "paid": done.paid, "total": done.total, "yuan": f"{done.paid_fen / 100:,.2f}"}
            ctx.say(msg.DEMO_PAID, **said, reconciled=reconciled)
    finally:
        await channel.aclose()
        if sim is not None:
            await sim.stop()
