"""经费绩效审计 Wuzhong's union-fund performance audit."""

from server.modules.audit import messages
from server.modules.audit.api import CONTROLLERS
from server.modules.audit.cli import cli
from server.modules.audit.columns import CODES, COLUMNS
from server.modules.audit.demo import load as demo
from server.modules.audit.jobs import CRON_JOBS, JOBS
from server.modules.audit.report import FIGURES, YEARS_SQL, report
from server.modules.contract import Module

MODULE = Module(
    "audit",
    "经费绩效审计",
    "Union-fund performance audit",
    columns=COLUMNS,
    codes=CODES,
    pioneer="wuzhong",
    piccolo_app="server.modules.audit.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    messages=messages,
)
