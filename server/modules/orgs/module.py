from server.modules.contract import Module
from server.modules.orgs import access, messages
from server.modules.orgs.api import CONTROLLERS
from server.modules.orgs.cli import cli, import_app
from server.modules.orgs.columns import CODES, COLUMNS
from server.modules.orgs.demo import load as demo
from server.modules.orgs.jobs import CRON_JOBS, JOBS
from server.modules.orgs.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "orgs",
    "组织与会员",
    "Organisations & members",
    columns=COLUMNS,
    codes=CODES,
    shared=True,
    pioneer="shizuishan",
    piccolo_app="server.modules.orgs.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    demo=demo,
    jobs=JOBS,
    cron_jobs=CRON_JOBS,
    cli=cli,
    cli_groups={"import": import_app},
    messages=messages,
    token_check=access.check_token,
)
