"""经费绩效审计 Wuzhong's union-fund performance audit."""

from server.modules.audit import messages
from server.modules.audit.api import CONTROLLERS
from server.modules.audit.cli import cli
from server.modules.audit.demo import load as demo
from server.modules.audit.jobs import CRON_JOBS, JOBS
from server.modules.audit.report import report
from server.modules.contract import Module

MODULE = Module(
    "audit",
    "经费绩效审计",
    "Union-fund performance audit",
    pioneer="wuzhong",
    piccolo_app="server.modules.audit.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    report_not_summed=frozenset(
        {"areas", "standards", "report_form_kinds"}
    ),  # distinct kinds a tenant keeps, not records
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    messages=messages,
)
