"""Every label of the voice screens, in both languages (`tui.i18n.L`); a screen shows one with
`lbl.NAME()` (placeholders as keywords) and a code from the API with `lbl.of(lbl.X_OF, code)`."""

from __future__ import annotations

from tui.i18n import L, of

__all__ = ["of"]

ANONYMOUS = L("匿名", "anonymous")
ANSWER = L("企业答复", "Answer")
ANSWER_ANSWER = L("答复", "Answer")
ANSWER_SUBMIT = L("答复", "Answer")
ANSWER_TITLE = L("在企业层面答复诉求 {ref}", "Answer complaint {ref} at the enterprise level")
ANSWERED = L("诉求 {ref} 已答复", "Complaint {ref} answered")
CATEGORY_CANTEEN_DORMITORY = L("食堂宿舍", "Canteen and dormitory")
CATEGORY_CONTRACT = L("劳动合同", "Contracts")
CATEGORY_OTHER = L("其他", "Other")
CATEGORY_OVERTIME = L("加班休假", "Overtime and leave")
CATEGORY_SAFETY = L("劳动安全", "Safety")
CATEGORY_TRAINING = L("技能培训", "Training")
CATEGORY_WAGES = L("工资报酬", "Wages")
CHANNEL_API = L("接口", "API")
CHANNEL_TELEGRAM = L("Telegram", "Telegram")
CHANNEL_TUI = L("纸质（终端录入）", "paper (TUI)")
COMPLAINT_ANSWER = L("答复：{answer}", "Answer: {answer}")
COMPLAINTS_COL_CATEGORY = L("类别", "Category")
COMPLAINTS_COL_CHANNEL = L("渠道", "Channel")
COMPLAINTS_COL_FILED = L("提交日", "Filed")
COMPLAINTS_COL_MARK = L("选", "✓")
COMPLAINTS_COL_REF = L("编号", "Ref")
COMPLAINTS_COL_STATUS = L("状态", "Status")
COMPLAINTS_COL_TEXT = L("内容", "Text")
COMPLAINTS_COL_WORKER = L("职工", "Worker")
COMPLAINTS_TITLE = L("职工诉求（抱怨单）", "Workers' complaints")
CONFIRM_ANSWER = L(
    "答复并办结诉求 {ref}？职工将立即收到答复。", "Answer and close complaint {ref}? The worker is told at once."
)
CONFIRM_RESOLVE = L(
    "办结受理单 {ref}？需求订单 {order} 及其 {n} 件诉求将一并办结，并通知每位职工。",
    "Resolve form {ref}? Demand order {order} and its {n} complaints are resolved too, and every worker is told.",
)
DUE_TODAY = L("今天到期", "due today")
ERROR_CHOOSE = L("请选择一项", "choose one")
ERROR_YUAN = L("金额应为数字（元）", "must be an amount in yuan")
FOLD = L("并入订单", "Fold into order")
FOLD_DONE = L("已提交需求订单 {ref}（{n} 件诉求）", "Demand order {ref} filed ({n} complaints)")
FOLD_NOT_FOLDABLE = L("诉求 {ref} 已在订单中或已办结", "Complaint {ref} is in an order or answered already")
FOLD_ORDER_TITLE = L("事由", "Title")
FOLD_SUBMIT = L("提交订单", "File order")
FOLD_SUMMARY = L("概述", "Summary")
FOLD_TITLE = L("把 {n} 件诉求并入企业服务需求订单", "Fold {n} complaints into a demand order")
FORM_OPENED = L("已开受理单 {ref}，期限 {due}", "Form {ref} opened, due {due}")
LINK_CODE = L(
    "绑定码：{code}（{expires} 前有效，只显示这一次）", "Code: {code} (valid until {expires}; shown this once)"
)
LINK_COPIED = L("绑定码已复制到剪贴板", "Code copied to the clipboard")
LINK_COPY = L("复制绑定码", "Copy the code")
LINK_HINT = L(
    "请职工在 Telegram 中向本会机器人发送 /link 加绑定码。",
    "The worker sends /link and the code to the federation's bot in Telegram.",
)
LINK_ISSUE = L("签发", "Issue")
LINK_MEMBER = L("职工", "Worker")
LINK_TITLE = L("签发 Telegram 绑定码", "Issue a Telegram link code")
MINE = L("只看我的", "Mine only")
OPEN_FORM = L("受理（开受理单）", "Accept (open a form)")
OPEN_FORM_ABOUT = L(
    "{title} · 关联诉求 {n} 件；期限按本会设定的工作日数自今天起算",
    "{title} · {n} complaints; due the tenant's working days from today",
)
OPEN_FORM_OFFICER = L("承办人", "Officer")
OPEN_FORM_SUBMIT = L("开受理单", "Open form")
OPEN_FORM_TITLE = L("受理需求订单 {ref}", "Accept demand order {ref}")
OPEN_ORDER = L("查看订单", "Open order")
ORDER_COMPLAINTS = L("关联诉求 {n} 件", "Linked complaints: {n}")
ORDER_FORM = L(
    "受理单 {ref} · 承办人 {officer} · 期限 {due} · {left}", "Form {ref} · officer {officer} · due {due} · {left}"
)
ORDER_FORM_RESOLVED = L(
    "受理单 {ref} 已于 {on} 办结（{outcome}）：{resolution}", "Form {ref} resolved on {on} ({outcome}): {resolution}"
)
ORDER_INFO = L("{status} · {org} · {by} 于 {on} 提交", "{status} · {org} · filed by {by} on {on}")
ORDER_LOADING = L("需求订单", "Demand order")
ORDER_NO_FORM = L("市总工会尚未受理（没有受理单）", "Not accepted by the federation yet (no form)")
ORDER_TITLE = L("需求订单 {ref} · {title}", "Demand order {ref} · {title}")
ORDERS_COL_COMPLAINTS = L("诉求", "Complaints")
ORDERS_COL_CREATED = L("提交日", "Filed")
ORDERS_COL_FORM = L("受理单 · 期限", "Form · due")
ORDERS_COL_REF = L("订单", "Order")
ORDERS_COL_STATUS = L("状态", "Status")
ORDERS_COL_TITLE = L("事由", "Title")
ORDERS_TITLE = L("企业服务需求订单", "Enterprise demand orders")
OUTCOME_ADVICE_GIVEN = L("政策解答", "Advice given")
OUTCOME_DIFFICULTY_SOLVED = L("解决实际困难", "Practical difficulty solved")
OUTCOME_DISPUTE_MEDIATED = L("调解劳动争议", "Dispute mediated")
OUTCOME_NOT_UPHELD = L("诉求不成立", "Not upheld")
OUTCOME_OTHER = L("其他", "Other")
OUTCOME_WAGE_ARREARS_RECOVERED = L("追回拖欠工资", "Wage arrears recovered")
OVERDUE = L("逾期 {n} 个工作日", "overdue by {n}")
PAPER = L("登记纸质诉求", "Paper complaint")
PAPER_ANONYMOUS = L("匿名", "Anonymous")
PAPER_ANONYMOUS_LABEL = L("对企业工会隐去职工姓名", "hide the worker from the enterprise union")
PAPER_CATEGORY = L("类别", "Category")
PAPER_FILED = L("已登记诉求 {ref}", "Complaint {ref} filed")
PAPER_HINT = L(
    "未署名的抱怨单按匿名登记；登记后生成编号，职工可凭编号查询进度。",
    "An unsigned paper is filed as anonymous; the reference lets the worker follow it.",
)
PAPER_MEMBER = L("署名职工", "Signed by")
PAPER_MEMBER_SEARCH_HINT = L("姓名或身份证后四位，回车查找", "name or last four of the ID, Enter searches")
PAPER_SUBMIT = L("登记", "File")
PAPER_TEXT = L("内容", "Text")
PAPER_TITLE = L("登记纸质诉求（意见箱抱怨单）", "Enter a paper complaint (from the complaint box)")
PAPER_UNION = L("企业工会", "Union")
PAPER_UNION_SEARCH_HINT = L("输入工会名称，回车查找", "type a union's name, Enter searches")
PROVISIONAL = L("暂定", "provisional")
PROVISIONAL_WARNING = L(
    "{year} 年节假日安排尚未载入：期限暂按周一至周五计算，载入后自动重算",
    "The {year} holiday schedule is not known yet: the deadline counts weekdays and is recomputed when an admin loads it",
)
QUEUE_COL_COMPLAINTS = L("诉求", "Cases")
QUEUE_COL_DUE = L("办结期限", "Due")
QUEUE_COL_LEFT = L("剩余工作日", "Days left")
QUEUE_COL_OFFICER = L("承办人", "Officer")
QUEUE_COL_ORDER = L("需求订单", "Demand order")
QUEUE_COL_REF = L("受理单", "Form")
QUEUE_DETAIL = L(
    "{ref}：{order} {title} · {opened} 受理，{days} 个工作日内办结，期限 {due}",
    "{ref}: {order} {title} · opened {opened}, {days} working days, due {due}",
)
QUEUE_MINE_ONLY = L(" · 只看我承办的", " · mine only")
QUEUE_NONE_SELECTED = L("请先选择一张受理单", "Select a form first")
QUEUE_NOTE = L(
    "在办 {open} 张 · 逾期 {overdue} 张 · 暂定期限 {provisional} 张（期限按中国工作日计算）",
    "{open} open · {overdue} overdue · {provisional} provisional deadlines (counted in Chinese working days)",
)
QUEUE_TITLE = L("工会维权服务受理单 · 待办（按期限）", "Union service acceptance forms · queue by deadline")
RESOLVE = L("办结", "Resolve")
RESOLVE_ABOUT = L(
    "{order} {title} · 关联诉求 {n} 件 · 期限 {due}", "{order} {title} · {n} linked complaints · due {due}"
)
RESOLVE_OUTCOME = L("结果类别", "Outcome")
RESOLVE_RECOVERED = L("追回工资（元）", "Recovered (yuan)")
RESOLVE_RECOVERED_HINT = L("仅追回拖欠工资时填写", "only when wage arrears were recovered")
RESOLVE_RESOLUTION = L("办理结果", "Resolution")
RESOLVE_SUBMIT = L("办结", "Resolve")
RESOLVE_TITLE = L("办结受理单 {ref}", "Resolve form {ref}")
RESOLVED = L("受理单 {ref} 已办结，{n} 件诉求已通知职工", "Form {ref} resolved; {n} complaints' workers told")
STATS_ACCEPTANCE_FORMS = L("工会维权服务受理单", "Acceptance forms")
STATS_AVERAGE_RATING = L("平均评分（1–5）", "Average rating (1–5)")
STATS_AVERAGE_WORKING_DAYS = L("办结工作日（平均）", "Working days to resolve (average)")
STATS_BAD_DATES = L("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")
STATS_COMPLAINTS = L("诉求（抱怨单）", "Complaints")
STATS_DEMAND_ORDERS = L("企业服务需求订单", "Demand orders")
STATS_FROM = L("自", "From")
STATS_MEDIAN_WORKING_DAYS = L("办结工作日（中位数）", "Working days to resolve (median)")
STATS_ON_TIME_RATE = L("按期办结率", "Resolved on time")
STATS_OPEN_FORMS = L("在办受理单（当前）", "Open forms (now)")
STATS_OVERDUE_FORMS = L("逾期受理单（当前）", "Overdue forms (now)")
STATS_RATINGS = L("职工评价数", "Ratings")
STATS_TITLE = L("三单统计（按期间）", "Workers' voice · statistics for a period")
STATS_TO = L("至（含）", "to (inclusive)")
STATS_VIA = L("经{channel}", "via {channel}")
STATUS_ACCEPTED = L("已受理", "accepted")
STATUS_OPEN = L("办理中", "open")
STATUS_ORDERED = L("已并入订单", "in an order")
STATUS_RESOLVED = L("已办结", "resolved")
STATUS_SUBMITTED = L("已提交", "submitted")

CATEGORY_OF = {
    "canteen_dormitory": CATEGORY_CANTEEN_DORMITORY,
    "contract": CATEGORY_CONTRACT,
    "other": CATEGORY_OTHER,
    "overtime": CATEGORY_OVERTIME,
    "safety": CATEGORY_SAFETY,
    "training": CATEGORY_TRAINING,
    "wages": CATEGORY_WAGES,
}

CHANNEL_OF = {
    "api": CHANNEL_API,
    "telegram": CHANNEL_TELEGRAM,
    "tui": CHANNEL_TUI,
}

COMPLAINTS_COL_OF = {
    "category": COMPLAINTS_COL_CATEGORY,
    "channel": COMPLAINTS_COL_CHANNEL,
    "filed": COMPLAINTS_COL_FILED,
    "mark": COMPLAINTS_COL_MARK,
    "ref": COMPLAINTS_COL_REF,
    "status": COMPLAINTS_COL_STATUS,
    "text": COMPLAINTS_COL_TEXT,
    "worker": COMPLAINTS_COL_WORKER,
}

ORDERS_COL_OF = {
    "complaints": ORDERS_COL_COMPLAINTS,
    "created": ORDERS_COL_CREATED,
    "form": ORDERS_COL_FORM,
    "ref": ORDERS_COL_REF,
    "status": ORDERS_COL_STATUS,
    "title": ORDERS_COL_TITLE,
}

OUTCOME_OF = {
    "advice_given": OUTCOME_ADVICE_GIVEN,
    "difficulty_solved": OUTCOME_DIFFICULTY_SOLVED,
    "dispute_mediated": OUTCOME_DISPUTE_MEDIATED,
    "not_upheld": OUTCOME_NOT_UPHELD,
    "other": OUTCOME_OTHER,
    "wage_arrears_recovered": OUTCOME_WAGE_ARREARS_RECOVERED,
}

QUEUE_COL_OF = {
    "complaints": QUEUE_COL_COMPLAINTS,
    "due": QUEUE_COL_DUE,
    "left": QUEUE_COL_LEFT,
    "officer": QUEUE_COL_OFFICER,
    "order": QUEUE_COL_ORDER,
    "ref": QUEUE_COL_REF,
}

STATUS_OF = {
    "accepted": STATUS_ACCEPTED,
    "open": STATUS_OPEN,
    "ordered": STATUS_ORDERED,
    "resolved": STATUS_RESOLVED,
    "submitted": STATUS_SUBMITTED,
}
