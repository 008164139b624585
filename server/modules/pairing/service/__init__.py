"""Master-apprentice pairing (名师带高徒): the rules. Every function runs inside a `tenant_scope`.

A programme has a scope (an org subtree), a term, a target number of pairs and
pairing rules. Members of the orgs module take part as masters or apprentices
(candidates, referred to by member id through the orgs service). Officers lock
or forbid pairs; `propose` gathers everything into plain data and asks the
pure solver (`pairing/solver/`) for the pairing with the most pairs at the least
cost; the explained proposal is stored and, once accepted, becomes agreements
(师徒协议) with goals, progress notes, an outcome, or an early end. An outcome
that raises the apprentice's qualification level raises the member's level in
orgs too (`orgs.raise_member_level`, same transaction, never lowering it).

The package's files follow those steps: `structs.py` (what goes in and out), `common.py`
(limits, the officer check, the programme row), `trades.py` (compatible trades),
`programmes.py`, `candidates.py`, `rules.py` (locks and forbids), `problem.py` (gathering
the solver's input), `proposals.py` (propose, review, accept) and `agreements.py`.
Callers keep writing `from server.modules.pairing import service` and `service.propose(...)`.
"""

from server.modules.pairing.service.agreements import (
    add_note,
    end_early,
    get_agreement,
    list_agreements,
    record_outcome,
    update_agreement,
)
from server.modules.pairing.service.candidates import (
    add_candidates,
    add_candidates_from_orgs,
    list_candidates,
    remove_candidate,
    update_candidate,
)
from server.modules.pairing.service.common import LIVE, MAX_CAPACITY, ROLES, today
from server.modules.pairing.service.papers import agreement_pdf
from server.modules.pairing.service.programmes import (
    create_programme,
    find_programme,
    get_programme,
    list_programmes,
    update_programme,
)
from server.modules.pairing.service.proposals import accept, get_proposal, latest_proposal, list_proposals, propose
from server.modules.pairing.service.rules import forbid_pair, list_rules, lock_pair, remove_rule
from server.modules.pairing.service.structs import (
    AcceptIn,
    AcceptOut,
    AddedOut,
    AgreementOut,
    AgreementPatch,
    CandidateFilterIn,
    CandidateIn,
    CandidateOut,
    CandidatePatch,
    CandidatesIn,
    CompatibleTradesIn,
    EndIn,
    MasterLoadOut,
    NoteIn,
    NoteOut,
    OutcomeIn,
    PairRuleIn,
    PairRuleOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    ProposalBrief,
    ProposalOut,
    ProposalSummary,
    ProposedPair,
    ReasonOut,
    TradePair,
    UnpairedApprentice,
)
from server.modules.pairing.service.trades import compatible_trades, set_compatible_trades

__all__ = [
    "agreement_pdf",
    "LIVE",
    "MAX_CAPACITY",
    "ROLES",
    "AcceptIn",
    "AcceptOut",
    "AddedOut",
    "AgreementOut",
    "AgreementPatch",
    "CandidateFilterIn",
    "CandidateIn",
    "CandidateOut",
    "CandidatePatch",
    "CandidatesIn",
    "CompatibleTradesIn",
    "EndIn",
    "MasterLoadOut",
    "NoteIn",
    "NoteOut",
    "OutcomeIn",
    "PairRuleIn",
    "PairRuleOut",
    "ProgrammeIn",
    "ProgrammeOut",
    "ProgrammePatch",
    "ProposalBrief",
    "ProposalOut",
    "ProposalSummary",
    "ProposedPair",
    "ReasonOut",
    "TradePair",
    "UnpairedApprentice",
    "accept",
    "add_candidates",
    "add_candidates_from_orgs",
    "add_note",
    "compatible_trades",
    "create_programme",
    "end_early",
    "find_programme",
    "forbid_pair",
    "get_agreement",
    "get_programme",
    "get_proposal",
    "latest_proposal",
    "list_agreements",
    "list_candidates",
    "list_programmes",
    "list_proposals",
    "list_rules",
    "lock_pair",
    "propose",
    "record_outcome",
    "remove_candidate",
    "remove_rule",
    "set_compatible_trades",
    "today",
    "update_agreement",
    "update_candidate",
    "update_programme",
]
