"""Workers' voice (三单): complaints, enterprise demand orders, acceptance forms.

A worker's complaint (职工维权服务菜单 / 抱怨单) reaches their enterprise union;
the enterprise union either answers it itself or folds related complaints into
an enterprise demand order (企业服务需求订单) for the city federation; the
federation opens a union service acceptance form (工会维权服务受理单), assigns an
officer and resolves it within the tenant's 7-10 Chinese working days.
Resolving a form resolves its order and every linked complaint, and each
worker is told (a notice the bot delivers) and may rate the outcome.

Who sees what: a worker sees only their own complaints; staff see the
complaints of their org subtree (`orgs.access`); an anonymous complaint never
shows its worker to anyone but the worker and the federation's administrators.

The rooms: `shapes` (the Structs), `common`, `complaints`, `orders`, `forms`,
`deadlines`, `notices`, `figures`; this package re-exports their contract.
"""

from server.modules.voice.service.common import fen_to_yuan, resolution_working_days, yuan_to_fen
from server.modules.voice.service.complaints import (
    answer_complaint,
    file_complaint,
    get_complaint,
    get_complaint_by_ref,
    list_complaints,
    rate_complaint,
)
from server.modules.voice.service.deadlines import check_deadlines, list_alerts
from server.modules.voice.service.figures import figures, statistics_for
from server.modules.voice.service.forms import (
    assign_officer,
    form_queue,
    get_form,
    list_forms,
    open_form,
    recompute_provisional,
    resolve_form,
)
from server.modules.voice.service.notices import (
    claim_notices,
    mark_notices_delivered,
    my_notices,
    notify_payment,
    pending_notice_members,
)
from server.modules.voice.service.orders import add_to_order, create_order, get_order, list_orders
from server.modules.voice.service.papers import acceptance_form_pdf
from server.modules.voice.service.shapes import (
    CATEGORIES,
    CATEGORY_NAMES,
    CHANNELS,
    COMPLAINT_STATUSES,
    DEFAULT_DAYS,
    FORM_STATUSES,
    MAX_DAYS,
    MAX_TEXT,
    MIN_DAYS,
    ORDER_STATUSES,
    OUTCOMES,
    AlertOut,
    AnswerIn,
    AssignIn,
    ComplaintIn,
    ComplaintOut,
    FormBrief,
    FormIn,
    FormOut,
    LinkIn,
    NoticeOut,
    OrderIn,
    OrderOut,
    RatingIn,
    ResolveIn,
    Statistics,
    StepOut,
)
from server.platform.roles import SYSTEM, Actor, Role

__all__ = [
    "acceptance_form_pdf",
    "CATEGORIES",
    "CATEGORY_NAMES",
    "CHANNELS",
    "COMPLAINT_STATUSES",
    "DEFAULT_DAYS",
    "FORM_STATUSES",
    "MAX_DAYS",
    "MAX_TEXT",
    "MIN_DAYS",
    "ORDER_STATUSES",
    "OUTCOMES",
    "SYSTEM",
    "Actor",
    "AlertOut",
    "AnswerIn",
    "AssignIn",
    "ComplaintIn",
    "ComplaintOut",
    "FormBrief",
    "FormIn",
    "FormOut",
    "LinkIn",
    "NoticeOut",
    "OrderIn",
    "OrderOut",
    "RatingIn",
    "ResolveIn",
    "Role",
    "Statistics",
    "StepOut",
    "add_to_order",
    "answer_complaint",
    "assign_officer",
    "check_deadlines",
    "claim_notices",
    "create_order",
    "fen_to_yuan",
    "figures",
    "file_complaint",
    "form_queue",
    "get_complaint",
    "get_complaint_by_ref",
    "get_form",
    "get_order",
    "list_alerts",
    "list_complaints",
    "list_forms",
    "list_orders",
    "mark_notices_delivered",
    "my_notices",
    "notify_payment",
    "open_form",
    "pending_notice_members",
    "rate_complaint",
    "recompute_provisional",
    "resolution_working_days",
    "resolve_form",
    "statistics_for",
    "yuan_to_fen",
]
