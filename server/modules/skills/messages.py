"""The skills module's part of the message catalogue (see `server/messages.py`).

Codes other modules use too (`role_forbidden`, ...) are catalogued as `skills.<code>.<case>` and
raised with `code="<code>"`, so the API answers the shared code and no two modules claim an entry."""

from server.messages import Msg

# --- who may do what -------------------------------------------------------------------------

OFFICERS_ONLY = Msg(
    "skills.role_forbidden.officers",
    "此操作须由市总工会管理员或基层工会干部办理",
    "this needs a tenant_admin or org_officer",
)
FEDERATION_ONLY = Msg(
    "skills.role_forbidden.federation",
    "此操作须由市总工会管理员办理（项目评审、课程目录、培训师智库、竞赛、奖励办法与发放）",
    "this needs a tenant_admin (project reviews, the catalogue, trainers, competitions, reward rules and runs)",
)

# --- lookups ---------------------------------------------------------------------------------

COURSE_NOT_FOUND = Msg("skills.not_found.course", "课程 #{key} 不存在", "course {key} not found")
TRAINER_NOT_FOUND = Msg("skills.not_found.trainer", "培训师 #{key} 不存在", "trainer {key} not found")
PROJECT_NOT_FOUND = Msg("skills.not_found.project", "培训项目 #{key} 不存在", "training project {key} not found")
ORDER_NOT_FOUND = Msg("skills.not_found.order", "课程订单 #{key} 不存在", "course order {key} not found")
SESSION_NOT_FOUND = Msg("skills.not_found.session", "培训场次 #{key} 不存在", "session {key} not found")
COMPETITION_NOT_FOUND = Msg("skills.not_found.competition", "竞赛 #{key} 不存在", "competition {key} not found")
CERTIFICATE_NOT_FOUND = Msg("skills.not_found.certificate", "证书 #{key} 不存在", "certificate {key} not found")
RUN_NOT_FOUND = Msg("skills.not_found.run", "奖励发放批次 #{key} 不存在", "reward run {key} not found")

# --- field errors ----------------------------------------------------------------------------

NO_SUCH_COURSE = Msg("skills.field.no_such_course", "课程 #{course} 不存在", "course {course} does not exist")
NO_SUCH_TRAINER = Msg(
    "skills.field.no_such_trainer",
    "培训师 #{trainer} 不存在或已停用",
    "trainer {trainer} does not exist or is inactive",
)
NO_SUCH_PROJECT = Msg(
    "skills.field.no_such_project", "培训项目 #{project} 不存在", "training project {project} does not exist"
)
NO_SUCH_ORDER = Msg("skills.field.no_such_order", "该单位没有课程订单 #{order}", "the unit has no course order {order}")
NO_SUCH_MEMBER = Msg(
    "skills.field.no_such_member", "本地总工会没有会员 #{member}", "member {member} does not exist in this federation"
)
NO_SUCH_ORG = Msg(
    "skills.field.no_such_org", "本地总工会没有组织 #{org}", "org {org} does not exist in this federation"
)
NO_SUCH_COMPETITION = Msg(
    "skills.field.no_such_competition", "竞赛 #{competition} 不存在", "competition {competition} does not exist"
)
TEXT_LENGTH = Msg("skills.field.text_length", "应为1到{limit}个字符", "must be 1-{limit} characters")
ONE_OF = Msg("skills.field.one_of", "应为以下之一：{choices}", "must be one of: {choices}")
WHOLE_AT_LEAST = Msg("skills.field.whole_at_least", "应为不小于{low}的整数", "must be a whole number of at least {low}")
FEN = Msg("skills.field.fen", "金额应为以分计的整数，不能为负数", "must be a whole number of fen, not negative")
FEN_POSITIVE = Msg("skills.field.fen_positive", "金额应为以分计的正整数", "must be a positive whole number of fen")
LEVEL = Msg("skills.field.level", "职业资格等级应为1(高级技师)至5(初级工)", "must be 1 (高级技师) to 5 (初级工)")
RATING = Msg("skills.field.rating", "评分应为1到5", "must be 1 to 5")
YEAR = Msg("skills.field.year", "应为1949到2100之间的年份", "must be a year between 1949 and 2100")
DATE_ORDER = Msg("skills.field.date_order", "不能早于{other}", "must not be before {other}")
NOT_IN_FUTURE = Msg("skills.field.not_in_future", "不能晚于今天", "cannot be in the future")
NOT_A_DATE = Msg("skills.field.not_a_date", "不是有效日期（YYYY-MM-DD）", "is not a date (YYYY-MM-DD)")
SAME_DAY = Msg(
    "skills.field.same_day", "一个培训场次须在同一天内开始和结束", "a session starts and ends on the same day"
)
MODE_NOT_OFFERED = Msg(
    "skills.field.mode_not_offered",
    "该课程不提供此授课方式（可选：{modes}）",
    "the course is not given this way (it offers: {modes})",
)
NO_SHIFT = Msg(
    "skills.field.no_shift",
    "组织 #{org} 尚未登记上班时间，无法安排工余送课上门",
    "org {org} has no working hours recorded, so an off-hours session cannot be placed",
)
DURING_SHIFT = Msg(
    "skills.field.during_shift",
    "送课上门须安排在工余时间，与上班时间 {starts}–{ends} 重叠",
    "an off-hours session must fall outside the working hours {starts}-{ends}",
)
PROJECT_ORG = Msg(
    "skills.field.project_org",
    "培训项目 #{project} 属于另一个单位",
    "training project {project} belongs to another unit",
)
PROJECT_CANNOT_RUN = Msg(
    "skills.field.project_cannot_run",
    "培训项目 #{project} 未经评审通过，不能实施",
    "training project {project} is not approved, so it is not carried out",
)
NO_LINES = Msg("skills.field.no_lines", "至少订购一门课程", "order at least one course")
LISTED_TWICE = Msg("skills.field.listed_twice", "与第{first}行重复", "the same as row {first}")
NUMBER_TAKEN = Msg(
    "skills.field.number_taken", "证书编号 {number} 已登记", "certificate number {number} is already recorded"
)
BANK_ACCOUNT = Msg(
    "skills.field.bank_account", "银行账号应为6到32位字母、数字或短横线", "must be 6-32 letters, digits or dashes"
)
NO_AMOUNTS = Msg("skills.field.no_amounts", "至少规定一个等级的奖励金额", "give the amount for at least one level")
FILE_TYPE = Msg(
    "skills.field.file_type", "无法识别的文件类型，请上传 CSV 或 XLSX", "unknown file type; send CSV or XLSX"
)
FILE_EMPTY = Msg("skills.field.file_empty", "文件为空", "the file is empty")
FILE_UNREADABLE = Msg("skills.field.file_unreadable", "无法读取文件：{reason}", "cannot read the file: {reason}")
MISSING_COLUMN = Msg("skills.field.missing_column", "缺少列：{column}", "the column {column} is missing")
NOT_A_NUMBER = Msg("skills.field.not_a_number", "不是整数", "is not a whole number")
ID_RANGE = Msg("skills.field.id_range", "编号应为1到{high}之间的整数", "must be an id between 1 and {high}")

# --- rules -----------------------------------------------------------------------------------

IMPORT_REFUSED = Msg(
    "skills.invalid_input.import",
    "{bad} 行有错误，未写入任何证书",
    "{bad} bad row(s); no certificate was written",
)
TRAINER_BUSY = Msg(
    "trainer_busy",
    "培训师 #{trainer} 在该时段已有其他培训安排",
    "trainer {trainer} is already booked for a session at that time",
)
NOT_DECLARED = Msg(
    "skills.rule.not_declared",
    "培训项目 #{project} 不是待评审状态，不能评审",
    "training project {project} is not waiting for review",
)
NOT_RETURNED = Msg(
    "skills.rule.not_returned",
    "培训项目 #{project} 未被退回，不能重新申报",
    "training project {project} was not returned, so it is not declared again",
)
NOT_RUNNING = Msg(
    "skills.rule.not_running", "培训项目 #{project} 不在实施中", "training project {project} is not being carried out"
)
NOT_APPROVED = Msg(
    "skills.rule.not_approved",
    "培训项目 #{project} 未经评审通过（待评审、已退回或未通过），不能实施",
    "training project {project} is not approved (it waits for review, was returned or was rejected): "
    "it cannot be carried out",
)
ALREADY_STARTED = Msg(
    "skills.rule.already_started",
    "培训项目 #{project} 已在实施或已完成",
    "training project {project} is already being carried out or completed",
)
RETURN_REASON = Msg(
    "skills.field.return_reason", "退回或不予通过须说明理由", "say why the project is returned or rejected"
)
RULE_EXISTS = Msg(
    "skills.conflict.rule_exists",
    "{effective_from} 起施行的奖励办法已存在",
    "a reward rule effective from {effective_from} exists",
)
RUN_NOT_PREVIEW = Msg(
    "skills.rule.run_not_preview",
    "奖励发放批次 #{run} 已审批或已撤销，只能审批或撤销预览中的批次",
    "reward run {run} is approved or cancelled already: only a run in preview is approved or cancelled",
)
SESSION_CANCELLED = Msg("skills.rule.session_cancelled", "培训场次 #{session} 已取消", "session {session} is cancelled")
ENTRY_EXISTS = Msg(
    "skills.conflict.entry_exists",
    "竞赛 #{competition} 中已有同名参赛企业，未写入任何记录",
    "an enterprise of these already takes part in competition {competition}; nothing was written",
)

RUN_REPEAT_LEVEL = Msg(
    "skills.run.repeat_level",
    "{name}（会员 #{member}）的{level}级（{level_name}）奖励已按证书 {rewarded} 计发（第{run}批），"
    "同等级证书 {number} 不再重复奖励",
    "{name} (member {member}) has the level {level} ({level_name}) reward through certificate {rewarded} "
    "(run {run}); certificate {number} of the same level is not paid again",
)
CERTIFICATE_REPEAT_LEVEL = Msg(
    "skills.certificate.repeat_level",
    "{name}（会员 #{member}）已有{level}级（{level_name}）证书 {other}；证书 {number} 已记录，"
    "但同一等级每人只奖励一次，此证书不再奖励",
    "{name} (member {member}) already holds certificate {other} of level {level} ({level_name}); "
    "certificate {number} is recorded, but a level is rewarded once per person, so it is not rewarded",
)

# --- `saishang skills reward-run`: the words of its table, in the CLI's language ---------------

CLI_RUN_LINE = Msg(
    "skills.cli.run_line",
    "奖励发放批次 {run}（{year} 年，截至 {up_to}）：{state}，{lines} 笔，¥{total}",
    "reward run {run} ({year}, up to {up_to}): {state}, {lines} lines, ¥{total}",
)
CLI_RUN_BATCH = Msg("skills.cli.run_batch", "；付款批次 {batch}", "; batch {batch}")
CLI_WITHOUT_ACCOUNT = Msg(
    "skills.cli.without_account",
    "另有 {count} 张证书应予奖励但未填银行账号，暂缓发放",
    "{count} certificate(s) would be rewarded but name no bank account; they wait",
)
CLI_NOTHING_TO_PAY = Msg("skills.cli.nothing_to_pay", "没有需要发放的奖励", "nothing to pay")
CLI_RUN_PAID = Msg(
    "skills.cli.run_paid",
    "已发放 {paid} 笔（¥{paid_yuan}），失败 {failed} 笔，未完成 {open} 笔",
    "paid {paid} (¥{paid_yuan}), failed {failed}, open {open}",
)
CLI_RUN_PROGRESS = Msg("skills.cli.run_progress", "奖励发放批次 {run}", "reward run {run}")
CLI_YEAR_OR_RUN = Msg(
    "skills.cli.year_or_run", "新测算请给出 --year，已有批次请给出 --run 编号", "give --year for a new run, or --run ID"
)
CLI_APPROVE_FIRST = Msg(
    "skills.cli.approve_first",
    "奖励发放批次 {run} 状态为“{state}”：请先审批（--approve）",
    "run {run} is {state}: approve it first (--approve)",
)
CLI_KIND = Msg("skills.cli.kind", "类型", "kind")
CLI_LEVEL_OR_HONOUR = Msg("skills.cli.level_or_honour", "等级或荣誉", "level or honour")
CLI_RULE_FROM = Msg("skills.cli.rule_from", "奖励办法生效日", "rule from")
CLI_LINES = Msg("skills.cli.lines", "笔数", "lines")
CLI_EACH = Msg("skills.cli.each", "每笔（元）", "each (yuan)")
CLI_TOTAL = Msg("skills.cli.total", "合计（元）", "total (yuan)")
CLI_CERTIFICATE = Msg("skills.cli.certificate", "职业资格证书", "certificate")
CLI_HONOUR = Msg("skills.cli.honour", "荣誉", "honour")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_SKILLS_DEMO_LOADED = Msg("activity.skills.demo.loaded", "载入技能演示数据", "skills demo data loaded")
ACTIVITY_SKILLS_COURSE_CREATED = Msg("activity.skills.course.created", "新增课程", "course created")
ACTIVITY_SKILLS_TRAINER_CREATED = Msg("activity.skills.trainer.created", "新增培训师", "trainer added")
ACTIVITY_SKILLS_ORDER_CREATED = Msg("activity.skills.order.created", "订购课程", "courses ordered")
ACTIVITY_SKILLS_PROJECT_DECLARED = Msg("activity.skills.project.declared", "申报培训项目", "training project declared")
ACTIVITY_SKILLS_PROJECT_APPROVED = Msg("activity.skills.project.approved", "批准培训项目", "training project approved")
ACTIVITY_SKILLS_PROJECT_RETURNED = Msg("activity.skills.project.returned", "退回培训项目", "training project returned")
ACTIVITY_SKILLS_PROJECT_REJECTED = Msg("activity.skills.project.rejected", "否决培训项目", "training project rejected")
ACTIVITY_SKILLS_PROJECT_STARTED = Msg("activity.skills.project.started", "实施培训项目", "training project started")
ACTIVITY_SKILLS_PROJECT_COMPLETED = Msg(
    "activity.skills.project.completed", "培训项目完成", "training project completed"
)
ACTIVITY_SKILLS_PROJECT_ADJUSTED = Msg("activity.skills.project.adjusted", "调整培训项目", "training project adjusted")
ACTIVITY_SKILLS_SHIFT_SET = Msg("activity.skills.shift.set", "设定班次", "work shift set")
ACTIVITY_SKILLS_SESSION_BOOKED = Msg("activity.skills.session.booked", "安排培训场次", "training session booked")
ACTIVITY_SKILLS_SESSION_CANCELLED = Msg(
    "activity.skills.session.cancelled", "取消培训场次", "training session cancelled"
)
ACTIVITY_SKILLS_SESSION_ATTENDANCE = Msg("activity.skills.session.attendance", "登记培训签到", "attendance recorded")
ACTIVITY_SKILLS_DRILL_RECORDED = Msg("activity.skills.drill.recorded", "登记岗位练兵", "drill recorded")
ACTIVITY_SKILLS_COMPETITION_CREATED = Msg("activity.skills.competition.created", "新建技能竞赛", "competition created")
ACTIVITY_SKILLS_COMPETITION_ENTRIES_ADDED = Msg(
    "activity.skills.competition.entries_added", "登记参赛企业", "competition entries added"
)
ACTIVITY_SKILLS_COMPETITION_RESULTS_RECORDED = Msg(
    "activity.skills.competition.results_recorded", "登记竞赛成绩", "competition results recorded"
)
ACTIVITY_SKILLS_RECOMMENDATION_MADE = Msg("activity.skills.recommendation.made", "推荐参赛", "contestant recommended")
ACTIVITY_SKILLS_CERTIFICATES_RECORDED = Msg(
    "activity.skills.certificates.recorded", "登记职业资格证书", "certificates recorded"
)
ACTIVITY_SKILLS_HONOUR_AWARDED = Msg("activity.skills.honour.awarded", "授予荣誉", "honour awarded")
ACTIVITY_SKILLS_RULE_CREATED = Msg("activity.skills.rule.created", "制定奖励办法", "reward rule created")
ACTIVITY_SKILLS_RUN_CREATED = Msg("activity.skills.run.created", "测算奖励", "reward run drawn up")
ACTIVITY_SKILLS_RUN_APPROVED = Msg("activity.skills.run.approved", "批准奖励发放", "reward run approved")
ACTIVITY_SKILLS_RUN_CANCELLED = Msg("activity.skills.run.cancelled", "取消奖励发放", "reward run cancelled")

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "skills.demo.skipped",
    "{tenant}/skills：课程目录已存在，跳过演示数据",
    "{tenant}/skills: the catalogue exists already; demo skipped",
)
DEMO_CATALOGUE_ONLY = Msg(
    "skills.demo.catalogue_only",
    "{tenant}/skills：没有企业工会（请先载入 orgs 演示数据），只载入了课程目录",
    "{tenant}/skills: no enterprise unions (load the orgs demo first); only the catalogue",
)
DEMO_MEMBERS = Msg(
    "skills.demo.members",
    "{tenant}/skills：{members} 名会员加入各工会（{seconds} 秒）",
    "{tenant}/skills: {members} members joined the unions ({seconds}s)",
)
DEMO_SESSIONS = Msg(
    "skills.demo.sessions",
    "{tenant}/skills：培训 {sessions} 期，花名册 {rostered} 人，{person_times} 人次，{yuan} 元（{seconds} 秒）",
    "{tenant}/skills: {sessions} sessions, {rostered} on rosters, {person_times} person-times, {yuan} yuan ({seconds}s)",
)
DEMO_CERTIFICATES = Msg(
    "skills.demo.certificates",
    "{tenant}/skills：{holders} 名会员取得证书 {certificates} 本；{raised} 人晋级（{seconds} 秒）",
    "{tenant}/skills: {certificates} certificates for {holders} members; {raised} raised ({seconds}s)",
)
DEMO_REWARDS_PAID = Msg(
    "skills.demo.rewards_paid",
    "{tenant}/skills：奖励已发放 {paid}/{total} 笔，{yuan} 元；对账{reconciled}",
    "{tenant}/skills: rewards paid {paid} of {total}, {yuan} yuan; reconciliation {reconciled}",
)
DEMO_RECONCILED = Msg("skills.demo.reconciled", "一致", "ok")
DEMO_DIFFERS = Msg("skills.demo.differs", "有差异", "DIFFERS")
