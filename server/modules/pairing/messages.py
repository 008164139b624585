"""The pairing module's part of the message catalogue (see `server/messages.py`).

Where one problem code has several texts, each text is a sub-code `<code>.<case>` and the
service raises it with `code="<code>"`, so the API's code stays the one clients know."""

from server.messages import Msg

# --- records not found ------------------------------------------------------------------------

PROGRAMME_NOT_FOUND = Msg("programme_not_found", "名师带高徒项目 {key} 不存在", "programme {key} not found")
CANDIDATE_NOT_FOUND = Msg(
    "candidate_not_found",
    "会员 #{member} 不是项目 #{programme} 的候选人",
    "member {member} is not a candidate of programme {programme}",
)
RULE_NOT_FOUND = Msg("rule_not_found", "锁定或回避规则 #{key} 不存在", "rule {key} not found")
PROPOSAL_NOT_FOUND = Msg("proposal_not_found", "配对方案 #{key} 不存在", "proposal {key} not found")
NO_PROPOSAL_YET = Msg(
    "proposal_not_found.none_yet",
    "项目 #{programme} 还没有配对方案，请先生成方案",
    "programme {programme} has no proposal yet; propose first",
)
AGREEMENT_NOT_FOUND = Msg("agreement_not_found", "师徒协议 #{key} 不存在", "agreement {key} not found")

# --- candidates, locks and forbids ------------------------------------------------------------

CANDIDATE_IN_AGREEMENT = Msg(
    "candidate_in_agreement",
    "会员 #{member} 正在履行师徒协议 #{agreement}，请先终止协议",
    "member {member} is in active agreement {agreement}; end it first",
)
MEMBER_MISSING = Msg(
    "member_missing", "这一对师徒中有会员记录已不存在", "a member record of this pair no longer exists"
)
PAIR_ALREADY_LOCKED = Msg("pair_already_locked", "这一对师徒已被锁定", "this pair is already locked")
PAIR_ALREADY_FORBIDDEN = Msg("pair_already_forbidden", "这一对师徒已被设为回避", "this pair is already forbidden")
APPRENTICE_ALREADY_LOCKED = Msg(
    "apprentice_already_locked",
    "徒弟 #{apprentice} 已锁定给师傅 #{master}",
    "apprentice {apprentice} is already locked to master {master}",
)
APPRENTICE_HAS_AGREEMENT = Msg(
    "apprentice_has_agreement",
    "徒弟 #{apprentice} 已与师傅 #{master} 签订师徒协议",
    "apprentice {apprentice} already has an agreement with master {master}",
)
TRADES_DO_NOT_MATCH = Msg(
    "pair_ineligible.trades",
    "工种不匹配：师傅 {master_trade}，徒弟 {apprentice_trade}",
    "trades do not match: master {master_trade}, apprentice {apprentice_trade}",
)
LEVEL_GAP_TOO_SMALL = Msg(
    "pair_ineligible.level_gap",
    "师徒等级相差不足本项目要求的 {gap} 级",
    "the level gap is less than the programme's minimum of {gap}",
)
MASTER_FULL = Msg(
    "master_full",
    "师傅 #{master} 的带徒名额已满（名额 {capacity}）",
    "master {master} has no place left (capacity {capacity})",
)
PAIR_HAS_AGREEMENT = Msg(
    "pair_has_agreement",
    "这一对师徒正在履行师徒协议 #{agreement}，请改为提前终止协议",
    "this pair has active agreement {agreement}; end it early instead",
)

# --- proposals --------------------------------------------------------------------------------

PAIRING_INCONSISTENT = Msg(
    "pairing_inconsistent",
    "项目记录前后矛盾，无法配对：{problem}",
    "the programme's records are inconsistent: {problem}",
)
PROPOSAL_ACCEPTED = Msg(
    "proposal_accepted",
    "配对方案 #{proposal} 已被采纳；只能采纳当前待定的方案",
    "proposal {proposal} is accepted; only the open proposal can be accepted",
)
PROPOSAL_SUPERSEDED = Msg(
    "proposal_superseded",
    "配对方案 #{proposal} 已被新方案取代；只能采纳当前待定的方案",
    "proposal {proposal} is superseded; only the open proposal can be accepted",
)
PROPOSAL_STALE = Msg(
    "proposal_stale",
    "生成方案后候选人、锁定回避规则或协议已有变化，请重新生成方案",
    "candidates, rules or agreements changed since this proposal; propose again",
)

# --- agreements -------------------------------------------------------------------------------

AGREEMENT_COMPLETED = Msg(
    "agreement_closed.completed", "师徒协议 #{agreement} 已完成", "agreement {agreement} is completed"
)
AGREEMENT_ENDED_EARLY = Msg(
    "agreement_closed.ended_early", "师徒协议 #{agreement} 已提前终止", "agreement {agreement} ended early"
)

# --- field errors -----------------------------------------------------------------------------

TWO_TRADES = Msg("pairing.two_trades", "应为两个工种", "must name two trades")
TRADE_LENGTH = Msg("pairing.trade_length", "工种名称应为1至50个字", "trades are 1-50 characters")
SAME_TRADES = Msg("pairing.same_trades", "两个工种相同", "the two trades are the same")
BEFORE_START = Msg("pairing.before_start", "结束日期早于开始日期", "is before the start")
ORG_NOT_FOUND = Msg("pairing.org_not_found", "组织 #{org} 不存在", "org #{org} not found")
NO_CANDIDATES = Msg("pairing.no_candidates", "至少填写一名候选人", "give at least one candidate")
TOO_MANY_CANDIDATES = Msg("pairing.too_many_candidates", "一次最多添加 {limit} 人", "at most {limit} at a time")
ROLE = Msg("pairing.role", "应为 master（师傅）或 apprentice（徒弟）", "must be master or apprentice")
MEMBER_NOT_FOUND = Msg("pairing.member_not_found", "会员 #{member} 不存在", "member #{member} not found")
MEMBER_LEFT = Msg("pairing.member_left", "会员 #{member} 已离会", "member #{member} has left")
MEMBER_OUTSIDE_SCOPE = Msg(
    "pairing.member_outside_scope",
    "会员 #{member} 不在本项目范围内",
    "member #{member} is outside the programme's scope",
)
ALREADY_MASTER = Msg("pairing.already_master", "已是本项目的师傅", "already a master in this programme")
ALREADY_APPRENTICE = Msg("pairing.already_apprentice", "已是本项目的徒弟", "already an apprentice in this programme")
CAPACITY_FOR_MASTERS = Msg("pairing.capacity_for_masters", "只有师傅有带徒名额", "only masters have a capacity")
PREFERENCES_FOR_APPRENTICES = Msg(
    "pairing.preferences_for_apprentices", "只有徒弟可以填报志愿", "only apprentices rank masters"
)
PREFERENCE_TWICE = Msg("pairing.preference_twice", "志愿中有重复的师傅", "a master is listed twice")
PREFERENCE_NOT_MASTER = Msg(
    "pairing.preference_not_master", "志愿须为本项目的师傅", "must be masters of this programme"
)
LEVEL = Msg("pairing.level", "职业资格等级应为1（高级技师）至5（初级工）", "must be 1 to 5")
OUTSIDE_SCOPE = Msg("pairing.outside_scope", "不在本项目范围内", "is outside the programme's scope")
AGREEMENT_STATUS = Msg(
    "pairing.agreement_status",
    "应为 active（履行中）、completed（已完成）或 ended_early（提前终止）",
    "must be active, completed or ended_early",
)
NOT_A_MASTER = Msg("pairing.not_a_master", "不是本项目的师傅", "is not a master of this programme")
NOT_AN_APPRENTICE = Msg("pairing.not_an_apprentice", "不是本项目的徒弟", "is not an apprentice of this programme")
NOT_NEW_PAIRS = Msg(
    "pairing.not_new_pairs", "不在本方案的新配对中：{members}", "not among the proposal's new pairs: {members}"
)
BEFORE_AGREEMENT = Msg("pairing.before_agreement", "早于协议开始日期", "is before the agreement started")
IN_THE_FUTURE = Msg("pairing.in_the_future", "不能晚于今天", "cannot be in the future")
NO_RESULT = Msg("pairing.no_result", "请至少填写一项成果", "give at least one result")


# --- `saishang pairing propose` and `pairing programmes`: their words, in the CLI's language --

CLI_PROPOSAL_TITLE = Msg(
    "pairing.cli.proposal_title",
    "方案 #{proposal} · 项目 #{programme} · {pairs} 对（目标 {target}）· 未配对 {unpaired} · 成本 {cost} · "
    "阻塞对 {blocking} · {optimal} · {ms} 毫秒",
    "proposal #{proposal} · programme #{programme} · {pairs} pairs (target {target}) · unpaired {unpaired} · "
    "cost {cost} · blocking pairs {blocking} · {optimal} · {ms} ms",
)
CLI_OPTIMAL = Msg("pairing.cli.optimal", "最优", "optimal")
CLI_NOT_OPTIMAL = Msg("pairing.cli.not_optimal", "非最优", "not optimal")
CLI_PAIR = Msg("pairing.cli.pair", "师傅 → 徒弟（会员编号）", "master → apprentice (member ids)")
CLI_TRADE = Msg("pairing.cli.trade", "工种", "trade")
CLI_COST = Msg("pairing.cli.cost", "成本", "cost")
CLI_REASONS = Msg("pairing.cli.reasons", "理由", "reasons")
CLI_MORE_PAIRS = Msg(
    "pairing.cli.more_pairs", "……另有 {count} 对（--all 列出全部）", "… {count} more pairs (--all shows every pair)"
)
CLI_UNPAIRED = Msg("pairing.cli.unpaired", "未配对", "unpaired")
CLI_APPRENTICE = Msg("pairing.cli.apprentice", "徒弟", "apprentice")
CLI_WHY_UNPAIRED = Msg("pairing.cli.why_unpaired", "原因", "why unpaired")
CLI_LEGEND = Msg("pairing.cli.legend", "✔ 已签协议  🔒 干部锁定", "✔ agreed  🔒 locked by an officer")
CLI_ACCEPTED = Msg("pairing.cli.accepted", "已接受：新签 {count} 份协议", "accepted: {count} agreement(s) created")
CLI_PROGRAMMES = Msg("pairing.cli.programmes", "名师带高徒项目", "master-apprentice programmes")
CLI_ID = Msg("pairing.cli.id", "编号", "id")
CLI_YEAR = Msg("pairing.cli.year", "年度", "year")
CLI_TARGET = Msg("pairing.cli.target", "目标对数", "target")
CLI_MASTERS = Msg("pairing.cli.masters", "师傅", "masters")
CLI_APPRENTICES = Msg("pairing.cli.apprentices", "徒弟", "apprentices")
CLI_AGREEMENTS = Msg("pairing.cli.agreements", "协议", "agreements")
CLI_NAME = Msg("pairing.cli.name", "名称", "name")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_PAIRING_PROGRAMME_CREATED = Msg("activity.pairing.programme.created", "新建师带徒项目", "programme created")
ACTIVITY_PAIRING_PROGRAMME_UPDATED = Msg("activity.pairing.programme.updated", "修改师带徒项目", "programme updated")
ACTIVITY_PAIRING_CANDIDATES_ADDED = Msg("activity.pairing.candidates.added", "登记师傅徒弟", "candidates added")
ACTIVITY_PAIRING_CANDIDATE_UPDATED = Msg("activity.pairing.candidate.updated", "修改候选人", "candidate updated")
ACTIVITY_PAIRING_CANDIDATE_REMOVED = Msg("activity.pairing.candidate.removed", "移除候选人", "candidate removed")
ACTIVITY_PAIRING_COMPATIBLE_TRADES_SET = Msg(
    "activity.pairing.compatible_trades.set", "设定相近工种", "compatible trades set"
)
ACTIVITY_PAIRING_PAIR_LOCK = Msg("activity.pairing.pair.lock", "指定结对", "pair locked")
ACTIVITY_PAIRING_PAIR_FORBID = Msg("activity.pairing.pair.forbid", "禁止结对", "pair forbidden")
ACTIVITY_PAIRING_PAIR_RULE_REMOVED = Msg("activity.pairing.pair.rule_removed", "取消结对规则", "pair rule removed")
ACTIVITY_PAIRING_PROPOSED = Msg("activity.pairing.proposed", "生成结对方案", "pairing proposed")
ACTIVITY_PAIRING_ACCEPTED = Msg("activity.pairing.accepted", "确认结对方案", "pairing accepted")
ACTIVITY_PAIRING_AGREEMENT_UPDATED = Msg("activity.pairing.agreement.updated", "修改师徒协议", "agreement updated")
ACTIVITY_PAIRING_AGREEMENT_NOTE = Msg("activity.pairing.agreement.note", "记录带徒情况", "agreement note added")
ACTIVITY_PAIRING_AGREEMENT_OUTCOME = Msg(
    "activity.pairing.agreement.outcome", "登记带徒成效", "agreement outcome recorded"
)
ACTIVITY_PAIRING_AGREEMENT_ENDED_EARLY = Msg(
    "activity.pairing.agreement.ended_early", "提前解除师徒协议", "agreement ended early"
)

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "pairing.demo.skipped",
    "{tenant}/pairing：2017 年的结对活动已存在，跳过演示数据",
    "{tenant}/pairing: a 2017 programme exists already; demo skipped",
)
DEMO_PEOPLE = Msg(
    "pairing.demo.people",
    "{tenant}/pairing：师傅 {masters} 名，徒弟 {apprentices} 名",
    "{tenant}/pairing: {masters} masters and {apprentices} apprentices",
)
DEMO_AGREEMENTS = Msg(
    "pairing.demo.agreements",
    "{tenant}/pairing：由配对方案 #{proposal} 签订 {agreements} 份师徒协议（目标 {target}）",
    "{tenant}/pairing: {agreements} agreements from proposal #{proposal} (target {target})",
)
