"""名师带高徒 master-apprentice pairing (pioneered by Shizuishan; every tenant has it).
What it owns, its rooms and routes: `README.md` beside this file."""

from server.modules.contract import Module
from server.modules.pairing import messages
from server.modules.pairing.api import CONTROLLERS
from server.modules.pairing.cli import cli
from server.modules.pairing.columns import CODES, COLUMNS
from server.modules.pairing.demo import load
from server.modules.pairing.report import FIGURES, YEARS_SQL, report

MODULE = Module(
    "pairing",
    "名师带高徒",
    "Master-apprentice pairing",
    columns=COLUMNS,
    codes=CODES,
    shared=True,
    pioneer="shizuishan",
    piccolo_app="server.modules.pairing.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    figures=FIGURES,
    report_years=YEARS_SQL,
    demo=load,
    cli=cli,
    messages=messages,
)
