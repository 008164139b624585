"""The platform's part of the message catalogue: tenants, accounts, tokens, guards and reports
(see `server/messages.py`). Where one problem code has several texts, each text is a sub-code
`<code>.<case>` and the raise site keeps the problem code (`code="role_forbidden"`)."""

from server.messages import TENANT_NOT_FOUND as TENANT_NOT_FOUND  # shared with infra.tenancy
from server.messages import Msg

# --- tenants -----------------------------------------------------------------------------

MODULE_NOT_ENABLED = Msg(
    "module_not_enabled", "租户 {tenant} 未开通模块 {module}", "module {module} is not switched on for tenant {tenant}"
)
TENANT_EXISTS = Msg("tenant_exists", "租户 {slug} 已存在", "tenant {slug} already exists")
SLUG_FORMAT = Msg(
    "tenant.slug_format",
    "须符合 {pattern}（小写字母开头，其后为小写字母、数字或下划线）",
    "must match {pattern} (lower-case letter first, then letters, digits, _)",
)
UNKNOWN_TIMEZONE = Msg("tenant.unknown_timezone", "未知时区“{timezone}”", "unknown time zone '{timezone}'")
UNKNOWN_MODULES = Msg(
    "tenant.unknown_modules", "未知模块：{unknown}；可选：{known}", "unknown module(s) {unknown}; known: {known}"
)
NO_PARENT = Msg("tenant.no_parent", "上级租户“{parent}”不存在", "no tenant '{parent}'")
PARENT_CYCLE = Msg(
    "tenant.parent_cycle", "{parent} 是 {slug} 本身或其下级，不能作为上级", "{parent} is {slug} itself or below it"
)
MODULES_BOTH = Msg(
    "tenant.modules_both", "模块 {modules} 不能同时开通和关闭", "module(s) both enabled and disabled: {modules}"
)
MODULE_KEPT_ON = Msg(
    "tenant.module_kept_on",
    "模块 {module} 是每个租户的基础，其他模块的记录都用到它，不能关闭",
    "module {module} underlies every tenant (the other modules' records name its data) and cannot be switched off",
)
TENANT_FILE_TOML = Msg("tenant_file.toml", "不是有效的 TOML：{error}", "not valid TOML: {error}")
TENANT_FILE_SLUG = Msg(
    "tenant_file.slug",
    "slug “{slug}”与所在文件夹“{folder}”不一致",
    "slug '{slug}' does not match its folder '{folder}'",
)
TENANT_FILE_INVALID = Msg("tenant_file.invalid", "内容有误：{error}", "{error}")

# --- accounts and tokens -----------------------------------------------------------------

TOKEN_NOT_FOUND = Msg("token_not_found", "令牌 {key} 不存在", "token {key} not found")
TOKEN_AMBIGUOUS = Msg(
    "token_ambiguous",
    "前缀 {prefix} 对应 {count} 个令牌，请按编号吊销",
    "prefix {prefix} matches {count} tokens; revoke by id",
)
UNKNOWN_ROLE = Msg("token.unknown_role", "未知角色“{role}”，可选：{roles}", "unknown role '{role}'; one of: {roles}")
PLATFORM_TOKEN_WITH_TENANT = Msg(
    "token.platform_with_tenant", "{role} 令牌不属于任何租户", "a {role} token is not bound to a tenant"
)
TOKEN_NEEDS_TENANT = Msg("token.needs_tenant", "{role} 令牌须指定租户", "a {role} token needs a tenant")
TOKEN_NEEDS_ORG = Msg(
    "token.needs_org", "org_officer 令牌须指定其负责的组织", "an org_officer token needs the org it runs"
)
TOKEN_TENANT_MISMATCH = Msg("token.tenant_mismatch", "须为 {tenant}（或不填）", "must be {tenant} (or left out)")

TOKEN_MISSING = Msg("token_missing", "需要提供 Bearer 令牌", "a bearer token is required")
TOKEN_INVALID = Msg("token_invalid", "令牌无效", "the token is not valid")
TOKEN_REVOKED = Msg("token_revoked", "令牌已被吊销", "the token has been revoked")
TOKEN_EXPIRED = Msg("token_expired", "令牌已过期", "the token has expired")

# --- guards ------------------------------------------------------------------------------

PLATFORM_ADMIN_ONLY = Msg(
    "role_forbidden.platform_only", "此操作需要 platform_admin 角色", "this needs the platform_admin role"
)
ROLE_MAY_NOT = Msg(
    "role_forbidden.role",
    "角色 {role} 无权进行此操作，需要以下角色之一：{allowed}",
    "role {role} may not do this; needs one of {allowed}",
)
NO_PLATFORM_TOKENS_HERE = Msg(
    "role_forbidden.issue_platform_admin",
    "租户不能签发 {role} 令牌（该角色属于全区，不属于租户）",
    "a tenant cannot issue {role} tokens (a role of the region, not of a tenant)",
)
NOT_THIS_TENANT = Msg(
    "tenant_forbidden.token", "此令牌不属于租户 {tenant}", "this token does not belong to tenant {tenant}"
)
OTHER_TENANTS_TOKEN = Msg("tenant_forbidden.other_token", "该令牌不属于本租户", "that token is not this tenant's")

# --- the command line (`server.platform.console`, `server/cli.py`) -------------------------

NO_DATABASE = Msg("cli.no_database", "无法连接数据库：{error}", "cannot reach the database: {error}")
FILE_ERROR = Msg("cli.file_error", "无法读写文件或目录：{error}", "cannot read or write a file or folder: {error}")
PROCESS_EXITED = Msg(
    "cli.process_exited", "有进程在启动时退出，请查看上方日志", "a process exited during start-up; see the log above"
)
NOT_READY = Msg(
    "cli.not_ready", "API 在 {seconds} 秒内未在 {url} 就绪", "the API did not become ready at {url} within {seconds}s"
)
WORKER_SILENT = Msg(
    "cli.worker_silent",
    "本机（{host}）没有 worker 在最近 {seconds} 秒内报过心跳",
    "no worker on this host ({host}) has beaten in the last {seconds}s",
)
CHILD_EXITED = Msg(
    "cli.child_exited",
    "{name} 已退出（退出状态 {status}），{delay} 秒后重启",
    "{name} exited (status {status}); restarting it in {delay}s",
)
CHILD_RESTARTED = Msg(
    "cli.child_restarted",
    "{name} 已重启（进程 {pid}，第 {count} 次重启）",
    "{name} restarted (pid {pid}, restart {count})",
)
CHILD_START_FAILED = Msg(
    "cli.child_start_failed",
    "{name} 启动失败：{error}；{delay} 秒后重试",
    "{name} failed to start: {error}; trying again in {delay}s",
)
BAD_LANGUAGE = Msg(
    "cli.bad_language", "未知语言“{lang}”，可选：zh-CN, en", "unknown language '{lang}'; one of: zh-CN, en"
)
TOKEN_ID_OR_PREFIX = Msg("cli.token_id_or_prefix", "请给出令牌编号或 --prefix", "give a token id or --prefix")
OPTION_NOT_A_DATE = Msg(
    "cli.not_a_date", "{option}：“{value}”不是有效日期（YYYY-MM-DD）", "{option}: '{value}' is not a date (YYYY-MM-DD)"
)

CLI_WROTE = Msg("cli.wrote", "已写入 {path}", "wrote {path}")  # a file a command wrote

# What the core commands say they did (server/cli.py, server/platform/setup.py, server/demo.py);
# commands, URLs, paths, slugs and schema names stay as typed.
CLI_WORKER_BEAT = Msg("cli.worker_beat", "{worker} 于 {at} UTC 报过心跳", "{worker} beat at {at} UTC")
CLI_MIGRATED_SCHEMA = Msg(
    "cli.migrated_schema", "{schema}：执行了 {count} 个迁移", "{schema}: {count} migration(s) applied"
)
CLI_MIGRATED = Msg(
    "cli.migrated", "已迁移平台及 {count} 个租户的数据库", "migrated platform and {count} tenant schema(s)"
)
CLI_STARTING = Msg("cli.up.starting", "塞上 Saishang 正在启动，数据目录 {home}", "塞上 Saishang starting in {home}")
CLI_TENANTS_CREATED = Msg("cli.up.tenants_created", "已创建租户：{tenants}", "created tenants: {tenants}")
CLI_DEMO_LINE = Msg("cli.up.demo_line", "  演示数据：{line}", "  demo: {line}")
CLI_UP_TITLE = Msg("cli.up.title", "塞上 Saishang 已启动", "塞上 Saishang is up")
CLI_UP_API = Msg("cli.up.api", "接口", "API")
CLI_UP_DOCS = Msg("cli.up.docs", "接口文档", "API docs")
CLI_UP_HEALTH = Msg("cli.up.health", "健康检查", "Health")
CLI_UP_PAYMENTS = Msg("cli.up.payments", "支付通道", "Payments")
CLI_UP_SIMULATED_BANK = Msg("cli.up.simulated_bank", "{url}（模拟银行）", "{url} (simulated bank)")
CLI_UP_FAKE_BOT_API = Msg("cli.up.fake_bot_api", "{url}（模拟 Bot API）", "{url} (fake Bot API)")
CLI_UP_TOKEN = Msg("cli.up.token", "管理员令牌", "Admin token")
CLI_UP_TOKEN_FILE = Msg("cli.up.token_file", "{path}（角色 platform_admin）", "{path} (role platform_admin)")
CLI_UP_TUI = Msg("cli.up.tui", "终端界面", "TUI")
CLI_UP_TUI_HOW = Msg("cli.up.tui_how", "{command}（在另一个终端中运行）", "{command}  (in another terminal)")
CLI_UP_STOP = Msg("cli.up.stop", "停止", "Stop")
CLI_UP_TRY = Msg("cli.up.try", "试一试：{command}", "Try: {command}")
CLI_STOPPED = Msg("cli.up.stopped", "已停止；数据保留在 {home}", "stopped; data kept in {home}")
CLI_DEMO_ALREADY = Msg("cli.demo.already", "{tenant}/{module}：已载入过", "{tenant}/{module}: already loaded")
CLI_DEMO_LOADING = Msg("cli.demo.loading", "{tenant}/{module}：正在载入", "{tenant}/{module}: loading")
CLI_DEMO_DONE = Msg("cli.demo.done", "{tenant}/{module}：完成", "{tenant}/{module}: done")
CLI_DEMO_REVIEW_ALREADY = Msg("cli.demo.review_already", "{year} 年度评选：已载入过", "review {year}: already loaded")
CLI_DEMO_REVIEW_SKIPPED = Msg(
    "cli.demo.review_skipped",
    "{year} 年度评选：跳过，缺少租户 {tenants}",
    "review {year}: skipped, no tenant {tenants}",
)
CLI_DEMO_REVIEW_LOADED = Msg(
    "cli.demo.review_loaded",
    "{year} 年度评选：{nominations} 个申报项目，{selected} 个入选并已公布",
    "review {year}: {nominations} nominations, {selected} selected and published",
)
CLI_MODULES_ON = Msg(
    "cli.modules_on",
    "{tenant}（{slug}）已开启 {count} 个模块：{names}（代码 {codes}）",
    "{tenant} ({slug}) has {count} module(s) on: {names} (codes {codes})",
)
CLI_TOKEN_MADE = Msg(
    "cli.token_made",
    "令牌 #{id} {prefix}…，角色 {role}，租户 {tenant}，组织 {org}，到期 {expires}；请立即保存，它不会再显示",
    "token #{id} {prefix}…, role {role}, tenant {tenant}, org {org}, expires {expires}; "
    "store it now, it is not shown again",
)
CLI_NEVER = Msg("cli.word.never", "永不", "never")
CLI_TOKEN_REVOKED = Msg(
    "cli.token_revoked", "令牌 #{id} {prefix}… 已于 {at} 吊销", "token #{id} {prefix}… revoked at {at}"
)
CLI_ADMIN_MADE = Msg(
    "cli.admin_made",
    "平台管理员“{name}”：令牌 #{id} {prefix}…；请立即保存，它不会再显示",
    "platform admin '{name}': token #{id} {prefix}…; store it now, it is not shown again",
)
CLI_KEY_OPENS = Msg(
    "cli.key_opens",
    "安装密钥（{source}）能打开本数据库的数据",
    "the installation key ({source}) opens this database's data",
)
CLI_RESEALED = Msg("cli.resealed", "{step}：重新加密了 {rows} 行", "{step}: {rows} row(s) re-sealed")
CLI_ROTATION_FINISHED_BEFORE = Msg(
    "cli.rotation_finished_before",
    "轮换此前已完成：数据库已由新密钥加密",
    "the rotation had finished already: the database is sealed under the new key",
)
CLI_ROTATION_DONE = Msg(
    "cli.rotation_done",
    "轮换完成：分 {batches} 批重新加密了 {rows} 行",
    "rotation done: {rows} row(s) re-sealed in {batches} batch(es)",
)
CLI_ROTATION_DEV_FILE = Msg(
    "cli.rotation_dev_file",
    "开发用密钥文件 {path} 现已存放新密钥",
    "the development key file {path} now holds the new key",
)
CLI_ROTATION_GIVE_KEY = Msg(
    "cli.rotation_give_key",
    "现在请把新密钥交给每个进程（SAISHANG_ID_KEY 或 SAISHANG_ID_KEY_FILE），再启动它们",
    "now give every process the new key (SAISHANG_ID_KEY or SAISHANG_ID_KEY_FILE) and start them",
)

# The words of the CLI's plain-text tables (`--json` answers the codes; these are for a reader).
CLI_FIGURE = Msg("cli.word.figure", "指标", "figure")
CLI_VALUE = Msg("cli.word.value", "数值", "value")
CLI_TOTAL = Msg("cli.word.total", "合计", "total")
CLI_NOT_ON = Msg("cli.word.not_on", "未启用", "not on")
CLI_REGION = Msg("cli.word.region", "全区", "region")
CLI_REGION_COUNT = Msg(
    "cli.region_count", "{on} 个租户已启用“{module}”，{off} 个未启用", "{on} tenant(s) with {module} on, {off} not on"
)
CLI_REVIEW_LINE = Msg(
    "cli.review_line",
    "{title}（{year}）· {state} · 申报截止 {deadline}",
    "{title} ({year}) · {state} · nominations until {deadline}",
)
CLI_CRITERIA = Msg("cli.word.criteria", "评选标准", "criteria")
CLI_CRITERION = Msg("cli.word.criterion", "标准", "criterion")
CLI_DESCRIPTION = Msg("cli.word.description", "说明", "description")
CLI_MAX_SCORE = Msg("cli.word.max_score", "满分", "full marks")
CLI_STANDINGS = Msg("cli.word.standings", "得分排名（未公布）", "standings (not published)")
CLI_SELECTED = Msg("cli.word.selected", "入选项目", "selected")
# `tenant adoption` and `tenant switches`: the TUI dashboard's words (已启用 / 开启 / 关闭 ...)
CLI_MODULE = Msg("cli.word.module", "模块", "module")
CLI_PIONEER = Msg("cli.word.pioneer", "首创", "pioneer")
CLI_ON = Msg("cli.word.on", "已启用", "on")
CLI_SINCE = Msg("cli.since", "{tenant}（{date} 起）", "{tenant} (since {date})")
CLI_WHEN = Msg("cli.word.when", "时间", "when")
CLI_TENANT = Msg("cli.word.tenant", "租户", "tenant")
CLI_SWITCHED = Msg("cli.word.switched", "开关", "switched")
CLI_BY = Msg("cli.word.by", "操作人", "by")
CLI_SWITCHED_ON = Msg("cli.word.switched_on", "开启", "on")
CLI_SWITCHED_OFF = Msg("cli.word.switched_off", "关闭", "off")
# `tenant list` and `tenant show`: the slug and the module codes stay (the commands take them)
CLI_SLUG = Msg("cli.word.slug", "代码", "slug")
CLI_NAME_ZH = Msg("cli.word.name_zh", "中文名称", "Chinese name")
CLI_NAME_EN = Msg("cli.word.name_en", "英文名称", "English name")
CLI_PARENT = Msg("cli.word.parent", "上级", "parent")
CLI_STATUS = Msg("cli.word.status", "状态", "status")
CLI_ACTIVE = Msg("cli.word.active", "启用", "active")
CLI_DISABLED = Msg("cli.word.disabled", "停用", "disabled")
# `token list`: the id and prefix stay (`token revoke` takes them), the role in words
CLI_ID = Msg("cli.word.id", "编号", "id")
CLI_PREFIX = Msg("cli.word.prefix", "前缀", "prefix")
CLI_ROLE = Msg("cli.word.role", "角色", "role")
CLI_ORG = Msg("cli.word.org", "组织", "org")
CLI_ACCOUNT = Msg("cli.word.account", "账号", "account")
CLI_CREATED = Msg("cli.word.created", "创建时间", "created")
CLI_EXPIRES = Msg("cli.word.expires", "到期时间", "expires")
CLI_REVOKED = Msg("cli.word.revoked", "吊销时间", "revoked")
CLI_TENANT_DISABLED = Msg(
    "cli.tenant_disabled",
    "已停用租户 {tenant}（{slug}）：其接口一律返回 404，数据保留",
    "tenant {tenant} ({slug}) disabled: its routes answer 404, its data is kept",
)
CLI_TENANT_ENABLED = Msg(
    "cli.tenant_enabled", "已重新启用租户 {tenant}（{slug}）", "tenant {tenant} ({slug}) enabled again"
)

# --- reports -----------------------------------------------------------------------------

NO_SUCH_REPORT = Msg(
    "report_not_found.unknown", "没有报表“{module}”；可选：{known}", "no report '{module}'; known: {known}"
)
NO_REPORT_YET = Msg("report_not_found.none_yet", "模块 {module} 尚无报表", "module {module} has no report yet")

# --- figures across tenants ----------------------------------------------------------------

NO_REGION_REPORT = Msg(
    "report_not_found.region",
    "没有可跨租户汇总的报表“{module}”；可选：{known}",
    "no report '{module}' to add up across tenants; known: {known}",
)
REPORT_NEEDS_TENANT = Msg(
    "cli.report_needs_tenant",
    "请用 --tenant 指定租户，或用 --region 看全区（与 --tenant 同用：该租户及其下级）",
    "name a tenant with --tenant, or ask for the region with --region (with --tenant: that tenant and those under it)",
)

# --- the yearly innovation review -----------------------------------------------------------

REVIEW_NOT_FOUND = Msg("review_not_found", "没有 {key} 年度的创新项目评选", "no innovation review for {key}")
REVIEW_EXISTS = Msg("review_exists", "{year} 年度的评选已存在", "the {year} review exists already")
NOMINATION_NOT_FOUND = Msg("nomination_not_found", "申报项目 {key} 不存在", "nomination {key} not found")
CRITERIA_PUBLISHED = Msg(
    "review_state.criteria_published",
    "{year} 年度评选的标准已公布，不能再改",
    "the criteria of the {year} review are published and can no longer change",
)
NO_CRITERIA = Msg("review.no_criteria", "公布前须至少有一项评选标准", "at least one criterion before publishing")
REVIEW_NOT_OPEN = Msg(
    "review_state.not_open",
    "{year} 年度评选当前不受理申报（{state}）",
    "the {year} review takes no nominations now ({state})",
)
NOMINATIONS_CLOSED = Msg(
    "review_state.deadline_passed",
    "{year} 年度评选的申报已于 {deadline} 截止",
    "nominations for the {year} review closed on {deadline}",
)
DEADLINE_IN_PAST = Msg(
    "review.deadline_in_past",
    "申报截止日 {deadline} 早于今天（{today}），请填写今天或以后的日期",
    "the deadline {deadline} is before today ({today}): give today or a later day",
)
DEADLINE_PUBLISHED = Msg(
    "review_state.deadline_published",
    "{year} 年度评选已发布，申报截止日不能再改",
    "the {year} review is open: its published deadline can no longer change",
)
DEADLINE_NOT_PASSED = Msg(
    "review_state.deadline_not_passed",
    "申报截止日 {deadline} 未过，不能结束申报",
    "the deadline {deadline} has not passed: nominations stay open until then",
)
NOT_SCORING = Msg(
    "review_state.not_scoring",
    "{year} 年度评选当前不在评分阶段（{state}）",
    "the {year} review is not being scored ({state})",
)
NOT_PUBLISHED = Msg(
    "review_state.not_published", "{year} 年度评选结果尚未公布", "the result of the {year} review is not published yet"
)
CLAIMS_NEED_MODULE = Msg(
    "review.claims_need_module",
    "所报数据须对应一个模块的报表：请填写项目所依托的模块",
    "claimed figures are read beside a module's report: name the module the project runs on",
)
UNKNOWN_FIGURE = Msg(
    "review.unknown_figure",
    "“{module}”的报表没有数据项“{figure}”；可选：{known}",
    "the report of {module} has no figure '{figure}'; known: {known}",
)
NOT_A_REPORTING_MODULE = Msg(
    "review.not_a_module",
    "“{module}”不是有报表的模块；可选：{known}",
    "'{module}' is not a module with a report; known: {known}",
)
MODULE_OFF_FOR_TENANT = Msg(
    "review.module_off", "本租户未开通“{module}”", "{module} is not switched on for this tenant"
)
SCORE_ABOVE_MAX = Msg(
    "review.score_above_max", "不能超过该标准的满分 {max}", "must be at most the criterion's maximum {max}"
)
CRITERION_NOT_OF_REVIEW = Msg(
    "review.criterion_not_of_review", "标准 {key} 不属于 {year} 年度评选", "criterion {key} is not of the {year} review"
)
NOT_SUBMITTED = Msg(
    "review.not_submitted",
    "申报项目 {key} 未提交，不能评分或入选",
    "nomination {key} was not submitted: it is not scored or selected",
)
REVIEWER_ONLY = Msg(
    "role_forbidden.reviewer_only", "此操作需要 reviewer（评审专家）角色", "this needs the reviewer role"
)
# What a tenant reads in a reviewer's place: the panel scores anonymously to the tenants.
ANONYMOUS_REVIEWER = Msg("review.anonymous_reviewer", "评审{n}", "Reviewer {n}")
PANEL_ONLY = Msg(
    "role_forbidden.panel_only",
    "此操作需要 platform_admin 或 reviewer 角色",
    "this needs the platform_admin or reviewer role",
)

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_PLATFORM_TENANT_CREATED = Msg("activity.platform.tenant.created", "新建租户", "tenant created")
ACTIVITY_PLATFORM_TENANT_UPDATED = Msg("activity.platform.tenant.updated", "修改租户信息", "tenant updated")
ACTIVITY_PLATFORM_TENANT_DISABLED = Msg("activity.platform.tenant.disabled", "停用租户", "tenant disabled")
ACTIVITY_PLATFORM_TENANT_ENABLED = Msg("activity.platform.tenant.enabled", "启用租户", "tenant enabled")
ACTIVITY_PLATFORM_MODULE_ENABLED = Msg("activity.platform.module.enabled", "开启模块", "module switched on")
ACTIVITY_PLATFORM_MODULE_DISABLED = Msg("activity.platform.module.disabled", "关闭模块", "module switched off")
ACTIVITY_PLATFORM_TOKEN_ISSUED = Msg("activity.platform.token.issued", "签发令牌", "token issued")
ACTIVITY_PLATFORM_TOKEN_REVOKED = Msg("activity.platform.token.revoked", "吊销令牌", "token revoked")
# `saishang demo` marks each module's demo data as loaded, once (server/demo.py: `demo.loaded.<module>`)
ACTIVITY_DEMO_LOADED_ORGS = Msg(
    "activity.demo.loaded.orgs", "载入演示数据：组织与会员", "demo data loaded: orgs and members"
)
ACTIVITY_DEMO_LOADED_PAIRING = Msg(
    "activity.demo.loaded.pairing", "载入演示数据：名师带高徒", "demo data loaded: master-apprentice pairing"
)
ACTIVITY_DEMO_LOADED_WELFARE = Msg(
    "activity.demo.loaded.welfare", "载入演示数据：送温暖与救助", "demo data loaded: welfare and relief"
)
ACTIVITY_DEMO_LOADED_SKILLS = Msg("activity.demo.loaded.skills", "载入演示数据：技能提升", "demo data loaded: skills")
ACTIVITY_DEMO_LOADED_AUDIT = Msg(
    "activity.demo.loaded.audit", "载入演示数据：经费绩效审计", "demo data loaded: fund audit"
)
ACTIVITY_DEMO_LOADED_ROTATION = Msg(
    "activity.demo.loaded.rotation", "载入演示数据：基层工会主席轮值", "demo data loaded: rotating chair"
)
ACTIVITY_DEMO_LOADED_VOICE = Msg(
    "activity.demo.loaded.voice", "载入演示数据：职工维权服务", "demo data loaded: workers' voice"
)
ACTIVITY_DEMO_LOADED_REPS = Msg(
    "activity.demo.loaded.reps", "载入演示数据：职工代表", "demo data loaded: worker representatives"
)
# --- setting up (server/platform/setup.py) -------------------------------------------------

FILE_EXISTS = Msg("setup.file_exists", "文件 {path} 已存在，不会覆盖", "{path} exists already; it is not overwritten")
ADMIN_EXISTS = Msg(
    "setup.admin_exists",
    "已有平台管理员（{account}，令牌 #{id} {prefix}…），未新建；确需再建一个，请加 --another",
    "a platform admin exists already ({account}, token #{id} {prefix}…); nothing made: add --another to make one more",
)
TENANT_FILE_MISSING = Msg(
    "setup.tenant_file_missing",
    "{path} 不是租户文件夹（其中应有 tenant.toml）或租户文件",
    "{path} is not a tenant folder (holding tenant.toml) or a tenant file",
)
TENANT_FROM_OR_FIELDS = Msg(
    "setup.tenant_from_or_fields",
    "请给出 SLUG、--name-zh 和 --name-en，或用 --from tenants/<slug> 读取租户文件（二者择一）",
    "give SLUG, --name-zh and --name-en, or --from tenants/<slug> to load a tenant file (one or the other)",
)
ACTIVITY_PLATFORM_REVIEW_CREATED = Msg(
    "activity.platform.review.created", "发起年度创新项目评选", "innovation review started"
)
ACTIVITY_PLATFORM_REVIEW_UPDATED = Msg(
    "activity.platform.review.updated", "修改年度评选（名称或截止日）", "review renamed or its deadline moved"
)
ACTIVITY_PLATFORM_REVIEW_CRITERIA_SET = Msg(
    "activity.platform.review.criteria_set", "设定评选标准", "review criteria set"
)
ACTIVITY_PLATFORM_REVIEW_OPENED = Msg(
    "activity.platform.review.opened", "公布标准并开始申报", "criteria published, nominations open"
)
ACTIVITY_PLATFORM_REVIEW_CLOSED = Msg("activity.platform.review.closed", "申报截止", "nominations closed")
ACTIVITY_PLATFORM_REVIEW_SCORED = Msg("activity.platform.review.scored", "评审打分", "nomination scored")
ACTIVITY_PLATFORM_REVIEW_PUBLISHED = Msg(
    "activity.platform.review.published", "公布评选结果", "review result published"
)
ACTIVITY_PLATFORM_NOMINATION_CREATED = Msg(
    "activity.platform.nomination.created", "申报创新项目", "innovation project nominated"
)
ACTIVITY_PLATFORM_NOMINATION_UPDATED = Msg(
    "activity.platform.nomination.updated", "修改申报项目", "nomination rewritten"
)
ACTIVITY_PLATFORM_NOMINATION_SUBMITTED = Msg(
    "activity.platform.nomination.submitted", "提交申报项目", "nomination submitted"
)
ACTIVITY_PLATFORM_NOMINATION_WITHDRAWN = Msg(
    "activity.platform.nomination.withdrawn", "撤回申报项目", "nomination withdrawn"
)
