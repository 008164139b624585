"""The voice module's part of the message catalogue (see `server/messages.py`).

Where one problem code has several texts, the entries are `<code>.<case>` and the raise site
passes `code="<code>"`, so the API's `code` stays what it always was."""

from server.messages import Msg

# --- complaints (抱怨单) ---------------------------------------------------------------------

COMPLAINT_NOT_FOUND = Msg("complaint_not_found", "抱怨单 {key} 不存在", "complaint {key} not found")
WORKER_NOT_LINKED = Msg(
    "worker_not_linked", "此职工账号未关联会员档案", "this worker account is not linked to a member record"
)
OWN_COMPLAINTS_ONLY = Msg(
    "voice.own_complaints_only", "职工只能提交本人的诉求", "a worker files their own complaints only"
)
NO_MEMBER = Msg("voice.no_member", "会员 {member} 不存在", "no member {member}")
NO_ORG = Msg("voice.no_org", "组织 {org} 不存在", "no org {org}")
NOT_THE_WORKERS_UNION = Msg(
    "voice.not_the_workers_union", "不是该职工所在的企业工会", "is not the worker's enterprise union"
)
PAPER_NEEDS_UNION = Msg(
    "voice.paper_needs_union",
    "未署名的纸质抱怨单须注明所属企业工会",
    "a paper complaint without a worker needs the enterprise union",
)
WORKER_CANNOT_ANSWER = Msg("role_forbidden.worker_answers", "职工不能答复抱怨单", "a worker cannot answer complaints")
COMPLAINT_NOT_SUBMITTED = Msg(
    "complaint_not_submitted",
    "抱怨单 {ref} 当前状态为 {status}；只有待处理（已提交）的抱怨单才能由企业工会直接答复",
    "complaint {ref} is {status}; only a submitted complaint is answered at the enterprise level",
)
COMPLAINT_CHANGED = Msg(
    "complaint_changed.one", "抱怨单 {ref} 刚被他人改动，请刷新后重试", "complaint {ref} changed meanwhile"
)
COMPLAINTS_CHANGED = Msg(
    "complaint_changed.some", "部分抱怨单刚被他人改动，请重试", "some complaints changed meanwhile; try again"
)
RATING_RANGE = Msg("voice.rating_range", "评分应为 1 到 5 分", "must be 1 to 5")
NOT_THE_WORKER = Msg(
    "not_the_worker", "只有提交抱怨单的职工本人可以评价", "only the worker who filed the complaint may rate it"
)
COMPLAINT_NOT_RESOLVED = Msg("complaint_not_resolved", "抱怨单 {ref} 尚未办结", "complaint {ref} is not resolved yet")
COMPLAINT_RATED = Msg("complaint_rated", "抱怨单 {ref} 已评价过", "complaint {ref} is rated already")

# --- enterprise demand orders (企业服务需求订单) ------------------------------------------------

ORDER_NOT_FOUND = Msg("order_not_found", "企业服务需求订单 {key} 不存在", "demand order {key} not found")
NO_ORDER = Msg("voice.no_order", "企业服务需求订单 {order} 不存在", "no demand order {order}")
ONLY_UNION_ORDERS = Msg(
    "role_forbidden.union_orders", "只有工会可以提交企业服务需求订单", "only the union may file a demand order"
)
AT_LEAST_ONE_COMPLAINT = Msg("voice.at_least_one_complaint", "至少列出一张抱怨单", "must list at least one complaint")
NO_COMPLAINT = Msg("voice.no_complaint", "抱怨单 {complaint} 不存在", "no complaint {complaint}")
NOT_FROM_THIS_UNION = Msg(
    "voice.not_from_this_union", "{ref} 不属于该企业工会", "{ref} is not from this enterprise union"
)
IN_ANOTHER_ORDER = Msg(
    "voice.in_another_order", "{ref} 已在另一张需求订单中", "{ref} is in another demand order already"
)
COMPLAINT_IN_STATUS = Msg("voice.complaint_in_status", "{ref} 当前状态为 {status}", "{ref} is {status}")
ORDER_RESOLVED = Msg("order_resolved", "企业服务需求订单 {ref} 已办结", "demand order {ref} is resolved")
ORDER_TAKEN = Msg(
    "order_taken.already", "企业服务需求订单 {ref} 已处于 {status} 状态", "demand order {ref} is {status} already"
)
ORDER_TAKEN_MEANWHILE = Msg(
    "order_taken.meanwhile", "企业服务需求订单 {ref} 刚被他人受理", "demand order {ref} was taken meanwhile"
)

# --- union service acceptance forms (工会维权服务受理单) ----------------------------------------

FORM_NOT_FOUND = Msg("form_not_found", "工会维权服务受理单 {key} 不存在", "acceptance form {key} not found")
WORKING_DAYS_RANGE = Msg(
    "voice.working_days_range", "办理时限应为 {low} 到 {high} 个工作日", "must be {low} to {high} working days"
)
FORM_RESOLVED = Msg("form_resolved.closed", "受理单 {ref} 已办结", "acceptance form {ref} is resolved")
FORM_RESOLVED_ALREADY = Msg(
    "form_resolved.already", "受理单 {ref} 已经办结过", "acceptance form {ref} is resolved already"
)
NOT_THE_OFFICER = Msg(
    "not_the_officer",
    "只有指派的经办人或市总工会管理员可以办结受理单",
    "only the assigned officer or the federation's admin resolves a form",
)
BEFORE_OPENED = Msg("voice.before_opened", "早于受理单的受理日期", "is before the form was opened")
TWO_DECIMALS = Msg("voice.two_decimals", "最多保留两位小数", "has more than two decimals")

# --- statistics -------------------------------------------------------------------------------

END_AFTER_START = Msg("voice.end_after_start", "结束日期应晚于开始日期", "must be after start")


# --- `saishang voice ...`: its lines and the queue's table, in the CLI's language ---------------

CLI_DEADLINES_CHECKED = Msg(
    "voice.cli.deadlines_checked",
    "新发出到期提醒 {reminder} 条、超期督办 {overdue} 条",
    "{reminder} new reminder(s), {overdue} new overdue escalation(s)",
)
CLI_FORM = Msg("voice.cli.form", "受理单", "form")
CLI_ORDER = Msg("voice.cli.order", "需求订单", "order")
CLI_OFFICER = Msg("voice.cli.officer", "承办人", "officer")
CLI_DUE = Msg("voice.cli.due", "办结期限", "due")
CLI_DAYS_LEFT = Msg("voice.cli.days_left", "剩余工作日", "working days left")
CLI_COMPLAINTS = Msg("voice.cli.complaints", "诉求数", "complaints")
CLI_OVERDUE = Msg("voice.cli.overdue", "已超期", "overdue")
CLI_PROVISIONAL = Msg("voice.cli.provisional", "暂定期限", "provisional")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_VOICE_COMPLAINT_FILED = Msg("activity.voice.complaint.filed", "提交职工诉求", "complaint filed")
ACTIVITY_VOICE_COMPLAINT_ANSWERED = Msg("activity.voice.complaint.answered", "答复职工诉求", "complaint answered")
ACTIVITY_VOICE_COMPLAINT_RATED = Msg("activity.voice.complaint.rated", "评价诉求办理", "complaint rated")
ACTIVITY_VOICE_ORDER_CREATED = Msg("activity.voice.order.created", "生成需求订单", "demand order created")
ACTIVITY_VOICE_ORDER_LINKED = Msg("activity.voice.order.linked", "诉求并入需求订单", "complaint linked to an order")
ACTIVITY_VOICE_FORM_OPENED = Msg("activity.voice.form.opened", "开具受理单", "acceptance form opened")
ACTIVITY_VOICE_FORM_ASSIGNED = Msg("activity.voice.form.assigned", "交办受理单", "acceptance form assigned")
ACTIVITY_VOICE_FORM_RESOLVED = Msg("activity.voice.form.resolved", "受理单办结", "acceptance form resolved")
ACTIVITY_VOICE_FORM_REMINDER = Msg("activity.voice.form.reminder", "受理单到期提醒", "acceptance form reminder")
ACTIVITY_VOICE_FORM_OVERDUE = Msg("activity.voice.form.overdue", "受理单逾期", "acceptance form overdue")

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_LOADED = Msg(
    "voice.demo.loaded",
    "{tenant}/voice：投诉 {complaints} 件，诉求单 {orders} 份，受理单 {forms} 份",
    "{tenant}/voice: {complaints} complaints, {orders} demand orders, {forms} acceptance forms",
)
