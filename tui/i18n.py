"""Every label of the TUI in zh-CN and English, and cell-aware text helpers.

A label is looked up by key (`t("tenants.title")`); each key carries both
languages, so a label cannot exist in one language only. Chinese characters
take two terminal cells: widths are measured with `rich.cells.cell_len`, never
with `len`.
"""
from __future__ import annotations

from typing import Literal

from rich.cells import cell_len

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "zh-CN"

# key: (zh-CN, English)
LABELS: dict[str, tuple[str, str]] = {
    # the app
    "app.title": ("塞上 · 工会管理终端", "Saishang · union admin"),
    "app.quit": ("退出", "Quit"),
    "app.help": ("帮助", "Help"),
    "app.palette": ("命令", "Commands"),
    "app.palette.search": ("搜索命令…", "Search for commands…"),
    "app.next_area": ("下一区", "Next area"),
    "app.prev_area": ("上一区", "Previous area"),
    "app.refresh": ("刷新", "Refresh"),
    "app.back": ("返回", "Back"),
    "app.region": ("自治区总工会", "Regional federation"),
    "app.region_short": ("自治区", "region"),
    "app.region_section": ("自治区总工会", "Region"),
    "app.signed_in": ("{account}（{role}）", "{account} ({role})"),
    "app.loading": ("加载中…", "Loading…"),
    "app.empty": ("（无数据）", "(nothing here)"),
    "app.yes": ("是", "yes"),
    "app.no": ("否", "no"),
    "app.never": ("从不", "never"),
    "app.none": ("—", "—"),
    "app.logout": ("重新登录", "Sign in again"),
    "app.language": ("切换语言（English）", "Switch language (中文)"),
    "app.language.help": ("在中文与英文之间切换界面语言", "Switch the interface between Chinese and English"),
    "app.go": ("前往：{area}", "Go to: {area}"),
    "app.go.help": ("打开“{area}”", "Open {area}"),
    "app.help.help": ("显示当前界面的按键", "Show the keys of this screen"),
    "app.quit.help": ("退出管理终端", "Leave the TUI"),
    "app.logout.help": ("输入另一个地址或令牌", "Use another URL or token"),
    "app.leave_tenant": ("离开租户 {tenant}", "Leave tenant {tenant}"),
    "app.leave_tenant.help": ("回到平台视图", "Back to the platform view"),
    # connection and errors
    "conn.lost": ("连接中断：{error}。{seconds} 秒后重试…", "Connection lost: {error}. Retrying in {seconds}s…"),
    "conn.back": ("已重新连接到 {url}", "Reconnected to {url}"),
    "conn.failed": ("无法连接 {url}", "Cannot reach {url}"),
    "error.api": ("{status} {title}：{detail}", "{status} {title}: {detail}"),
    "error.unexpected": ("意外错误：{error}", "Unexpected error: {error}"),
    "error.unauthorized": ("令牌无效或已过期，请重新登录", "The token is not valid any more; please sign in"),
    # login
    "login.title": ("登录", "Sign in"),
    "login.url": ("服务地址", "Server URL"),
    "login.token": ("访问令牌", "Token"),
    "login.tenant": ("租户", "Tenant"),
    "login.tenant.hint": ("市级管理员填写本会代码；平台管理员留空", "city admins: your tenant slug; platform admins: empty"),
    "login.submit": ("登录", "Sign in"),
    "login.hint": ("令牌见 make up 写出的 var/platform-admin.token，或由管理员签发。",
                   "The token is in var/platform-admin.token written by `make up`, or issued by an admin."),
    "login.need_token": ("请输入访问令牌", "Enter a token"),
    "login.need_tenant": ("此令牌属于某个租户：请填写租户代码", "This token belongs to a tenant: enter the tenant slug"),
    "login.saved": ("已保存到 {path}", "Saved to {path}"),
    "login.connecting": ("正在连接 {url}…", "Connecting to {url}…"),
    # areas
    "area.tenants": ("租户", "Tenants"),
    "area.tokens": ("令牌", "Tokens"),
    "area.health": ("运行状态", "Health"),
    "area.overview": ("本会概况", "Overview"),
    "area.activity": ("操作日志", "Activity log"),
    # tenants
    "tenants.title": ("租户（市级工会）", "Tenants (city federations)"),
    "tenants.filter": ("筛选：代码或名称", "Filter: slug or name"),
    "tenants.col.slug": ("代码", "Slug"),
    "tenants.col.name_zh": ("中文名称", "Chinese name"),
    "tenants.col.name_en": ("英文名称", "English name"),
    "tenants.col.parent": ("上级", "Parent"),
    "tenants.col.modules": ("已开模块", "Modules on"),
    "tenants.col.status": ("状态", "Status"),
    "tenants.active": ("启用", "active"),
    "tenants.disabled": ("已停用", "disabled"),
    "tenants.count": ("共 {total} 个租户", "{total} tenants"),
    "tenants.matches": ("{shown} 个租户符合“{needle}”", "{shown} tenants match “{needle}”"),
    "tenants.new": ("新建", "New"),
    "tenants.open": ("详情", "Details"),
    "tenants.enter": ("进入", "Enter"),
    "tenants.disable": ("停用", "Disable"),
    "tenants.enable": ("启用", "Enable"),
    "tenants.focus_filter": ("筛选", "Filter"),
    "tenants.confirm_disable": ("停用租户 {slug}（{name}）？其接口将返回 404，数据保留。",
                                "Disable tenant {slug} ({name})? Its routes answer 404; its data is kept."),
    "tenants.disabled_done": ("租户 {slug} 已停用", "Tenant {slug} disabled"),
    "tenants.enabled_done": ("租户 {slug} 已启用", "Tenant {slug} enabled"),
    "tenants.created": ("已创建租户 {slug}", "Tenant {slug} created"),
    "tenants.none_selected": ("请先选择一个租户", "Select a tenant first"),
    "tenants.entered": ("已进入租户 {slug}", "Now working in tenant {slug}"),
    # tenant detail
    "tenant.title": ("租户 {slug}", "Tenant {slug}"),
    "tenant.slug": ("代码", "Slug"),
    "tenant.name_zh": ("中文名称", "Chinese name"),
    "tenant.name_en": ("英文名称", "English name"),
    "tenant.parent": ("上级", "Parent"),
    "tenant.locale": ("语言", "Locale"),
    "tenant.timezone": ("时区", "Time zone"),
    "tenant.status": ("状态", "Status"),
    "tenant.modules": ("模块（空格键开关，S 保存）", "Modules (space toggles, S saves)"),
    "tenant.save_modules": ("保存模块", "Save modules"),
    "tenant.confirm_modules_off": ("关闭模块：{modules}？这些模块的界面和接口将不可用，数据保留。",
                                   "Switch off: {modules}? Their screens and routes go away; their data is kept."),
    "tenant.modules_saved": ("{slug} 的模块已更新：{modules}", "Modules of {slug} updated: {modules}"),
    "tenant.modules_unchanged": ("模块没有变化", "No module changed"),
    "tenant.tokens": ("令牌", "Tokens"),
    # create tenant
    "create.title": ("新建租户", "New tenant"),
    "create.slug": ("代码", "Slug"),
    "create.slug.hint": ("小写字母开头，如 zhongwei", "lower-case, e.g. zhongwei"),
    "create.name_zh": ("中文名称", "Chinese name"),
    "create.name_zh.hint": ("如 中卫市总工会", "e.g. 中卫市总工会"),
    "create.name_en": ("英文名称", "English name"),
    "create.name_en.hint": ("如 Zhongwei Federation of Trade Unions", "e.g. Zhongwei Federation of Trade Unions"),
    "create.parent": ("上级", "Parent"),
    "create.locale": ("语言", "Locale"),
    "create.modules": ("开启的模块", "Modules switched on"),
    "create.submit": ("创建", "Create"),
    "create.cancel": ("取消", "Cancel"),
    # tokens
    "tokens.title": ("访问令牌", "Tokens"),
    "tokens.col.id": ("编号", "ID"),
    "tokens.col.prefix": ("前缀", "Prefix"),
    "tokens.col.role": ("角色", "Role"),
    "tokens.col.tenant": ("租户", "Tenant"),
    "tokens.col.account": ("账户", "Account"),
    "tokens.col.label": ("用途", "Label"),
    "tokens.col.created": ("创建", "Created"),
    "tokens.col.expires": ("过期", "Expires"),
    "tokens.col.revoked": ("吊销", "Revoked"),
    "tokens.new": ("签发", "Issue"),
    "tokens.revoke": ("吊销", "Revoke"),
    "tokens.show_revoked": ("显示已吊销", "Show revoked"),
    "tokens.count": ("共 {count} 个令牌", "{count} tokens"),
    "tokens.confirm_revoke": ("吊销令牌 #{id}（{prefix}…，{account}）？使用它的客户端将立即失去访问权限。",
                              "Revoke token #{id} ({prefix}…, {account})? Clients using it lose access at once."),
    "tokens.revoked": ("令牌 #{id} 已吊销", "Token #{id} revoked"),
    "tokens.already_revoked": ("令牌 #{id} 早已吊销", "Token #{id} is already revoked"),
    "tokens.none_selected": ("请先选择一个令牌", "Select a token first"),
    "tokens.filter_tenant": ("按租户筛选（留空为全部）", "Tenant filter (empty: all)"),
    # create token
    "newtoken.title": ("签发令牌", "Issue a token"),
    "newtoken.role": ("角色", "Role"),
    "newtoken.tenant": ("租户代码", "Tenant slug"),
    "newtoken.org": ("组织编号", "Org id"),
    "newtoken.org.hint": ("基层工会主席必填", "needed for an org officer"),
    "newtoken.name": ("账户名", "Account name"),
    "newtoken.name.hint": ("可空", "optional"),
    "newtoken.label": ("用途说明", "What it is for"),
    "newtoken.expires": ("有效天数", "Valid for days"),
    "newtoken.expires.hint": ("空为永久", "empty: never expires"),
    "newtoken.submit": ("签发", "Issue"),
    "newtoken.bad_number": ("{field} 必须是正整数", "{field} must be a whole number"),
    "shown.title": ("新令牌（只显示这一次）", "New token (shown this once only)"),
    "shown.body": ("请立即保存。关闭后无法再次查看。", "Store it now: it cannot be shown again once closed."),
    "shown.copy": ("复制", "Copy"),
    "shown.copied": ("令牌已复制到剪贴板", "Token copied to the clipboard"),
    "shown.close": ("关闭", "Close"),
    # roles
    "role.platform_admin": ("平台管理员", "platform admin"),
    "role.tenant_admin": ("市级管理员", "tenant admin"),
    "role.org_officer": ("基层工会主席", "org officer"),
    "role.auditor": ("经审人员", "auditor"),
    "role.worker": ("职工", "worker"),
    # health
    "health.title": ("运行状态", "Health"),
    "health.col.part": ("部件", "Part"),
    "health.col.state": ("状态", "State"),
    "health.col.detail": ("说明", "Detail"),
    "health.col.seen": ("最近一次", "Last seen"),
    "health.api": ("接口服务", "API"),
    "health.postgres": ("PostgreSQL 数据库", "PostgreSQL"),
    "health.redis": ("Redis 队列", "Redis"),
    "health.worker": ("后台任务（心跳）", "Worker heartbeat"),
    "health.ok": ("正常", "ok"),
    "health.down": ("异常", "down"),
    "health.just_now": ("刚刚", "just now"),
    "health.ago_s": ("{n} 秒前", "{n}s ago"),
    "health.ago_m": ("{n} 分钟前", "{n} min ago"),
    "health.ago_h": ("{n} 小时前", "{n} h ago"),
    "health.ago_d": ("{n} 天前", "{n} days ago"),
    "health.checked_once": ("检查于 {time}，按 r 再查", "Checked at {time}; r checks again"),
    "health.checked": ("检查于 {time}，每 {seconds} 秒自动刷新", "Checked at {time}; refreshes every {seconds}s"),
    # overview (a tenant admin's home)
    "overview.title": ("{name}", "{name}"),
    "overview.role": ("身份", "Signed in as"),
    "overview.modules_on": ("已开启的模块", "Modules switched on"),
    # activity log
    "activity.title": ("操作日志 · {tenant}", "Activity log · {tenant}"),
    "activity.col.id": ("编号", "ID"),
    "activity.col.at": ("时间", "Time"),
    "activity.col.actor": ("操作人", "Actor"),
    "activity.col.action": ("动作", "Action"),
    "activity.col.subject": ("对象", "Subject"),
    "activity.filter": ("按动作筛选（如 orgs.create），回车应用", "Filter by action (e.g. orgs.create), Enter applies"),
    "activity.loaded": ("已加载 {count} 条{more}", "{count} loaded{more}"),
    "activity.more": ("，向下滚动加载更多", "; scroll down for more"),
    "activity.end": ("，已到末尾", "; that is all"),
    "activity.more_key": ("加载更多", "Load more"),
    "activity.top": ("顶部", "Top"),
    # module reports (the generic module screen)
    "report.title": ("{module} · 统计", "{module} · figures"),
    "report.year": ("年份", "Year"),
    "report.col.figure": ("指标", "Figure"),
    "report.col.value": ("数值", "Value"),
    "report.bad_year": ("年份必须是四位数字", "The year must be four digits"),
    "report.nav": ("{module} · 统计", "{module} · figures"),
    # pairing (名师带高徒): programmes, proposal, agreements
    "pairing.programmes.title": ("名师带高徒 · 带徒项目", "Master-apprentice pairing · programmes"),
    "pairing.programmes.count": ("共 {count} 个项目", "{count} programmes"),
    "pairing.year_filter": ("按年份筛选（如 2017），回车应用", "Filter by year (e.g. 2017), Enter applies"),
    "pairing.col.id": ("编号", "ID"),
    "pairing.col.name": ("项目", "Programme"),
    "pairing.col.year": ("年份", "Year"),
    "pairing.col.term": ("期限", "Term"),
    "pairing.col.masters": ("师傅", "Masters"),
    "pairing.col.apprentices": ("徒弟", "Apprentices"),
    "pairing.col.target": ("目标对数", "Target"),
    "pairing.col.agreements": ("协议", "Agreements"),
    "pairing.col.proposal": ("待定方案", "Open proposal"),
    "pairing.open_proposal": ("#{id}", "#{id}"),
    "pairing.open": ("方案", "Proposal"),
    "pairing.agreements_of": ("协议", "Agreements"),
    "pairing.focus_year": ("筛选", "Filter"),
    "pairing.none_selected": ("请先选择一个项目", "Select a programme first"),
    "pairing.proposal.title": ("{name}（{start} 至 {end}）· 配对方案", "{name} ({start} to {end}) · proposal"),
    "pairing.propose": ("计算方案", "Propose"),
    "pairing.accept": ("接受方案", "Accept"),
    "pairing.lock": ("锁定此对", "Lock pair"),
    "pairing.forbid": ("禁止此对", "Forbid pair"),
    "pairing.no_proposal": ("尚无配对方案。师傅 {masters} 名，徒弟 {apprentices} 名，目标 {target} 对。",
                            "No proposal yet. {masters} masters, {apprentices} apprentices, target {target} pairs."),
    "pairing.no_proposal.hint": ("按 P 计算最优方案。", "Press P to compute the optimal proposal."),
    "pairing.summary.head": ("方案 #{id} · {status} · 提出人 {by}", "Proposal #{id} · {status} · by {by}"),
    "pairing.summary.counts": ("配对 {pairs} 对（目标 {target}，新增 {new}）· 未配对徒弟 {unpaired} 名 · "
                               "师傅 {masters} 名（{idle} 名未带徒）· 徒弟 {apprentices} 名",
                               "{pairs} pairs (target {target}, {new} new) · {unpaired} apprentices unpaired · "
                               "{masters} masters ({idle} idle) · {apprentices} apprentices"),
    "pairing.summary.quality": ("阻塞对 {blocking} 个（师徒双方都更愿意彼此）· 总成本 {cost} · {optimal}",
                                "{blocking} blocking pairs (both would rather have each other) · cost {cost} · "
                                "{optimal}"),
    "pairing.optimal": ("已证明最优", "proven optimal"),
    "pairing.not_optimal": ("未证明最优", "not proven optimal"),
    "pairing.status.open": ("待接受", "open"),
    "pairing.status.accepted": ("已接受", "accepted"),
    "pairing.status.superseded": ("已被取代", "superseded"),
    "pairing.pairs_title": ("拟配对 {count} 对", "Proposed pairs: {count}"),
    "pairing.unpaired_title": ("未配对徒弟 {count} 名", "Unpaired apprentices: {count}"),
    "pairing.pair.master": ("师傅", "Master"),
    "pairing.pair.apprentice": ("徒弟", "Apprentice"),
    "pairing.pair.trade": ("工种", "Trade"),
    "pairing.pair.levels": ("等级", "Levels"),
    "pairing.pair.state": ("状态", "State"),
    "pairing.pair.reasons": ("理由", "Why this master"),
    "pairing.unpaired.apprentice": ("徒弟", "Apprentice"),
    "pairing.unpaired.trade": ("工种", "Trade"),
    "pairing.unpaired.level": ("等级", "Level"),
    "pairing.unpaired.eligible": ("可选师傅", "Eligible masters"),
    "pairing.unpaired.why": ("原因", "Why unpaired"),
    "pairing.level": ("{level}级", "L{level}"),
    "pairing.state.new": ("新配对", "new"),
    "pairing.state.locked": ("已锁定", "locked"),
    "pairing.state.agreed": ("已签协议 #{id}", "agreement #{id}"),
    "pairing.why_pair": ("{master} 带 {apprentice}：{reasons}", "{master} with {apprentice}: {reasons}"),
    "pairing.why_unpaired": ("{name} 未配对：{reasons}", "{name} unpaired: {reasons}"),
    "pairing.solving": ("正在求解最优配对…", "Solving for the optimal pairing…"),
    "pairing.proposed": ("方案 #{id}：配对 {pairs} 对，未配对 {unpaired} 名（求解 {ms} 毫秒）",
                         "Proposal #{id}: {pairs} pairs, {unpaired} unpaired (solved in {ms} ms)"),
    "pairing.nothing_new": ("此方案没有新的配对可接受", "This proposal has no new pair to accept"),
    "pairing.confirm_accept": ("接受方案 #{id}？{new} 对新配对将签订师徒协议（{name}，{start} 至 {end}）。",
                               "Accept proposal #{id}? Its {new} new pairs become pairing agreements (师徒协议) "
                               "for {name}, {start} to {end}."),
    "pairing.accepted": ("已接受方案 #{id}：签订师徒协议 {count} 份", "Proposal #{id} accepted: {count} agreements"),
    "pairing.lock_done": ("已锁定 {master} 带 {apprentice}；按 P 重新计算",
                          "{master} with {apprentice} locked; press P to propose again"),
    "pairing.forbid_done": ("已禁止 {master} 带 {apprentice}；按 P 重新计算",
                            "{master} with {apprentice} forbidden; press P to propose again"),
    "pairing.agreements.title": ("名师带高徒 · 师徒协议", "Master-apprentice pairing · agreements"),
    "pairing.agreements.of": ("{name} · 师徒协议", "{name} · agreements"),
    "pairing.agreements.status": ("状态筛选", "Status filter"),
    "pairing.agreements.all": ("全部", "all"),
    "pairing.agreements.showing": ("显示：{status}（按 S 切换）", "Showing: {status} (S switches)"),
    "pairing.agreements.count": ("已加载 {count} 份协议", "{count} agreements loaded"),
    "pairing.agreements.col.id": ("编号", "ID"),
    "pairing.agreements.col.programme": ("项目", "Programme"),
    "pairing.agreements.col.master": ("师傅", "Master"),
    "pairing.agreements.col.apprentice": ("徒弟", "Apprentice"),
    "pairing.agreements.col.term": ("期限", "Term"),
    "pairing.agreements.col.status": ("状态", "Status"),
    "pairing.agreements.col.outcome": ("成效", "Outcome"),
    "pairing.agreements.note": ("进展记录", "Progress note"),
    "pairing.agreements.outcome": ("结业成效", "Outcome"),
    "pairing.agreements.end": ("提前终止", "End early"),
    "pairing.form.note": ("师徒协议 #{id} · 记录进展", "Agreement #{id} · progress note"),
    "pairing.form.outcome": ("师徒协议 #{id} · 结业成效", "Agreement #{id} · outcome"),
    "pairing.form.end": ("师徒协议 #{id} · 提前终止", "Agreement #{id} · end early"),
    "pairing.form.pair": ("{master} 带 {apprentice}（{start} 至 {end}）",
                          "{master} with {apprentice} ({start} to {end})"),
    "pairing.field.text": ("进展", "Progress"),
    "pairing.field.level_after": ("现等级", "Level now"),
    "pairing.field.level_hint": ("1 高级技师 … 5 初级工", "1 senior technician … 5 junior worker"),
    "pairing.field.competition_result": ("竞赛成绩", "Competition"),
    "pairing.field.innovation": ("五小成果", "五小 innovation"),
    "pairing.field.note": ("备注", "Note"),
    "pairing.field.reason": ("终止原因", "Reason"),
    "pairing.form.submit": ("保存", "Save"),
    "pairing.form.note.done": ("协议 #{id} 已记录进展", "Progress noted on agreement #{id}"),
    "pairing.form.outcome.done": ("协议 #{id} 已结业", "Agreement #{id} completed"),
    "pairing.form.end.done": ("协议 #{id} 已提前终止", "Agreement #{id} ended early"),
    "pairing.agreement.active": ("履行中", "active"),
    "pairing.agreement.completed": ("已完成", "completed"),
    "pairing.agreement.ended_early": ("提前终止", "ended early"),
    "pairing.agreement.ended": ("{on} 提前终止", "ended early {on}"),
    "pairing.agreement.goals": ("目标：{goals}", "Goals: {goals}"),
    "pairing.agreement.outcome": ("成效：{outcome}", "Outcome: {outcome}"),
    "pairing.agreement.end_reason": ("终止原因：{reason}", "Ended because: {reason}"),
    # voice (三单): acceptance-form queue, demand orders, complaint box, paper complaints
    "voice.queue.title": ("工会维权服务受理单 · 待办（按期限）", "Union service acceptance forms · queue by deadline"),
    "voice.queue.note": ("在办 {open} 张 · 逾期 {overdue} 张 · 暂定期限 {provisional} 张（期限按中国工作日计算）",
                         "{open} open · {overdue} overdue · {provisional} provisional deadlines "
                         "(counted in Chinese working days)"),
    "voice.queue.mine_only": (" · 只看我承办的", " · mine only"),
    "voice.queue.col.ref": ("受理单", "Form"),
    "voice.queue.col.order": ("需求订单", "Demand order"),
    "voice.queue.col.officer": ("承办人", "Officer"),
    "voice.queue.col.due": ("办结期限", "Due"),
    "voice.queue.col.left": ("剩余工作日", "Days left"),
    "voice.queue.col.complaints": ("诉求", "Cases"),
    "voice.queue.detail": ("{ref}：{order} {title} · {opened} 受理，{days} 个工作日内办结，期限 {due}",
                           "{ref}: {order} {title} · opened {opened}, {days} working days, due {due}"),
    "voice.queue.none_selected": ("请先选择一张受理单", "Select a form first"),
    "voice.provisional": ("暂定", "provisional"),
    "voice.provisional.warning": ("{year} 年节假日安排尚未载入：期限暂按周一至周五计算，载入后自动重算",
                                  "The {year} holiday schedule is not known yet: the deadline counts weekdays and "
                                  "is recomputed when an admin loads it"),
    "voice.overdue": ("逾期 {n} 个工作日", "overdue by {n}"),
    "voice.due_today": ("今天到期", "due today"),
    "voice.open_order": ("查看订单", "Open order"),
    "voice.resolve": ("办结", "Resolve"),
    "voice.mine": ("只看我的", "Mine only"),
    "voice.paper": ("登记纸质诉求", "Paper complaint"),
    "voice.status_filter": ("状态筛选", "Status filter"),
    "voice.open_form": ("受理（开受理单）", "Accept (open a form)"),
    "voice.all": ("全部", "all"),
    "voice.showing": ("显示：{status}（按 S 切换）", "Showing: {status} (S switches)"),
    "voice.anonymous": ("匿名", "anonymous"),
    "voice.status.submitted": ("已提交", "submitted"),
    "voice.status.ordered": ("已并入订单", "in an order"),
    "voice.status.accepted": ("已受理", "accepted"),
    "voice.status.resolved": ("已办结", "resolved"),
    "voice.status.open": ("办理中", "open"),
    "voice.category.wages": ("工资报酬", "Wages"),
    "voice.category.overtime": ("加班休假", "Overtime and leave"),
    "voice.category.safety": ("劳动安全", "Safety"),
    "voice.category.canteen_dormitory": ("食堂宿舍", "Canteen and dormitory"),
    "voice.category.contract": ("劳动合同", "Contracts"),
    "voice.category.training": ("技能培训", "Training"),
    "voice.category.other": ("其他", "Other"),
    "voice.channel.telegram": ("Telegram", "Telegram"),
    "voice.channel.api": ("接口", "API"),
    "voice.channel.tui": ("纸质（终端录入）", "paper (TUI)"),
    "voice.outcome.dispute_mediated": ("调解劳动争议", "Dispute mediated"),
    "voice.outcome.difficulty_solved": ("解决实际困难", "Practical difficulty solved"),
    "voice.outcome.wage_arrears_recovered": ("追回拖欠工资", "Wage arrears recovered"),
    "voice.outcome.advice_given": ("政策解答", "Advice given"),
    "voice.outcome.not_upheld": ("诉求不成立", "Not upheld"),
    "voice.outcome.other": ("其他", "Other"),
    "voice.orders.title": ("企业服务需求订单", "Enterprise demand orders"),
    "voice.orders.count": ("已加载 {count} 张订单", "{count} orders loaded"),
    "voice.orders.none_selected": ("请先选择一张订单", "Select an order first"),
    "voice.orders.col.ref": ("订单", "Order"),
    "voice.orders.col.title": ("事由", "Title"),
    "voice.orders.col.status": ("状态", "Status"),
    "voice.orders.col.complaints": ("诉求", "Complaints"),
    "voice.orders.col.form": ("受理单 · 期限", "Form · due"),
    "voice.orders.col.created": ("提交日", "Filed"),
    "voice.order.loading": ("需求订单", "Demand order"),
    "voice.order.title": ("需求订单 {ref} · {title}", "Demand order {ref} · {title}"),
    "voice.order.info": ("{status} · {org} · {by} 于 {on} 提交", "{status} · {org} · filed by {by} on {on}"),
    "voice.order.no_form": ("市总工会尚未受理（没有受理单）", "Not accepted by the federation yet (no form)"),
    "voice.order.form": ("受理单 {ref} · 承办人 {officer} · 期限 {due} · {left}",
                         "Form {ref} · officer {officer} · due {due} · {left}"),
    "voice.order.form_resolved": ("受理单 {ref} 已于 {on} 办结（{outcome}）：{resolution}",
                                  "Form {ref} resolved on {on} ({outcome}): {resolution}"),
    "voice.order.complaints": ("关联诉求 {n} 件", "Linked complaints: {n}"),
    "voice.complaint.answer": ("答复：{answer}", "Answer: {answer}"),
    "voice.complaints.title": ("职工诉求（抱怨单）", "Workers' complaints"),
    "voice.complaints.count": ("已加载 {count} 件诉求", "{count} complaints loaded"),
    "voice.complaints.col.ref": ("编号", "Ref"),
    "voice.complaints.col.category": ("类别", "Category"),
    "voice.complaints.col.channel": ("渠道", "Channel"),
    "voice.complaints.col.status": ("状态", "Status"),
    "voice.complaints.col.worker": ("职工", "Worker"),
    "voice.complaints.col.filed": ("提交日", "Filed"),
    "voice.complaints.col.text": ("内容", "Text"),
    "voice.complaints.col.mark": ("选", "✓"),
    "voice.mark": ("选中", "Mark"),
    "voice.fold": ("并入订单", "Fold into order"),
    "voice.fold.title": ("把 {n} 件诉求并入企业服务需求订单", "Fold {n} complaints into a demand order"),
    "voice.fold.order_title": ("事由", "Title"),
    "voice.fold.summary": ("概述", "Summary"),
    "voice.fold.submit": ("提交订单", "File order"),
    "voice.fold.done": ("已提交需求订单 {ref}（{n} 件诉求）", "Demand order {ref} filed ({n} complaints)"),
    "voice.fold.not_foldable": ("诉求 {ref} 已在订单中或已办结", "Complaint {ref} is in an order or answered already"),
    "voice.paper.title": ("登记纸质诉求（意见箱抱怨单）", "Enter a paper complaint (from the complaint box)"),
    "voice.paper.category": ("类别", "Category"),
    "voice.paper.choose": ("请选择", "Choose"),
    "voice.paper.union_search": ("查找工会", "Find union"),
    "voice.paper.union_search.hint": ("输入工会名称，回车查找", "type a union's name, Enter searches"),
    "voice.paper.union": ("企业工会", "Union"),
    "voice.paper.member_search": ("查找职工", "Find worker"),
    "voice.paper.member_search.hint": ("姓名或身份证后四位，回车查找", "name or last four of the ID, Enter searches"),
    "voice.paper.member": ("署名职工", "Signed by"),
    "voice.paper.unsigned": ("未署名（匿名）", "unsigned (anonymous)"),
    "voice.paper.anonymous": ("匿名", "Anonymous"),
    "voice.paper.anonymous.label": ("对企业工会隐去职工姓名", "hide the worker from the enterprise union"),
    "voice.paper.text": ("内容", "Text"),
    "voice.paper.hint": ("未署名的抱怨单按匿名登记；登记后生成编号，职工可凭编号查询进度。",
                         "An unsigned paper is filed as anonymous; the reference lets the worker follow it."),
    "voice.paper.submit": ("登记", "File"),
    "voice.paper.filed": ("已登记诉求 {ref}", "Complaint {ref} filed"),
    "voice.error.required": ("不能为空", "must not be empty"),
    "voice.error.choose": ("请选择一项", "choose one"),
    "voice.error.yuan": ("金额应为数字（元）", "must be an amount in yuan"),
    "voice.resolve.title": ("办结受理单 {ref}", "Resolve form {ref}"),
    "voice.resolve.about": ("{order} {title} · 关联诉求 {n} 件 · 期限 {due}",
                            "{order} {title} · {n} linked complaints · due {due}"),
    "voice.resolve.resolution": ("办理结果", "Resolution"),
    "voice.resolve.outcome": ("结果类别", "Outcome"),
    "voice.resolve.outcome.prompt": ("请选择", "Choose"),
    "voice.resolve.recovered": ("追回工资（元）", "Recovered (yuan)"),
    "voice.resolve.recovered.hint": ("仅追回拖欠工资时填写", "only when wage arrears were recovered"),
    "voice.resolve.submit": ("办结", "Resolve"),
    "voice.confirm_resolve": ("办结受理单 {ref}？需求订单 {order} 及其 {n} 件诉求将一并办结，并通知每位职工。",
                              "Resolve form {ref}? Demand order {order} and its {n} complaints are resolved too, "
                              "and every worker is told."),
    "voice.resolved": ("受理单 {ref} 已办结，{n} 件诉求已通知职工", "Form {ref} resolved; {n} complaints' workers told"),
    "voice.open_form.title": ("受理需求订单 {ref}", "Accept demand order {ref}"),
    "voice.open_form.about": ("{title} · 关联诉求 {n} 件；期限按本会设定的工作日数自今天起算",
                              "{title} · {n} complaints; due the tenant's working days from today"),
    "voice.open_form.officer": ("承办人", "Officer"),
    "voice.open_form.submit": ("开受理单", "Open form"),
    "voice.form_opened": ("已开受理单 {ref}，期限 {due}", "Form {ref} opened, due {due}"),
    # confirm
    "confirm.title": ("请确认", "Please confirm"),
    "confirm.ok": ("确定", "Confirm"),
    "confirm.cancel": ("取消", "Cancel"),
    # help
    "help.title": ("帮助 · {screen}", "Help · {screen}"),
    "help.col.key": ("按键", "Key"),
    "help.col.does": ("作用", "Does"),
    "help.general": ("Tab 在侧栏与表格之间切换焦点；Ctrl+P 打开命令面板；按键可在配置文件 [keymap] 中重新映射。",
                     "Tab moves focus between the sidebar and the table; Ctrl+P opens the command palette; "
                     "keys can be remapped in the config file's [keymap] table."),
    "help.close": ("关闭", "Close"),
}

_lang: Lang = DEFAULT_LANG
missing: set[str] = set()  # keys asked for but not in LABELS (the tests require it stays empty)


def set_lang(lang: str) -> Lang:
    """Choose the language of every label from now on."""
    global _lang
    _lang = parse_lang(lang)
    return _lang


def get_lang() -> Lang:
    return _lang


def parse_lang(value: str | None) -> Lang:
    if not value:
        return DEFAULT_LANG
    low = value.strip().lower().replace("_", "-")
    if low.startswith("zh"):
        return "zh-CN"
    if low.startswith("en"):
        return "en"
    raise ValueError(f"unknown language {value!r}; one of: {', '.join(LANGS)}")


def t(key: str, **values: object) -> str:
    """The label `key` in the current language, with `{placeholders}` filled in."""
    try:
        zh, en = LABELS[key]
    except KeyError:
        missing.add(key)
        return key  # a missing label shows its key rather than crashing the screen
    text = zh if _lang == "zh-CN" else en
    return text.format(**values) if values else text


def pick(zh: str, en: str) -> str:
    """Choose between two texts the API gives in both languages (e.g. module titles)."""
    return zh if _lang == "zh-CN" else en


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (Chinese counts twice)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
