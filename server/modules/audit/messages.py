"""The audit module's part of the message catalogue (see `server/messages.py`).

Codes other modules use too (`role_forbidden`, ...) are catalogued as `audit.<code>.<case>` and
raised with `code="<code>"`, so the API answers the shared code."""

from server.messages import Msg

# --- who may do what -------------------------------------------------------------------------

ADMINS_ONLY = Msg(
    "audit.role_forbidden.admins",
    "此操作须由市总工会管理员办理（评价标准、审计计划）",
    "this needs a tenant_admin (standards, audit plans)",
)
AUDITORS_ONLY = Msg(
    "audit.role_forbidden.auditors",
    "此操作须由审计人员或经审会办理（通知、现场审计、计分、审计意见、结案）",
    "this needs an auditor (notices, fieldwork, scoring, opinions, closing)",
)
OFFICERS_ONLY = Msg(
    "audit.role_forbidden.officers",
    "整改情况须由被审计工会的干部或市总工会管理员报送",
    "a rectification is reported by the audited union's officer or a tenant_admin",
)

# --- lookups ---------------------------------------------------------------------------------

STANDARD_NOT_FOUND = Msg("audit.not_found.standard", "评价标准 #{key} 不存在", "standard {key} not found")
PLAN_NOT_FOUND = Msg("audit.not_found.plan", "审计计划 #{key} 不存在", "audit plan {key} not found")
AUDIT_NOT_FOUND = Msg("audit.not_found.audit", "审计 #{key} 不存在", "audit {key} not found")
NO_SUCH_STANDARD = Msg("audit.no_such_standard", "评价标准 #{key} 不存在", "no standard #{key}")
NO_SUCH_ORG = Msg("audit.no_such_org", "组织 #{org} 不存在", "no org #{org}")
NOT_AN_ENTERPRISE_UNION = Msg(
    "audit.not_enterprise_union", "组织 #{org} 不是企业工会", "org #{org} is not an enterprise union"
)

# --- standards -------------------------------------------------------------------------------

TEXT_LENGTH = Msg("audit.text_length", "应为1到{limit}个字符", "must be 1 to {limit} characters")
CODE_FORMAT = Msg(
    "audit.code_format",
    "编号只能包含字母、数字、连字符和下划线（1到{limit}个字符）",
    "a code is letters, digits, '-' and '_' (1 to {limit} characters)",
)
AREA_MISSING = Msg("audit.area_missing", "缺少审计内容「{area}」", "the area {area} is missing")
AREA_UNKNOWN = Msg(
    "audit.area_unknown", "「{area}」不是审计内容，应为：{choices}", "{area} is not an area; one of {choices}"
)
AREA_EMPTY = Msg("audit.area_empty", "审计内容「{area}」没有指标", "the area {area} has no indicator")
FORM_UNKNOWN = Msg("audit.form_unknown", "报告单种类应为：{choices}", "the report form is one of {choices}")
CODE_TWICE = Msg("audit.code_twice", "指标编号 {code} 重复", "indicator code {code} is listed twice")
POINTS = Msg("audit.points", "应为不小于0的分值，最多两位小数", "must be points at least 0, with at most two decimals")
UNIT = Msg("audit.unit", "应为正整数", "must be a whole number above 0")
MAXIMA_SUM = Msg(
    "audit.maxima_sum",
    "各指标满分合计应为100分，现为{total}分",
    "the indicators' maxima must add up to 100 points; they add up to {total}",
)
NO_INDICATORS = Msg("audit.no_indicators", "评价标准没有指标", "the standard has no indicators")
BAD_TOML = Msg("audit.bad_toml", "不是有效的 TOML：{reason}", "not valid TOML: {reason}")
BAD_FIELD = Msg("audit.bad_field", "格式有误：{reason}", "is not valid: {reason}")

# --- plans and audits ------------------------------------------------------------------------

YEAR = Msg("audit.year", "年度应在{low}到{high}之间", "the year must be between {low} and {high}")
PLAN_APPROVED = Msg("audit.conflict.plan_approved", "审计计划 #{plan} 已批准", "audit plan {plan} is approved already")
# The scope (审计范围): unions of non-public enterprises above designated size (规模以上非公企业).
PUBLIC_SECTOR_UNION = Msg(
    "audit.out_of_scope.public_sector",
    "{name}（#{org}）所在单位不是非公企业，不在本项审计范围内",
    "{name} (org #{org}) is not of a non-public enterprise: outside the audit's scope",
)
BELOW_SCALE_UNION = Msg(
    "audit.out_of_scope.below_scale",
    "{name}（#{org}）所在企业在规模以下，不在本项审计范围内",
    "{name} (org #{org}) is of an enterprise below designated size: outside the audit's scope",
)
UNCLASSIFIED_UNION = Msg(
    "audit.out_of_scope.unclassified",
    "{name}（#{org}）尚未填写是否非公企业、是否规模以上，请先在组织信息中补充",
    "{name} (org #{org}) has no answer yet to non-public / above designated size: fill them in on the org first",
)
PLAN_OUT_OF_SCOPE = Msg(
    "audit.out_of_scope.plan",
    "审计计划 #{plan} 所列工会有的已不在审计范围内，请重新拟定计划",
    "audit plan {plan} names unions no longer in the audit's scope: draft the plan again",
)
EMPTY_POPULATION = Msg(
    "audit.empty_population",
    "没有可审计的工会（规模以上非公企业工会，且本年度尚未审计）",
    "no union to audit (non-public enterprise unions above designated size, not yet audited this year)",
)
WRONG_STAGE = Msg(
    "audit.wrong_stage",
    "审计 #{audit} 处于「{stage}」阶段，不能{action}",
    "audit {audit} is at stage {stage}: it cannot {action}",
)
NOTICE_TOO_LATE = Msg(
    "audit.notice_too_late",
    "审计通知书须在审计前至少3日送达（送达 {notice_on}，审计 {fieldwork_on}）",
    "the notice must be delivered at least 3 days before fieldwork (delivered {notice_on}, fieldwork {fieldwork_on})",
)
NEGATIVE = Msg("audit.negative", "不能为负数", "must not be negative")
FEN = Msg("audit.fen", "金额应为不小于0的整数（分）", "an amount is a whole number of fen, at least 0")
NO_ENTRIES = Msg("audit.no_entries", "至少填写一项", "give at least one entry")
INDICATOR_UNKNOWN = Msg(
    "audit.indicator_unknown",
    "评价标准 {standard} 没有指标 {code}",
    "the standard {standard} has no indicator {code}",
)
PART_UNKNOWN = Msg("audit.part_unknown", "分项应为：base, benefit, bonus", "the part is one of base, benefit, bonus")
ABOVE_MAXIMUM = Msg(
    "audit.above_maximum",
    "指标 {code} 的{part}分不能超过{maximum}分",
    "indicator {code}: the {part} score cannot exceed {maximum} points",
)
NOTICE_IN_FUTURE = Msg(
    "audit.notice_in_future",
    "送达日期 {notice_on} 晚于今天（{today}）：请在审计通知书送达后再登记",
    "the delivery date {notice_on} is after today ({today}): record the notice once it has been delivered",
)
BEFORE_FIELDWORK = Msg(
    "audit.before_fieldwork",
    "审计日期为 {fieldwork_on}，今天（{today}）尚未开始现场审计，不能登记报告单",
    "fieldwork is on {fieldwork_on}: report forms cannot be entered before then (today is {today})",
)
DATE_BEFORE = Msg("audit.date_before", "不能早于{other}（{day}）", "cannot be before {other} ({day})")
NOT_RECTIFIED = Msg(
    "audit.not_rectified",
    "审计 #{audit} 尚未报送整改情况，经审会不能结案",
    "audit {audit} has no rectification reported: the committee cannot close it",
)
FOLLOW_UP_STAGE = Msg(
    "audit.follow_up_stage",
    "审计 #{audit} 处于「{stage}」阶段：跟踪监督从出具审计意见起，到结案为止",
    "audit {audit} is at stage {stage}: follow-ups run from the opinions until the case is closed",
)


# --- `saishang audit`: a loaded standard, the scoring sheet's line and table, in the CLI's language

CLI_STANDARD_LOADED = Msg(
    "audit.cli.standard_loaded",
    "审计标准 #{id} {code} v{version} {title}：共 {count} 项指标",
    "standard #{id} {code} v{version} {title}: {count} indicators",
)
CLI_SHEET_LINE = Msg(
    "audit.cli.sheet_line",
    "{org} {year} · {standard} v{version} · {stage} · 总分 {total} {grade}",
    "{org} {year} · {standard} v{version} · {stage} · total {total} {grade}",
)
CLI_INDICATOR = Msg("audit.cli.indicator", "指标", "indicator")
CLI_AREA = Msg("audit.cli.area", "审计内容", "area")
CLI_NAME = Msg("audit.cli.name", "名称", "name")
CLI_BASE = Msg("audit.cli.base", "基本分", "base")
CLI_BENEFIT = Msg("audit.cli.benefit", "效益分", "benefit")
CLI_BONUS = Msg("audit.cli.bonus", "奖励分", "bonus")
CLI_SCORE = Msg("audit.cli.score", "得分", "score")
CLI_MAXIMUM = Msg("audit.cli.maximum", "满分", "full marks")
CLI_SOURCES = Msg("audit.cli.sources", "来源报告单", "report forms")
CLI_ADJUSTED = Msg("audit.cli.adjusted", "（调整：{fields}）", " (adjusted: {fields})")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_AUDIT_CLOSED = Msg("activity.audit.closed", "审计结案", "audit closed")
ACTIVITY_AUDIT_DEMO_LOADED = Msg("activity.audit.demo.loaded", "载入审计演示数据", "audit demo data loaded")
ACTIVITY_AUDIT_ENTRIES_ADDED = Msg("activity.audit.entries.added", "填写审计报告单", "report form entries added")
ACTIVITY_AUDIT_FOLLOW_UP = Msg("activity.audit.follow_up", "审计回访", "audit followed up")
ACTIVITY_AUDIT_NOTICE_SENT = Msg("activity.audit.notice.sent", "发出审计通知", "audit notice sent")
ACTIVITY_AUDIT_OPINIONS_ISSUED = Msg("activity.audit.opinions.issued", "出具审计意见", "audit opinions issued")
ACTIVITY_AUDIT_PLAN_APPROVED = Msg("activity.audit.plan.approved", "审计计划获批", "audit plan approved")
ACTIVITY_AUDIT_PLAN_CREATED = Msg("activity.audit.plan.created", "制定审计计划", "audit plan drawn up")
ACTIVITY_AUDIT_RECTIFICATION_REPORTED = Msg(
    "activity.audit.rectification.reported", "报告整改情况", "rectification reported"
)
ACTIVITY_AUDIT_RECTIFICATION_REMINDER = Msg(
    "activity.audit.rectification.reminder", "提醒按期整改", "rectification reminder sent"
)
ACTIVITY_AUDIT_RECTIFICATION_ESCALATION = Msg(
    "activity.audit.rectification.escalation", "整改逾期上报", "overdue rectification escalated"
)
ACTIVITY_AUDIT_SCORED = Msg("activity.audit.scored", "审计评分", "audit scored")
ACTIVITY_AUDIT_STANDARD_SAVED = Msg("activity.audit.standard.saved", "保存审计标准", "audit standard saved")

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "audit.demo.skipped",
    "{tenant}/audit：审计标准已存在，跳过演示数据",
    "{tenant}/audit: standards exist already; demo skipped",
)
DEMO_STANDARDS_ONLY = Msg(
    "audit.demo.standards_only",
    "{tenant}/audit：没有组织架构（请先载入 orgs 演示数据），只载入了审计标准",
    "{tenant}/audit: no org tree (load the orgs demo first); standards only",
)
