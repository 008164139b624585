"""The welfare module's part of the message catalogue (see `server/messages.py`).

Codes that other modules may well use too (`role_forbidden`, `not_pending`, `already_decided`,
...) are catalogued under `welfare.<code>.<case>` and raised with `code="<code>"`, so the API
answers the same code it always did and no two modules claim one catalogue entry."""

from server.messages import Msg

# --- who may do what -------------------------------------------------------------------------

OFFICERS_ONLY = Msg(
    "welfare.role_forbidden.officers",
    "此操作须由市总工会管理员或基层工会干部办理",
    "this needs a tenant_admin or org_officer",
)
FEDERATION_CAMPAIGN_ADMINS_ONLY = Msg(
    "welfare.role_forbidden.federation_campaign",
    "全市范围的救助活动须由市总工会管理员创建",
    "a federation-wide campaign needs a tenant_admin",
)
APPROVE_ADMINS_ONLY = Msg(
    "welfare.role_forbidden.approve",
    "审批救助活动须由市总工会管理员办理",
    "approving a campaign needs a tenant_admin",
)
DECIDE_ADMINS_ONLY = Msg(
    "welfare.role_forbidden.decide",
    "审批救助申请须由市总工会管理员办理",
    "deciding an application needs a tenant_admin",
)

# --- lookups ---------------------------------------------------------------------------------

HOUSEHOLD_NOT_FOUND = Msg("household_not_found", "困难职工档案 #{key} 不存在", "household {key} not found")
CAMPAIGN_NOT_FOUND = Msg("campaign_not_found", "救助活动 #{key} 不存在", "campaign {key} not found")
APPLICATION_NOT_FOUND = Msg("application_not_found", "救助申请 #{key} 不存在", "application {key} not found")
BATCH_NOT_FOUND = Msg("payout_batch_not_found", "发放批次 #{key} 不存在", "payout batch {key} not found")

# --- field errors ----------------------------------------------------------------------------

NO_SUCH_MEMBER = Msg(
    "welfare.field.no_such_member", "本地总工会没有会员 #{member}", "member {member} does not exist in this federation"
)
NO_SUCH_ORG = Msg(
    "welfare.field.no_such_org", "本地总工会没有组织 #{org}", "org {org} does not exist in this federation"
)
HOUSEHOLD_SIZE = Msg("welfare.field.household_size", "应为1到20之间的整数", "must be a whole number between 1 and 20")
REASONS_REQUIRED = Msg(
    "welfare.field.reasons_required", "至少填写一项致困原因：{choices}", "give at least one of: {choices}"
)
UNKNOWN_REASON = Msg(
    "welfare.field.unknown_reason",
    "未知的致困原因“{reason}”，可选：{choices}",
    "unknown reason '{reason}'; one of: {choices}",
)
INCOME_PER_HEAD = Msg(
    "welfare.field.income_per_head", "应为以分计的整数，不小于0", "must be a whole number of fen, 0 or more"
)
EVIDENCE_TOO_LONG = Msg("welfare.field.evidence_too_long", "不超过4000个字符", "at most 4000 characters")
LIFT_REASON_REQUIRED = Msg(
    "welfare.field.lift_reason_required", "请说明脱困原因", "say why the household is lifted out of hardship"
)
LIFTED_BEFORE_ACTIVE = Msg(
    "welfare.field.lifted_before_active",
    "不能早于档案生效日期（{active_from}）",
    "must not be before the file became active ({active_from})",
)
ONE_OF = Msg("welfare.field.one_of", "应为以下之一：{choices}", "must be one of: {choices}")
CAMPAIGN_NAME = Msg("welfare.field.campaign_name", "应为1到200个字符", "must be 1-200 characters")
YEAR = Msg("welfare.field.year", "应为1949到2100之间的年份", "must be a year between 1949 and 2100")
MEMO_TOO_LONG = Msg(
    "welfare.field.memo_too_long",
    "不超过60个字符（将打印在银行回单上）",
    "at most 60 characters (it goes on the bank slip)",
)
ELIGIBILITY_RULE = Msg(
    "welfare.field.eligibility_rule",
    "应为 hardship_households（困难职工档案）或 applications（救助申请）",
    "must be hardship_households or applications",
)
REASON_UNKNOWN = Msg("welfare.field.reason_unknown", "未知的致困原因“{reason}”", "unknown reason '{reason}'")
NO_BRACKETS = Msg("welfare.field.no_brackets", "至少设置一个家庭人口档次", "give at least one bracket")
LAST_BRACKET_OPEN = Msg(
    "welfare.field.last_bracket_open",
    "最后一档的 up_to 应为 null（不限人数）",
    "the last bracket must have up_to null (any size)",
)
BRACKETS_RISE = Msg("welfare.field.brackets_rise", "各档的 up_to 应逐档递增", "brackets must rise in up_to")
APPROVED_AMOUNT_NEEDS_APPLICATIONS = Msg(
    "welfare.field.approved_amount_needs_applications",
    "按核定金额发放须以救助申请（applications）确定对象",
    "approved_amount needs eligibility rule applications",
)
AMOUNT_RULE = Msg(
    "welfare.field.amount_rule",
    "应为 flat、by_household_size、by_reason 或 approved_amount",
    "must be flat, by_household_size, by_reason or approved_amount",
)
RULE_NEEDS_HOUSEHOLDS = Msg(
    "welfare.field.rule_needs_households",
    "{rule} 须以困难职工档案（hardship_households）确定对象",
    "{rule} needs eligibility rule hardship_households",
)
OVER_REQUESTED = Msg(
    "welfare.field.over_requested",
    "不能超过申请金额 {requested} 分",
    "must not exceed the {requested} fen requested",
)

# --- the registry, campaigns and applications ----------------------------------------------

HOUSEHOLD_EXISTS = Msg(
    "household_exists",
    "会员 #{member} 已有未结束的困难职工档案",
    "member {member} already has an open hardship file",
)
NOT_PENDING_ACTIVE = Msg(
    "welfare.not_pending.active",
    "困难职工档案 #{household} 已审核通过，无需再审",
    "household {household} is active, not pending review",
)
NOT_PENDING_REJECTED = Msg(
    "welfare.not_pending.rejected",
    "困难职工档案 #{household} 已被驳回，不能再审",
    "household {household} is rejected, not pending review",
)
NOT_PENDING_LIFTED = Msg(
    "welfare.not_pending.lifted",
    "困难职工档案 #{household} 已脱困，不能再审",
    "household {household} is lifted, not pending review",
)
NOT_ACTIVE_PENDING = Msg(
    "welfare.not_active.pending",
    "困难职工档案 #{household} 尚未审核通过，不能办理脱困",
    "household {household} is pending, not active",
)
NOT_ACTIVE_REJECTED = Msg(
    "welfare.not_active.rejected",
    "困难职工档案 #{household} 已被驳回，不能办理脱困",
    "household {household} is rejected, not active",
)
NOT_ACTIVE_LIFTED = Msg(
    "welfare.not_active.lifted",
    "困难职工档案 #{household} 已脱困",
    "household {household} is lifted, not active",
)
ALREADY_APPROVED = Msg(
    "welfare.already_approved", "救助活动 #{campaign} 已审批", "campaign {campaign} is already approved"
)
NO_BENEFICIARIES = Msg(
    "no_beneficiaries", "救助活动 #{campaign} 没有符合条件的发放对象", "campaign {campaign} has nobody to pay"
)
ZERO_AMOUNT = Msg(
    "welfare.zero_amount",
    "按金额规则，{beneficiary} 的发放金额为零",
    "the amount rule gives {beneficiary} nothing",
)
NO_APPLICATIONS = Msg(
    "no_applications",
    "救助活动 #{campaign} 按困难职工档案发放，不受理申请",
    "campaign {campaign} pays hardship households, not applications",
)
CAMPAIGN_CLOSED_APPLY = Msg(
    "welfare.campaign_closed.apply",
    "救助活动 #{campaign} 已审批，停止受理申请",
    "campaign {campaign} is approved: applications are closed",
)
CAMPAIGN_CLOSED_DECIDE = Msg(
    "welfare.campaign_closed.decide",
    "救助活动已审批，其申请不能再变更",
    "the campaign is already approved: its applications are final",
)
APPLICATION_EXISTS = Msg(
    "application_exists",
    "会员 #{member} 已申请过救助活动 #{campaign}",
    "member {member} already applied to campaign {campaign}",
)
ALREADY_DECIDED_APPROVED = Msg(
    "welfare.already_decided.approved",
    "救助申请 #{application} 已批准",
    "application {application} is already approved",
)
ALREADY_DECIDED_REJECTED = Msg(
    "welfare.already_decided.rejected",
    "救助申请 #{application} 已驳回",
    "application {application} is already rejected",
)
NOT_APPROVED = Msg(
    "welfare.not_approved",
    "救助活动 #{campaign} 尚未审批，还没有发放",
    "campaign {campaign} is not approved yet: nothing is being paid",
)

# --- the disbursement engine -----------------------------------------------------------------

SOURCE_SHAPE = Msg("welfare.field.source", "格式应为 'module.kind:id'", "must look like 'module.kind:id'")
NO_ITEMS = Msg("welfare.field.no_items", "一个批次至少要有一笔发放", "a batch needs at least one payout")
BENEFICIARY_LENGTH = Msg("welfare.field.beneficiary", "应为1到60个字符", "must be 1-60 characters")
BENEFICIARY_TWICE = Msg(
    "welfare.field.beneficiary_twice", "{beneficiary} 在批次中出现两次", "{beneficiary} appears twice in the batch"
)
PAYEE_NAME = Msg("welfare.field.payee_name", "应为1到100个字符", "must be 1-100 characters")
FEN_INTEGER = Msg(
    "welfare.field.fen_integer",
    "应为以分计的整数，不能是 {kind}",
    "must be a whole number of fen (integer), not {kind}",
)
FEN_POSITIVE = Msg("welfare.field.fen_positive", "应大于0分", "must be more than 0 fen")
BANK_ACCOUNT = Msg(
    "welfare.field.bank_account",
    "应为银行账号：6到32位字母、数字或连字符",
    "must be a bank account: 6-32 letters, digits or dashes",
)
OVER_BUDGET = Msg(
    "welfare.over_budget.total",
    "发放合计 {total} 分，超出预算 {budget} 分",
    "the payouts total {total} fen, over the budget of {budget} fen",
)
LEDGER_REFUSED = Msg("welfare.over_budget.ledger", "账本拒绝写入：{constraint}", "refused by the ledger: {constraint}")
ALREADY_PAID = Msg(
    "welfare.already_paid",
    "{source} 已有发放批次：每项只发放一次",
    "{source} already has a payout batch: it is paid once",
)
DUPLICATE_PAYOUT = Msg(
    "duplicate_payout",
    "付款参考号或发放对象重复：{conflict}",
    "a payment reference or beneficiary repeats: {conflict}",
)
WRONG_CHANNEL = Msg(
    "welfare.wrong_channel",
    "发放批次 #{batch} 是经「{paid_through}」通道支付的，不能用「{channel}」通道对账，否则会报出并不存在的差异："
    "请连接当初付款的通道（`saishang up` 的运行记录 run.json，或 SAISHANG_PAYMENT_CHANNEL_URL）",
    "payout batch {batch} was paid through the {paid_through} channel; reconciling it against {channel} would "
    "report differences that are not there: use the channel that paid it (the run file of `saishang up`, "
    "or SAISHANG_PAYMENT_CHANNEL_URL)",
)

# --- bank files ------------------------------------------------------------------------------

FILE_HEADER = Msg("welfare.file.header", "表头应为 {header}", "header must be {header}")
BANK_FILE_NOT_FOUND = Msg("welfare.bank_file_not_found", "银行代发文件 {name} 不存在", "no bank file {name}")
NO_SUCH_FILE = Msg("welfare.no_such_file", "文件 {path} 不存在", "{path}: no such file")
FILE_COLUMNS = Msg(
    "welfare.file.columns", "应有 {expected} 列，实有 {got} 列", "expected {expected} columns, got {got}"
)
FILE_REFERENCE = Msg("welfare.file.reference", "应为1到40位字母或数字", "must be 1-40 letters or digits")
FILE_REFERENCE_TWICE = Msg("welfare.file.reference_twice", "在文件中出现两次", "appears twice in the file")
FILE_STATUS = Msg("welfare.file.status", "应为 SUCCESS 或 FAILED", "must be SUCCESS or FAILED")
FILE_AMOUNT = Msg(
    "welfare.file.amount", "应为正数金额，至多两位小数", "must be a positive amount with at most two decimals"
)
FILE_BANK_TXN = Msg(
    "welfare.file.bank_txn", "SUCCESS 行须填写银行流水号", "a SUCCESS line needs the bank's transaction number"
)


# --- `saishang welfare pay` and `reconcile`: their lines and table, in the CLI's language -------

CLI_PROGRESS = Msg(
    "welfare.cli.progress",
    "已发放 {paid} · 失败 {failed} · 发送中 {in_flight} · 待查 {unknown} · 待发 {pending} · ¥{paid_yuan}",
    "paid {paid} · failed {failed} · in flight {in_flight} · unknown {unknown} · pending {pending} · ¥{paid_yuan}",
)
CLI_PAID = Msg(
    "welfare.cli.paid",
    "已发放 {paid} 笔（¥{paid_yuan}），失败 {failed} 笔，待查 {unknown} 笔，未完成 {open} 笔；"
    "存疑后查实 {recovered} 笔；用时 {seconds} 秒",
    "{paid} paid (¥{paid_yuan}), {failed} failed, {unknown} unknown, {open} open; "
    "{recovered} recovered from doubt; {seconds}s",
)
CLI_SIMULATING = Msg(
    "welfare.cli.simulating",
    "模拟支付渠道运行于 http://{host}:{port}（故障率 {rate}：{kinds}；种子 {seed}；去重{dedupe}；记录{record}）",
    "simulated payment channel on http://{host}:{port} (faults {rate}: {kinds}; seed {seed}; dedupe {dedupe}; "
    "record {record})",
)
CLI_DEDUPE_ON = Msg("welfare.cli.dedupe_on", "开启", "on")
CLI_DEDUPE_OFF = Msg("welfare.cli.dedupe_off", "关闭（仅作反例对照）", "OFF")
CLI_RECORD_NOT_KEPT = Msg("welfare.cli.record_not_kept", "不保留", "not kept")
CLI_RECORD_KEPT = Msg("welfare.cli.record_kept", "保存在 {path}", "{path}")
CLI_UNKNOWN_FAULTS = Msg(
    "welfare.cli.unknown_faults",
    "--fault：未知故障 {unknown}；可选：{known}",
    "--fault: unknown {unknown}; known: {known}",
)
CLI_FAULT_RATE = Msg("welfare.cli.fault_rate", "--fault-rate 应在 0 到 1 之间", "--fault-rate must be between 0 and 1")
CLI_BANK_IMPORTED = Msg(
    "welfare.cli.bank_imported",
    "{file}：成功 {paid} 笔，失败 {failed} 笔；已登记 {matched}/{count} 个付款流水号",
    "{file}: {paid} paid, {failed} failed; {matched} of {count} reference(s) recorded",
)
CLI_NEVER_EXPORTED = Msg(
    "welfare.cli.never_exported",
    "{count} 个付款流水号并非本系统导出，已忽略",
    "{count} reference(s) were never exported by this installation: ignored",
)
CLI_RECONCILE_AGAIN = Msg(
    "welfare.cli.reconcile_again",
    "{count} 个已对账批次将按此回单重新对账",
    "{count} reconciled batch(es) will be reconciled again against this statement",
)
CLI_FILES_WRITTEN = Msg("welfare.cli.files_written", "共写出 {count} 个代发文件", "{count} payment file(s) written")
CLI_RECONCILED = Msg(
    "welfare.cli.reconciled",
    "已核对 {checked} 笔发放：台账已发 ¥{ledger}，渠道到账 ¥{channel}，重复 {duplicated} 笔：{verdict}",
    "checked {checked} payouts: ledger ¥{ledger}, channel ¥{channel}, duplicated {duplicated}: {verdict}",
)
CLI_CONSISTENT = Msg("welfare.cli.consistent", "账实一致", "OK")
CLI_DIFFERENCES = Msg("welfare.cli.differences", "存在差异", "DIFFERENCES")
CLI_REFERENCE = Msg("welfare.cli.reference", "付款流水号", "reference")
CLI_DIFFERENCE = Msg("welfare.cli.difference", "差异", "difference")
CLI_LEDGER = Msg("welfare.cli.ledger", "台账状态", "ledger")
CLI_LEDGER_YUAN = Msg("welfare.cli.ledger_yuan", "台账金额（元）", "ledger (yuan)")
CLI_CHANNEL_YUAN = Msg("welfare.cli.channel_yuan", "渠道金额（元）", "channel (yuan)")
CLI_APPLICATIONS = Msg("welfare.cli.applications", "到账笔数", "applications")
# the kinds of difference (disbursement.Difference.kind)
CLI_MISSING_IN_CHANNEL = Msg("welfare.cli.missing_in_channel", "渠道无此笔", "missing in channel")
CLI_NOT_PAID_IN_LEDGER = Msg("welfare.cli.not_paid_in_ledger", "台账未发却已到账", "not paid in ledger")
CLI_AMOUNT_MISMATCH = Msg("welfare.cli.amount_mismatch", "金额不符", "amount mismatch")
CLI_DUPLICATED = Msg("welfare.cli.duplicated", "重复到账", "duplicated")
CLI_UNSETTLED = Msg("welfare.cli.unsettled", "尚未结清", "unsettled")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_WELFARE_CAMPAIGN_CREATED = Msg("activity.welfare.campaign.created", "新建救助活动", "relief campaign created")
ACTIVITY_WELFARE_CAMPAIGN_APPROVED = Msg(
    "activity.welfare.campaign.approved", "批准救助活动", "relief campaign approved"
)
ACTIVITY_WELFARE_APPLICATION_SUBMITTED = Msg(
    "activity.welfare.application.submitted", "提交救助申请", "application submitted"
)
ACTIVITY_WELFARE_APPLICATION_APPROVED = Msg(
    "activity.welfare.application.approved", "批准救助申请", "application approved"
)
ACTIVITY_WELFARE_APPLICATION_REJECTED = Msg(
    "activity.welfare.application.rejected", "驳回救助申请", "application rejected"
)
ACTIVITY_WELFARE_HOUSEHOLD_FILED = Msg(
    "activity.welfare.household.filed", "困难职工建档", "hardship household registered"
)
ACTIVITY_WELFARE_HOUSEHOLD_APPROVED = Msg(
    "activity.welfare.household.approved", "困难档案审核通过", "hardship household approved"
)
ACTIVITY_WELFARE_HOUSEHOLD_REJECTED = Msg(
    "activity.welfare.household.rejected", "困难档案审核未通过", "hardship household rejected"
)
ACTIVITY_WELFARE_HOUSEHOLD_LIFTED = Msg(
    "activity.welfare.household.lifted", "困难职工脱困", "hardship household lifted out"
)
ACTIVITY_WELFARE_BATCH_CREATED = Msg("activity.welfare.batch.created", "生成发放批次", "payout batch created")
ACTIVITY_WELFARE_BATCH_RECONCILED = Msg("activity.welfare.batch.reconciled", "发放对账", "payout batch reconciled")

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_HOUSEHOLDS = Msg(
    "welfare.demo.households",
    "{tenant}/welfare：建档困难职工家庭 {households} 户",
    "{tenant}/welfare: {households} hardship households filed",
)
DEMO_PAID = Msg(
    "welfare.demo.paid",
    "{tenant}/welfare：{campaign} 已发放 {paid}/{total} 笔，{yuan} 元；对账{reconciled}",
    "{tenant}/welfare: {campaign} paid {paid} of {total}, {yuan} yuan; reconciliation {reconciled}",
)
DEMO_RECONCILED = Msg("welfare.demo.reconciled", "一致", "ok")
DEMO_DIFFERS = Msg("welfare.demo.differs", "有差异", "DIFFERS")
