"""Welfare and relief (送温暖, 大病救助): the hardship registry, campaigns, applications,
approval into the disbursement ledger, progress and exports.

Every function runs inside a `tenant_scope`. Members and orgs are reached only through the
orgs service, and an org officer only inside their subtree (`server.modules.orgs.access`).
Paying is the disbursement engine's job (`disbursement.py`): approving a campaign hands it
one batch. The seams: `registry.py` (households), `campaigns.py` (rules, approval),
`applications.py` (case relief), `payouts.py` (progress, payouts, export), `shared.py`.
Callers keep writing `from server.modules.welfare import service` and `service.x(...)`.
"""

from server.infra.tenancy import conn
from server.modules.welfare.service.applications import (
    APPLICATION_COLUMNS,
    ApplicationIn,
    ApplicationOut,
    DecisionIn,
    decide_application,
    get_application,
    list_applications,
    submit_application,
)
from server.modules.welfare.service.campaigns import (
    CAMPAIGN_COLUMNS,
    AmountRule,
    CampaignIn,
    CampaignOut,
    Eligibility,
    PreviewOut,
    SizeBracket,
    approve_campaign,
    beneficiaries,
    create_campaign,
    get_campaign,
    list_campaigns,
    preview_campaign,
)
from server.modules.welfare.service.papers import application_pdf, roster_pdf
from server.modules.welfare.service.payouts import (
    campaign_payouts,
    campaign_progress,
    campaign_reconciliation,
)
from server.modules.welfare.service.registry import (
    HOUSEHOLD_COLUMNS,
    HouseholdIn,
    HouseholdOut,
    LiftIn,
    ReviewIn,
    file_household,
    get_household,
    lift_household,
    list_households,
    review_household,
)
from server.modules.welfare.service.shared import KINDS, REASONS, SHANGHAI, CampaignKind, Reason, today

__all__ = [
    "application_pdf",
    "roster_pdf",
    "APPLICATION_COLUMNS",
    "CAMPAIGN_COLUMNS",
    "HOUSEHOLD_COLUMNS",
    "KINDS",
    "REASONS",
    "SHANGHAI",
    "AmountRule",
    "ApplicationIn",
    "ApplicationOut",
    "CampaignIn",
    "CampaignKind",
    "CampaignOut",
    "DecisionIn",
    "Eligibility",
    "HouseholdIn",
    "HouseholdOut",
    "LiftIn",
    "PreviewOut",
    "Reason",
    "ReviewIn",
    "SizeBracket",
    "approve_campaign",
    "beneficiaries",
    "campaign_payouts",
    "campaign_progress",
    "campaign_reconciliation",
    "conn",
    "create_campaign",
    "decide_application",
    "file_household",
    "get_application",
    "get_campaign",
    "get_household",
    "lift_household",
    "list_applications",
    "list_campaigns",
    "list_households",
    "preview_campaign",
    "review_household",
    "submit_application",
    "today",
]
