from server.modules.contract import Module
from server.modules.pairing.api import CONTROLLERS
from server.modules.pairing.cli import app as cli
from server.modules.pairing.demo import load as demo
from server.modules.pairing.service import report

MODULE = Module(
    "pairing", "名师带高徒", "Master-apprentice pairing", shared=True, pioneer="shizuishan",
    piccolo_app="server.modules.pairing.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    demo=demo,
    cli=cli,
)
