"""The welfare report: the yearly figures, computed from the records at request time.

For the whole tenant or one org's subtree (`?org=`, as of `as_of`): campaigns and budgets,
people and fen paid by kind (送温暖 households, 大病救助 people), payouts by state, payouts
paid twice (`duplicated_payouts`, which must be 0), reconciliation differences, applications
and the hardship registry (filed, active at the year's end, lifted)."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs

FIGURES = figure_catalogue(
    Figure("campaigns", "救助活动", "Relief campaigns"),
    Figure("campaigns_approved", "已批准的救助活动", "Campaigns approved"),
    Figure("budget_fen", "预算金额", "Budget", Unit.fen),
    Figure("holiday_relief_households", "送温暖户数", "Households given holiday relief"),
    Figure("holiday_relief_fen", "送温暖金额", "Holiday relief paid", Unit.fen),
    Figure("illness_relief_people", "大病救助人数", "People given illness relief", Unit.person),
    Figure("illness_relief_fen", "大病救助金额", "Illness relief paid", Unit.fen),
    Figure("other_relief_people", "其他救助人数", "People given other relief", Unit.person),
    Figure("other_relief_fen", "其他救助金额", "Other relief paid", Unit.fen),
    Figure("paid_fen", "救助金额", "Relief paid", Unit.fen),
    Figure("payouts_paid", "已发放笔数", "Payouts paid"),
    Figure("payouts_failed", "发放失败笔数", "Payouts failed"),
    Figure("payouts_unknown", "结果待查笔数", "Payouts of unknown outcome"),
    Figure("payouts_open", "未完成笔数", "Payouts still open"),
    Figure("duplicated_payouts", "重复发放笔数", "Payouts paid twice"),
    Figure("reconciled_batches", "已对账批次", "Batches reconciled"),
    Figure("reconciliation_differences", "对账差异", "Reconciliation differences"),
    Figure("applications", "救助申请", "Applications"),
    Figure("applications_approved", "已批准的申请", "Applications approved"),
    Figure("hardship_households_filed", "新建档困难职工户", "Hardship households registered"),
    Figure("hardship_households_active", "在档困难职工户", "Hardship households on the registry"),
    Figure("hardship_households_lifted", "脱困户数", "Hardship households lifted out"),
)

# The years a campaign ran or a hardship household was registered or lifted.
YEARS_SQL = """
SELECT year FROM relief_campaign
UNION SELECT extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai')::int FROM hardship_household
UNION SELECT extract(year FROM lifted_on)::int FROM hardship_household WHERE lifted_on IS NOT NULL
"""


async def report(query: ReportQuery) -> Figures:
    return await figures(query.year, query.org, query.as_of)


async def figures(year: int, org: int | None = None, as_of: dt.date | None = None) -> Figures:
    """The welfare figures of a year, from the records (and for an org subtree when given)."""
    org_ids = await orgs.subtree_ids(org, as_of) if org is not None else None
    c = conn()
    paid = await c.fetch(
        "SELECT k.kind, count(DISTINCT p.beneficiary)::int AS people, coalesce(sum(p.amount_fen), 0)::bigint AS fen "
        "FROM payout p JOIN relief_campaign k ON k.batch_id = p.batch "
        "WHERE k.year = $1 AND p.state = 'paid' AND ($2::int[] IS NULL OR p.org_id = ANY($2)) GROUP BY k.kind",
        year,
        org_ids,
    )
    by = {r["kind"]: r for r in paid}
    states = await c.fetch(
        "SELECT p.state, count(*)::int AS n FROM payout p JOIN relief_campaign k ON k.batch_id = p.batch "
        "WHERE k.year = $1 AND ($2::int[] IS NULL OR p.org_id = ANY($2)) GROUP BY p.state",
        year,
        org_ids,
    )
    st = {r["state"]: r["n"] for r in states}
    # Two paid payouts to one beneficiary of one campaign (the constraint forbids it), plus
    # references the channel applied more than once, as the last reconciliation found.
    dup_ledger = await c.fetchval(
        "SELECT count(*)::int FROM (SELECT p.batch, p.beneficiary FROM payout p "
        "JOIN relief_campaign k ON k.batch_id = p.batch WHERE k.year = $1 AND p.state = 'paid' "
        "GROUP BY p.batch, p.beneficiary HAVING count(*) > 1) d",
        year,
    )
    rec = await c.fetchrow(
        "SELECT coalesce(sum(r.duplicated), 0)::int AS dup, coalesce(sum(jsonb_array_length(r.differences)), 0)::int "
        "AS diffs, count(*)::int AS n FROM relief_campaign k JOIN LATERAL (SELECT duplicated, differences FROM "
        "payout_reconciliation WHERE batch = k.batch_id ORDER BY id DESC LIMIT 1) r ON true WHERE k.year = $1",
        year,
    )
    camp = await c.fetchrow(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'approved')::int AS approved, "
        "coalesce(sum(budget_fen), 0)::bigint AS budget FROM relief_campaign WHERE year = $1",
        year,
    )
    end = dt.date(year, 12, 31)
    hh = await c.fetchrow(
        "SELECT count(*) FILTER (WHERE extract(year FROM filed_at AT TIME ZONE 'Asia/Shanghai') = $1)::int AS filed, "
        "count(*) FILTER (WHERE active_from <= $2 AND (lifted_on IS NULL OR lifted_on > $2))::int AS active, "
        "count(*) FILTER (WHERE extract(year FROM lifted_on) = $1)::int AS lifted "
        "FROM hardship_household WHERE ($3::int[] IS NULL OR org_id = ANY($3))",
        year,
        end,
        org_ids,
    )
    apps = await c.fetchrow(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE a.status = 'approved')::int AS approved "
        "FROM relief_application a JOIN relief_campaign k ON k.id = a.campaign WHERE k.year = $1 "
        "AND ($2::int[] IS NULL OR a.org_id = ANY($2))",
        year,
        org_ids,
    )

    def people(kind: str) -> int:
        return by[kind]["people"] if kind in by else 0

    def fen(kind: str) -> int:
        return int(by[kind]["fen"]) if kind in by else 0

    return {
        "campaigns": camp["n"],
        "campaigns_approved": camp["approved"],
        "budget_fen": int(camp["budget"]),
        "holiday_relief_households": people("holiday_relief"),
        "holiday_relief_fen": fen("holiday_relief"),
        "illness_relief_people": people("illness_relief"),
        "illness_relief_fen": fen("illness_relief"),
        "other_relief_people": people("other"),
        "other_relief_fen": fen("other"),
        "paid_fen": sum(int(r["fen"]) for r in paid),
        "payouts_paid": st.get("paid", 0),
        "payouts_failed": st.get("failed", 0),
        "payouts_unknown": st.get("unknown", 0),
        "payouts_open": st.get("pending", 0) + st.get("sending", 0) + st.get("unknown", 0),
        "duplicated_payouts": dup_ledger + rec["dup"],
        "reconciled_batches": rec["n"],
        "reconciliation_differences": rec["diffs"],
        "applications": apps["n"],
        "applications_approved": apps["approved"],
        "hardship_households_filed": hh["filed"],
        "hardship_households_active": hh["active"],
        "hardship_households_lifted": hh["lifted"],
    }
