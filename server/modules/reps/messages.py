"""The reps module's part of the message catalogue (see `server/messages.py`).

Codes other modules use too (`role_forbidden`, `not_found`, ...) are catalogued as
`reps.<code>.<case>` and raised with `code="<code>"`, so the API answers the shared code."""

from server.messages import Msg

# --- who may do what -------------------------------------------------------------------------

OFFICERS_ONLY = Msg(
    "reps.role_forbidden.officers",
    "此操作须由市总工会管理员或基层工会干部办理",
    "this needs a tenant_admin or org_officer",
)

# --- lookups ---------------------------------------------------------------------------------

CONGRESS_NOT_FOUND = Msg("reps.not_found.congress", "职代会 #{key} 不存在", "workers' congress {key} not found")
CONSTITUENCY_NOT_FOUND = Msg("reps.not_found.constituency", "选区 #{key} 不存在", "constituency {key} not found")
ELECTION_NOT_FOUND = Msg("reps.not_found.election", "选举 #{key} 不存在", "election {key} not found")
REPRESENTATIVE_NOT_FOUND = Msg(
    "reps.not_found.representative", "职工代表 #{key} 不存在", "representative {key} not found"
)
EVALUATION_NOT_FOUND = Msg("reps.not_found.evaluation", "评估 #{key} 不存在", "evaluation {key} not found")
PROPOSAL_NOT_FOUND = Msg("reps.not_found.proposal", "提案 #{key} 不存在", "proposal {key} not found")

# --- field errors ----------------------------------------------------------------------------

TEXT_LENGTH = Msg("reps.field.text_length", "应为1到{limit}个字符", "must be 1-{limit} characters")
ONE_OF = Msg("reps.field.one_of", "应为以下之一：{choices}", "must be one of: {choices}")
WHOLE_AT_LEAST = Msg("reps.field.whole_at_least", "应为不小于{low}的整数", "must be a whole number of at least {low}")
SCORE = Msg("reps.field.score", "评分应为0到100的整数", "must be a whole number from 0 to 100")
FEN_POSITIVE = Msg("reps.field.fen_positive", "金额应为以分计的正整数", "must be a positive whole number of fen")
DATE_ORDER = Msg("reps.field.date_order", "不能早于{other}", "must not be before {other}")
PERIOD = Msg(
    "reps.field.period",
    "代表津贴按季度发放，期间应写作 2017-Q1（第一季度）",
    "the allowance is paid by quarter: a period is written 2017-Q1",
)
NO_SUCH_ORG = Msg("reps.field.no_such_org", "本地总工会没有组织 #{org}", "org {org} does not exist in this federation")
NO_SUCH_MEMBER = Msg(
    "reps.field.no_such_member", "本地总工会没有会员 #{member}", "member {member} does not exist in this federation"
)
ORG_OUTSIDE_UNIT = Msg(
    "reps.field.org_outside_unit", "选区 #{org} 不在本单位组织内", "org {org} is not part of the congress's unit"
)
NOT_IN_CONSTITUENCY = Msg(
    "reps.field.not_in_constituency",
    "会员 #{member} 不在本选区选民名册上",
    "member {member} is not on the constituency's roll",
)
CONDITION_LEVEL = Msg(
    "reps.field.condition_level",
    "不符合竞选条件：职业资格等级须为{level}级或更高",
    "does not meet the published conditions: qualification level {level} or better is required",
)
ALREADY_CANDIDATE = Msg(
    "reps.field.already_candidate", "会员 #{member} 已是候选人", "member {member} is a candidate already"
)
TOO_MANY_CHOICES = Msg(
    "reps.field.too_many_choices",
    "最多可选{seats}名候选人",
    "vote for at most {seats} candidates",
)
NOT_A_CANDIDATE = Msg(
    "reps.field.not_a_candidate",
    "#{candidate} 不是本轮的候选人",
    "{candidate} is not a candidate of this round",
)
NO_CHOICE = Msg("reps.field.no_choice", "至少选择一名候选人", "choose at least one candidate")
NO_SUCH_COMPLAINT = Msg(
    "reps.field.no_such_complaint",
    "抱怨单 #{complaint} 不存在或无权查看",
    "complaint {complaint} does not exist or is not visible",
)
VOICE_OFF = Msg(
    "reps.field.voice_off",
    "本地总工会未开通“三单”模块，提案不能引用抱怨单",
    "the three forms (voice) are off here: a proposal cannot cite complaints",
)
REASON_NEEDED = Msg("reps.field.reason_needed", "不采纳提案须说明理由", "say why the proposal is rejected")

# --- rules -----------------------------------------------------------------------------------

TOO_FEW_CANDIDATES = Msg(
    "reps.rule.too_few_candidates",
    "差额选举须有不少于应选名额两倍的候选人：应选{seats}名，现有候选人{candidates}名",
    "a contested election needs at least twice as many candidates as seats: {seats} seat(s), {candidates} candidate(s)",
)
NOT_NOMINATING = Msg(
    "reps.rule.not_nominating",
    "选举 #{election} 已开始投票，不能再变更候选人",
    "election {election} is past nomination: candidates no longer change",
)
NOT_OPEN = Msg("reps.rule.not_open", "选举 #{election} 当前不在投票中", "election {election} is not open for voting")
NOT_TALLIED = Msg(
    "reps.rule.not_tallied",
    "选举 #{election} 尚未计票或仍需决选",
    "election {election} is not tallied or needs a runoff",
)
ALREADY_VOTED = Msg(
    "reps.conflict.already_voted",
    "您已在本轮选举中投过票，每人只能投一次",
    "you have voted in this round already: one vote per voter",
)
NOT_A_CONSTITUENT = Msg(
    "reps.rule.not_a_constituent",
    "会员 #{member} 不是本选区的选民，不能投票",
    "member {member} is not a constituent here and cannot vote",
)
ALREADY_EVALUATED = Msg(
    "reps.conflict.already_evaluated",
    "您已对这名职工代表投过满意度评估票，每人只能投一票",
    "you have already cast your evaluation ballot for this representative: one ballot each",
)
EVALUATION_CLOSED = Msg("reps.rule.evaluation_closed", "评估 #{evaluation} 已结束", "evaluation {evaluation} is closed")
OWN_SEAT = Msg(
    "reps.rule.own_seat",
    "职工代表不能对自己进行满意度评估",
    "a representative does not evaluate themselves",
)
SEATS_NOT_FREE = Msg(
    "reps.field.seats_not_free",
    "本选区共 {seats} 个代表名额，空缺 {free} 个：选举名额不能超过空缺名额",
    "the constituency has {seats} seats, {free} of them vacant: an election fills at most the vacant seats",
)
NO_FREE_SEATS = Msg(
    "reps.conflict.no_free_seats",
    "选举 #{election} 当选 {elected} 人，但本选区只空缺 {free} 个名额，不能公布",
    "election {election} elected {elected} but the constituency has only {free} vacant seats: it is not published",
)
NOT_SEATED = Msg(
    "reps.rule.not_seated",
    "职工代表 #{representative} 不在本选区任职",
    "representative {representative} holds no seat in this constituency",
)
TOO_FEW_BALLOTS = Msg(
    "reps.rule.too_few_ballots",
    "评估票数未达到公布结果所需的{minimum}张",
    "results are shown once {minimum} ballots are in",
)
ALREADY_PAID = Msg(
    "reps.conflict.already_paid",
    "{period} 的代表津贴已发放，同一期间只发一次",
    "the allowance for {period} is paid already: once per period",
)
ALREADY_REWARDED = Msg(
    "reps.conflict.already_rewarded", "该奖励已发放过，不再重复发放", "this reward has been paid already"
)
EVALUATION_STILL_OPEN = Msg(
    "reps.conflict.evaluation_open",
    "评估 #{evaluation} 尚未结束：结束评估后才能按测评分数奖励",
    "evaluation {evaluation} is still open: a reward for its score waits until it is closed",
)
REWARD_NOT_SEATED = Msg(
    "reps.conflict.reward_not_seated",
    "职工代表 #{representative} 已被取消代表资格，不予奖励",
    "representative {representative} has lost the seat and is not rewarded",
)
APPROVE_ADMINS_ONLY = Msg(
    "reps.role_forbidden.approve_reward",
    "代表奖励须由市总工会管理员审批后发放",
    "a representative's reward is approved by a tenant_admin before it is paid",
)
REWARD_NOT_FOUND = Msg("reps.not_found.reward", "代表奖励 #{key} 不存在", "reward {key} not found")
REWARD_NOT_PROPOSED = Msg(
    "reps.conflict.reward_not_proposed",
    "代表奖励 #{reward} 已审批，不能再审批或撤销",
    "reward {reward} is approved already: it cannot be approved or cancelled again",
)
NOT_REWARDABLE = Msg(
    "reps.rule.not_rewardable",
    "只奖励测评90分以上或提出优秀提案的职工代表",
    "only a representative scoring 90 or more, or with an excellent proposal, is rewarded",
)
PROPOSAL_HANDLED = Msg(
    "reps.rule.proposal_handled", "提案 #{proposal} 已办结", "proposal {proposal} has been handled already"
)

# --- the constituent's ballot in the workers' bot ----------------------------------------------

BOT_BALLOT = Msg(
    "reps.bot.ballot",
    "职工代表满意度评估（无记名）：您对职工代表 {name} 的履职情况是否满意？",
    "Satisfaction evaluation of worker representatives (anonymous): are you satisfied with how {name} "
    "serves as your representative?",
)
BOT_SATISFIED = Msg("reps.bot.satisfied", "满意", "Satisfied")
BOT_BASIC = Msg("reps.bot.basic", "基本满意", "Basically satisfied")
BOT_DISSATISFIED = Msg("reps.bot.dissatisfied", "不满意", "Dissatisfied")
BOT_SCORE = Msg(
    "reps.bot.score",
    "您的评价：{verdict}。请为 {name} 打分（0-100分）：",
    "Your verdict: {verdict}. Now score {name} from 0 to 100:",
)
BOT_THANKS = Msg(
    "reps.bot.thanks",
    "您的评估票已投出，谢谢！投票无记名，任何人都无法看到您投了什么。",
    "Your ballot is cast, thank you! It is anonymous: nobody can see how you voted.",
)
BOT_REFUSED = Msg("reps.bot.refused", "未能投票：{reason}", "Your ballot was not taken: {reason}")


# --- `saishang reps elections` and `reps roll`: the words of their tables, in the CLI's language --

CLI_ELECTION = Msg("reps.cli.election", "选举", "election")
CLI_CONSTITUENCY = Msg("reps.cli.constituency", "选区", "constituency")
CLI_HELD_ON = Msg("reps.cli.held_on", "选举日期", "held on")
CLI_STATE = Msg("reps.cli.state", "状态", "state")
CLI_SEATS = Msg("reps.cli.seats", "名额", "seats")
CLI_CANDIDATES = Msg("reps.cli.candidates", "候选人", "candidates")
CLI_ONE_TO_TWO = Msg("reps.cli.one_to_two", "差额 1:2", "1:2")
CLI_VOTES = Msg("reps.cli.votes", "投票人数", "votes")
CLI_ELECTED = Msg("reps.cli.elected", "当选", "elected")
CLI_REPRESENTATIVE = Msg("reps.cli.representative", "代表", "representative")
CLI_MEMBER = Msg("reps.cli.member", "会员", "member")
CLI_FROM = Msg("reps.cli.from", "任期起", "from")
CLI_TO = Msg("reps.cli.to", "任期止", "to")
CLI_TRAINED = Msg("reps.cli.trained", "岗前培训", "trained")
CLI_DUTY_MINUTES = Msg("reps.cli.duty_minutes", "履职分钟", "duty minutes")

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_REPS_CONGRESS_CREATED = Msg(
    "activity.reps.congress.created", "登记职代会届次", "workers' congress term recorded"
)
ACTIVITY_REPS_CONSTITUENCY_ADDED = Msg("activity.reps.constituency.added", "设立选区", "constituency added")
ACTIVITY_REPS_ELECTION_OPENED = Msg("activity.reps.election.opened", "启动代表选举", "election opened")
ACTIVITY_REPS_ELECTION_CANDIDATE_ADDED = Msg(
    "activity.reps.election.candidate_added", "提名候选人", "candidate nominated"
)
ACTIVITY_REPS_ELECTION_VOTING_OPENED = Msg("activity.reps.election.voting_opened", "开始投票", "voting opened")
ACTIVITY_REPS_ELECTION_TALLIED = Msg("activity.reps.election.tallied", "计票", "votes counted")
ACTIVITY_REPS_ELECTION_PUBLISHED = Msg(
    "activity.reps.election.published", "公布当选代表", "elected representatives published"
)
ACTIVITY_REPS_REPRESENTATIVE_TRAINED = Msg(
    "activity.reps.representative.trained", "代表岗前培训", "representative trained"
)
ACTIVITY_REPS_REPRESENTATIVE_DUTY_LOGGED = Msg(
    "activity.reps.representative.duty_logged", "登记代表履职", "representative's duty logged"
)
ACTIVITY_REPS_EVALUATION_OPENED = Msg("activity.reps.evaluation.opened", "启动代表评议", "evaluation opened")
ACTIVITY_REPS_EVALUATION_CLOSED = Msg("activity.reps.evaluation.closed", "结束代表评议", "evaluation closed")
ACTIVITY_REPS_PROPOSAL_FILED = Msg("activity.reps.proposal.filed", "提交代表提案", "proposal filed")
ACTIVITY_REPS_PROPOSAL_HANDLED = Msg("activity.reps.proposal.handled", "答复代表提案", "proposal answered")
ACTIVITY_REPS_REWARD_PROPOSED = Msg("activity.reps.reward.proposed", "提请代表奖励", "reward proposed")
ACTIVITY_REPS_REWARD_APPROVED = Msg("activity.reps.reward.approved", "审批代表奖励", "reward approved")
ACTIVITY_REPS_REWARD_CANCELLED = Msg("activity.reps.reward.cancelled", "撤销代表奖励", "reward cancelled")

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "reps.demo.skipped",
    "{tenant}/reps：职代会已存在，跳过演示数据",
    "{tenant}/reps: a congress exists already; demo skipped",
)
DEMO_TOO_FEW = Msg(
    "reps.demo.too_few",
    "{tenant}/reps：企业工会或会员太少（请先载入 orgs 演示数据）",
    "{tenant}/reps: too few enterprise unions or members (load the orgs demo first)",
)
DEMO_LOADED = Msg(
    "reps.demo.loaded",
    "{tenant}/reps：{units} 个单位，职工代表 {reps} 名，提案 {proposals} 件",
    "{tenant}/reps: {units} units, {reps} representatives, {proposals} proposals",
)
