"""The yearly figures of the three forms (`GET /reports/voice`, `saishang report voice`),
computed from the records at request time."""

from __future__ import annotations

import datetime as dt

from server.modules.contract import Figures, ReportQuery
from server.modules.orgs import service as orgs
from server.modules.voice import service


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
