"""The yearly figures of the three forms (`GET /reports/voice`, `saishang report voice`),
computed from the records at request time."""

from __future__ import annotations

import datetime as dt

from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs
from server.modules.voice import service

_CHANNEL_NAMES = {
    "telegram": ("Telegram", "Telegram"),
    "api": ("接口", "the API"),
    "tui": ("管理终端", "the admin terminal"),
}

FIGURES = figure_catalogue(
    Figure("complaints", "职工诉求", "Complaints"),
    Figure("demand_orders", "需求订单", "Demand orders"),
    Figure("acceptance_forms", "受理单", "Acceptance forms"),
    Figure("disputes_mediated", "调解纠纷", "Disputes mediated"),
    Figure("difficulties_solved", "解决困难", "Difficulties solved"),
    Figure("wage_arrears_cases", "追讨欠薪案件", "Wage arrears cases"),
    Figure("wage_arrears_workers", "追回欠薪涉及职工", "Workers whose wages were recovered", Unit.person),
    Figure("wage_arrears_recovered_fen", "追回欠薪", "Wage arrears recovered", Unit.fen),
    Figure("on_time_rate", "按期办结率", "Resolved on time", Unit.ratio),
    Figure("median_working_days", "办结用时中位数", "Median time to resolve", Unit.days),
    Figure("average_working_days", "平均办结用时", "Average time to resolve", Unit.days),
    Figure("ratings", "评价", "Ratings"),
    Figure("average_rating", "平均评分", "Average rating", Unit.score),
    *(Figure(f"complaints_{k}", f"{zh}类诉求", f"Complaints: {en}") for k, (zh, en) in service.CATEGORY_NAMES.items()),
    *(
        Figure(f"complaints_via_{k}", f"经{_CHANNEL_NAMES[k][0]}提交的诉求", f"Complaints via {_CHANNEL_NAMES[k][1]}")
        for k in service.CHANNELS
    ),
)

YEARS_SQL = """
SELECT extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS year FROM complaint
UNION SELECT extract(year FROM opened_on)::int FROM acceptance_form
"""


async def report(query: ReportQuery) -> Figures:
    """The year's figures, for the whole tenant or one org's subtree."""
    org_ids = await orgs.subtree_ids(query.org) if query.org is not None else None
    f = await service.figures(dt.date(query.year, 1, 1), dt.date(query.year + 1, 1, 1), org_ids)
    figures: Figures = {
        "complaints": f["complaints"],
        "demand_orders": f["demand_orders"],
        "acceptance_forms": f["acceptance_forms"],
        "disputes_mediated": f["by_outcome"].get("dispute_mediated", 0),
        "difficulties_solved": f["by_outcome"].get("difficulty_solved", 0),
        "wage_arrears_cases": f["wage_arrears_cases"],
        "wage_arrears_workers": f["wage_arrears_workers"],
        "wage_arrears_recovered_fen": f["wage_arrears_recovered_fen"],
        "on_time_rate": f["on_time_rate"],
        "median_working_days": f["median_working_days"],
        "average_working_days": f["average_working_days"],
        "ratings": f["ratings"],
        "average_rating": f["average_rating"],
    }
    for name, n in f["by_category"].items():
        figures[f"complaints_{name}"] = n
    for name, n in f["by_channel"].items():
        figures[f"complaints_via_{name}"] = n
    return figures
