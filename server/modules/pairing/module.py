"""名师带高徒 master-apprentice pairing (pioneered by Shizuishan; every tenant has it).

Rooms: `solver.py` (pure, optimal min-cost max-flow with reasons), `service.py` (rules
and records), `api.py` (routes under `/api/v1/t/{tenant}/pairing/`), `cli.py`
(`saishang pairing propose|programmes`), `demo.py` (Shizuishan's 2017 high-tech zone).

What a client (the TUI) needs for the proposal screen:
  GET  pairing/programmes?year=                       programmes with counts and open_proposal_id
  POST pairing/programmes/{id}/proposals              propose now → ProposalOut
  GET  pairing/programmes/{id}/proposals/latest       the latest ProposalOut (404 before any)
  GET  pairing/proposals/{id}                         summary, pairs (reasons), unpaired (reasons), masters
  POST pairing/proposals/{id}/accept                  {"goals": "...", "apprentice_member_ids": [...]?}
  POST pairing/programmes/{id}/locks | /forbids       {"master_member_id", "apprentice_member_id", "note"}
"""

from server.modules.contract import Module
from server.modules.pairing.api import CONTROLLERS
from server.modules.pairing.cli import app as cli
from server.modules.pairing.demo import load as demo
from server.modules.pairing.service import report

MODULE = Module(
    "pairing",
    "名师带高徒",
    "Master-apprentice pairing",
    shared=True,
    pioneer="shizuishan",
    piccolo_app="server.modules.pairing.piccolo_app",
    controllers=CONTROLLERS,
    report=report,
    demo=demo,
    cli=cli,
)
