"""Every label of the TUI in zh-CN and English, and cell-aware text helpers.

A label is looked up by key (`t("tenants.title")`); each key carries both
languages, so a label cannot exist in one language only. Chinese characters
take two terminal cells: widths are measured with `rich.cells.cell_len`, never
with `len`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

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
    "login.tenant.hint": (
        "市级管理员填写本会代码；平台管理员留空",
        "city admins: your tenant slug; platform admins: empty",
    ),
    "login.submit": ("登录", "Sign in"),
    "login.hint": (
        "令牌见 make up 写出的 var/platform-admin.token，或由管理员签发。",
        "The token is in var/platform-admin.token written by `make up`, or issued by an admin.",
    ),
    "login.need_token": ("请输入访问令牌", "Enter a token"),
    "login.need_tenant": (
        "此令牌属于某个租户：请填写租户代码",
        "This token belongs to a tenant: enter the tenant slug",
    ),
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
    "tenants.confirm_disable": (
        "停用租户 {slug}（{name}）？其接口将返回 404，数据保留。",
        "Disable tenant {slug} ({name})? Its routes answer 404; its data is kept.",
    ),
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
    "tenant.confirm_modules_off": (
        "关闭模块：{modules}？这些模块的界面和接口将不可用，数据保留。",
        "Switch off: {modules}? Their screens and routes go away; their data is kept.",
    ),
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
    "tokens.confirm_revoke": (
        "吊销令牌 #{id}（{prefix}…，{account}）？使用它的客户端将立即失去访问权限。",
        "Revoke token #{id} ({prefix}…, {account})? Clients using it lose access at once.",
    ),
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
    "health.bot": ("Telegram 机器人发送", "Telegram sending"),
    "health.outbox": ("机器人 · {tenant}", "Bot · {tenant}"),
    "health.outbox_detail": ("待发 {queued}，失败 {failed}", "{queued} queued, {failed} failed"),
    "health.outbox_error": ("最近错误：{error}", "last error: {error}"),
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
    "activity.more": ("，向下滚动加载更多", "; scroll down for more"),
    "activity.end": ("，已到末尾", "; that is all"),
    "activity.more_key": ("加载更多", "Load more"),
    "activity.top": ("顶部", "Top"),
    # module reports (the generic module screen)
    "report.col.figure": ("指标", "Figure"),
    "report.col.value": ("数值", "Value"),
    # orgs: the org tree
    "orgs.tree.title": ("组织树", "Org tree"),
    "orgs.tree.root": ("全部组织", "All orgs"),
    "orgs.tree.more": ("更多…（回车加载）", "More… (Enter loads)"),
    "orgs.tree.pick": ("选择一个组织查看详情", "Pick an org to see its details"),
    "orgs.tree.members": ("会员", "Members"),
    "orgs.tree.none_selected": ("请先选择一个组织", "Select an org first"),
    "orgs.node": ("{name} · {members} 人", "{name} · {members} members"),
    "orgs.top_level": ("（顶层组织）", "(a top-level org)"),
    "orgs.f.name": ("名称", "Name"),
    "orgs.f.type": ("类型", "Type"),
    "orgs.f.id": ("编号", "ID"),
    "orgs.f.path": ("隶属", "Under"),
    "orgs.f.members": ("本级会员", "Own members"),
    "orgs.f.children": ("下级组织", "Child orgs"),
    "orgs.f.enterprise": ("企业", "Enterprise"),
    "orgs.f.credit_code": ("统一社会信用代码", "Credit code"),
    "orgs.f.public_sector": ("公有制", "Public sector"),
    "orgs.f.above_scale": ("规模以上", "Above scale"),
    "orgs.f.founded": ("成立日期", "Founded"),
    "orgs.f.closed": ("撤销日期", "Closed"),
    "orgs.gender.m": ("男", "M"),
    "orgs.gender.f": ("女", "F"),
    # orgs: members
    "orgs.members.title": ("会员查询", "Members"),
    "orgs.members.title_org": ("会员 · {org} 及下级", "Members · {org} and below"),
    "orgs.members.search": (
        "姓名、手机号开头或完整身份证号，回车查询",
        "Name, phone prefix or full ID number; Enter searches",
    ),
    "orgs.members.search_key": ("查询", "Search"),
    "orgs.members.include_left": ("含已离会", "Include those who left"),
    "orgs.members.open": ("详情", "Details"),
    "orgs.members.all_orgs": ("全部组织", "All orgs"),
    "orgs.members.left": ("{name}（已离会）", "{name} (left)"),
    "orgs.members.count": ("已加载 {count} 名会员{more}", "{count} members loaded{more}"),
    "orgs.members.none_selected": ("请先选择一名会员", "Select a member first"),
    "orgs.members.col.id": ("编号", "ID"),
    "orgs.members.col.name": ("姓名", "Name"),
    "orgs.members.col.id_number": ("身份证号", "ID number"),
    "orgs.members.col.gender": ("性别", "Sex"),
    "orgs.members.col.birth": ("出生日期", "Born"),
    "orgs.members.col.org": ("所属工会", "Union"),
    "orgs.members.col.trade": ("工种", "Trade"),
    "orgs.members.col.level": ("职业资格", "Qualification"),
    "orgs.members.col.migrant": ("农民工", "Migrant"),
    "orgs.members.col.joined": ("入会日期", "Joined"),
    "orgs.member.title": ("会员 · {name}", "Member · {name}"),
    "orgs.member.history": ("所属工会变动", "Unions over time"),
    "orgs.member.col.org": ("工会", "Union"),
    "orgs.member.col.from": ("起", "From"),
    "orgs.member.col.to": ("止", "Until"),
    "orgs.member.col.reason": ("原因", "Reason"),
    "orgs.m.name": ("姓名", "Name"),
    "orgs.m.id_number": ("身份证号", "ID number"),
    "orgs.m.gender": ("性别", "Sex"),
    "orgs.m.birth": ("出生日期", "Born"),
    "orgs.m.phone": ("手机号", "Phone"),
    "orgs.m.org": ("所属工会", "Union"),
    "orgs.m.trade": ("工种", "Trade"),
    "orgs.m.level": ("职业资格等级", "Qualification"),
    "orgs.m.migrant": ("农民工", "Migrant worker"),
    "orgs.m.joined": ("入会日期", "Joined"),
    "orgs.m.left": ("离会日期", "Left"),
    # orgs: import
    "orgs.import.title": ("会员导入", "Import members"),
    "orgs.import.hint": (
        "CSV（UTF-8 或 GBK）或 XLSX，中文或英文表头。任何一行有误则整份文件不写入。",
        "CSV (UTF-8 or GBK) or XLSX, Chinese or English headers. One bad row and nothing is written.",
    ),
    "orgs.import.path": ("文件路径，如 ~/会员名册.xlsx", "File path, e.g. ~/members.xlsx"),
    "orgs.import.browse": ("浏览", "Browse"),
    "orgs.import.dry_run": ("只检查不写入", "Check only"),
    "orgs.import.start": ("导入", "Import"),
    "orgs.import.pick": ("选择文件（.csv / .xlsx）", "Pick a file (.csv / .xlsx)"),
    "orgs.import.pick_hint": (
        "回车选择文件或展开文件夹；Esc 取消",
        "Enter picks a file or opens a folder; Esc cancels",
    ),
    "orgs.import.no_file": ("找不到文件：{path}", "No such file: {path}"),
    "orgs.import.bad_suffix": ("只能导入 .csv 或 .xlsx 文件", "Only .csv or .xlsx files can be imported"),
    "orgs.import.unreadable": ("无法读取 {path}：{error}", "Cannot read {path}: {error}"),
    "orgs.import.sending": ("正在上传 {name}（{size} 字节）…", "Sending {name} ({size} bytes)…"),
    "orgs.import.checking": ("服务器正在逐行检查 {name}…", "The server is checking every row of {name}…"),
    "orgs.import.done": (
        "{name}：共 {rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}",
        "{name}: {rows} rows, {created} created, {updated} updated, {unchanged} unchanged",
    ),
    "orgs.import.checked": (
        "{name} 检查通过（未写入）：共 {rows} 行，将新增 {created}，更新 {updated}，未变 {unchanged}",
        "{name} passed the check (nothing written): {rows} rows, would create {created}, "
        "update {updated}, leave {unchanged}",
    ),
    "orgs.import.refused": (
        "文件被拒绝，未写入任何数据：{rows} 行有问题（共 {problems} 处），见下表",
        "The file was refused and nothing was written: {rows} bad rows ({problems} problems) below",
    ),
    "orgs.import.refused_file": (
        "文件被拒绝，未写入任何数据：{detail}",
        "The file was refused and nothing was written: {detail}",
    ),
    "orgs.import.failed": ("导入失败（{status}）：{detail}", "Import failed ({status}): {detail}"),
    "orgs.import.col.row": ("行号", "Line"),
    "orgs.import.col.field": ("列", "Column"),
    "orgs.import.col.message": ("问题", "Problem"),
    # orgs: restructuring plans
    "orgs.plans.title": ("组织调整方案", "Restructuring plans"),
    "orgs.plans.preview": ("预览", "Preview"),
    "orgs.plans.apply": ("执行", "Apply"),
    "orgs.plans.rollback": ("撤回", "Roll back"),
    "orgs.plans.count": ("共 {count} 个方案", "{count} plans"),
    "orgs.plans.none_selected": ("请先选择一个方案", "Select a plan first"),
    "orgs.plans.col.id": ("编号", "ID"),
    "orgs.plans.col.name": ("方案", "Plan"),
    "orgs.plans.col.effective": ("生效日期", "Effective"),
    "orgs.plans.col.status": ("状态", "Status"),
    "orgs.plans.col.moves": ("调整组织", "Moves"),
    "orgs.plans.col.new_orgs": ("新建组织", "New orgs"),
    "orgs.plan.title": ("方案预览 · {name}", "Plan preview · {name}"),
    "orgs.plan.status": ("状态", "Status"),
    "orgs.plan.status.draft": ("草稿", "draft"),
    "orgs.plan.status.applied": ("已执行", "applied"),
    "orgs.plan.status.rolled_back": ("已撤回", "rolled back"),
    "orgs.plan.effective": ("生效日期", "Effective"),
    "orgs.plan.moves": ("调整组织", "Orgs moved"),
    "orgs.plan.new_orgs": ("新建组织", "Orgs created"),
    "orgs.plan.members": ("涉及会员", "Members affected"),
    "orgs.plan.can_apply": ("可以执行", "Can be applied"),
    "orgs.plan.parents": ("各上级组织的下级数（调整前 → 调整后）", "Child orgs per parent (before → after)"),
    "orgs.plan.warnings": ("提示", "Warnings"),
    "orgs.plan.no_warnings": ("没有问题", "No problems found"),
    "orgs.plan.blocking": ("阻止执行", "blocking"),
    "orgs.plan.note": ("提示", "note"),
    "orgs.plan.new_org": ("{name}（新建）", "{name} (new)"),
    "orgs.plan.col.parent": ("上级组织", "Parent"),
    "orgs.plan.col.before": ("调整前", "Before"),
    "orgs.plan.col.after": ("调整后", "After"),
    "orgs.plan.col.change": ("变化", "Change"),
    "orgs.plan.col.blocking": ("级别", "Severity"),
    "orgs.plan.col.code": ("代码", "Code"),
    "orgs.plan.col.message": ("说明", "Message"),
    "orgs.plan.confirm_apply": (
        "执行方案“{name}”？自 {date} 起调整 {moves} 个组织、新建 {new_orgs} 个组织，涉及 {members} 名会员。可整体撤回。",
        "Apply plan “{name}”? From {date} it moves {moves} orgs, creates {new_orgs} and "
        "affects {members} members. It can be rolled back as a whole.",
    ),
    "orgs.plan.confirm_rollback": (
        "撤回方案“{name}”？组织树将恢复到执行前的样子，方案新建的组织将被删除。",
        "Roll back plan “{name}”? The tree goes back to what it was before; the orgs the plan created are deleted.",
    ),
    "orgs.plan.applied": ("方案“{name}”已执行", "Plan “{name}” applied"),
    "orgs.plan.rolled_back": ("方案“{name}”已撤回", "Plan “{name}” rolled back"),
    "orgs.plan.already_applied": ("方案“{name}”已经执行", "Plan “{name}” is already applied"),
    "orgs.plan.not_applied": ("方案“{name}”尚未执行，无需撤回", "Plan “{name}” is not applied: nothing to roll back"),
    "orgs.plan.blocked": ("方案不能执行：{reason}", "The plan cannot be applied: {reason}"),
    # welfare: campaigns and their payouts
    "welfare.campaigns.title": ("救助活动", "Relief campaigns"),
    "welfare.open": ("发放进度", "Progress"),
    "welfare.approve": ("审批", "Approve"),
    "welfare.count": ("共 {count} 个活动", "{count} campaigns"),
    "welfare.none_selected": ("请先选择一个活动", "Select a campaign first"),
    "welfare.col.id": ("编号", "ID"),
    "welfare.col.name": ("活动", "Campaign"),
    "welfare.col.kind": ("类别", "Kind"),
    "welfare.col.year": ("年度", "Year"),
    "welfare.col.budget": ("预算（元）", "Budget (¥)"),
    "welfare.col.status": ("状态", "Status"),
    "welfare.col.approved": ("审批时间", "Approved"),
    "welfare.status.draft": ("待审批", "draft"),
    "welfare.status.approved": ("已审批", "approved"),
    "welfare.confirm_approve": (
        "审批“{name}”？将为 {count} 户生成发放记录，共 ¥{total}（预算 ¥{budget}），并立即开始支付。每户只付一次，审批后不能撤回。",
        "Approve “{name}”? It creates payouts for {count} beneficiaries, ¥{total} in all "
        "(budget ¥{budget}), and starts paying them. Each is paid once; approval cannot be undone.",
    ),
    "welfare.approved": ("“{name}”已审批，开始发放", "“{name}” approved: paying now"),
    "welfare.already_approved": ("“{name}”已经审批过", "“{name}” is already approved"),
    "welfare.over_budget": ("超出预算：需 ¥{total}，预算 ¥{budget}", "Over budget: ¥{total} needed, budget ¥{budget}"),
    "welfare.progress.title": ("发放进度 · {name}", "Payment progress · {name}"),
    "welfare.f.kind": ("类别", "Kind"),
    "welfare.f.year": ("年度", "Year"),
    "welfare.f.budget": ("预算", "Budget"),
    "welfare.f.status": ("状态", "Status"),
    "welfare.f.approved": ("审批", "Approved"),
    "welfare.c.total": ("发放笔数", "Payouts"),
    "welfare.c.pending": ("待发送", "Pending"),
    "welfare.c.in_flight": ("发送中", "In flight"),
    "welfare.c.paid": ("已到账", "Paid"),
    "welfare.c.failed": ("失败", "Failed"),
    "welfare.c.unknown": ("待确认", "Unknown"),
    "welfare.c.paid_yuan": ("已发放金额", "Amount paid"),
    "welfare.c.total_yuan": ("应发放金额", "Amount due"),
    "welfare.not_approved": (
        "尚未审批：没有发放记录。按 A 审批。",
        "Not approved yet: nothing is being paid. Press A to approve.",
    ),
    "welfare.refreshing": ("发放中，每 {seconds} 秒自动刷新", "Paying; refreshes every {seconds}s"),
    "welfare.paused": ("刷新失败，已暂停自动刷新；按 R 重试", "Refreshing failed and is paused; press R to retry"),
    "welfare.done": ("全部结清：每笔均已到账或明确失败", "All settled: every payout is paid or definitely failed"),
    # pairing (名师带高徒): programmes, proposal, agreements
    "pairing.programmes.title": ("名师带高徒 · 带徒项目", "Master-apprentice pairing · programmes"),
    "pairing.programmes.count": ("共 {count} 个项目", "{count} programmes"),
    "pairing.year_filter": ("按年份筛选（如 2017），回车应用", "Filter by year (e.g. 2017), Enter applies"),
    "pairing.col.id": ("编号", "ID"),
    "pairing.col.name": ("项目", "Programme"),
    "pairing.col.term": ("期限", "Term"),
    "pairing.col.masters": ("师傅", "Masters"),
    "pairing.col.apprentices": ("徒弟", "Apprentices"),
    "pairing.col.target": ("目标对数", "Target"),
    "pairing.col.agreements": ("协议", "Agreements"),
    "pairing.col.proposal": ("待定方案", "Proposal"),
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
    "pairing.no_proposal": (
        "尚无配对方案。师傅 {masters} 名，徒弟 {apprentices} 名，目标 {target} 对。",
        "No proposal yet. {masters} masters, {apprentices} apprentices, target {target} pairs.",
    ),
    "pairing.no_proposal.hint": ("按 P 计算最优方案。", "Press P to compute the optimal proposal."),
    "pairing.summary.head": ("方案 #{id} · {status} · 提出人 {by}", "Proposal #{id} · {status} · by {by}"),
    "pairing.summary.counts": (
        "配对 {pairs} 对（目标 {target}，新增 {new}）· 未配对徒弟 {unpaired} 名 · "
        "师傅 {masters} 名（{idle} 名未带徒）· 徒弟 {apprentices} 名",
        "{pairs} pairs (target {target}, {new} new) · {unpaired} apprentices unpaired · "
        "{masters} masters ({idle} idle) · {apprentices} apprentices",
    ),
    "pairing.summary.quality": (
        "阻塞对 {blocking} 个（师徒双方都更愿意彼此）· 总成本 {cost} · {optimal}",
        "{blocking} blocking pairs (both would rather have each other) · cost {cost} · {optimal}",
    ),
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
    "pairing.proposed": (
        "方案 #{id}：配对 {pairs} 对，未配对 {unpaired} 名（求解 {ms} 毫秒）",
        "Proposal #{id}: {pairs} pairs, {unpaired} unpaired (solved in {ms} ms)",
    ),
    "pairing.nothing_new": ("此方案没有新的配对可接受", "This proposal has no new pair to accept"),
    "pairing.confirm_accept": (
        "接受方案 #{id}？{new} 对新配对将签订师徒协议（{name}，{start} 至 {end}）。",
        "Accept proposal #{id}? Its {new} new pairs become pairing agreements (师徒协议) for {name}, {start} to {end}.",
    ),
    "pairing.accepted": ("已接受方案 #{id}：签订师徒协议 {count} 份", "Proposal #{id} accepted: {count} agreements"),
    "pairing.lock_done": (
        "已锁定 {master} 带 {apprentice}；按 P 重新计算",
        "{master} with {apprentice} locked; press P to propose again",
    ),
    "pairing.forbid_done": (
        "已禁止 {master} 带 {apprentice}；按 P 重新计算",
        "{master} with {apprentice} forbidden; press P to propose again",
    ),
    "pairing.rules": ("锁定/禁止", "Locks & forbids"),
    "pairing.rules.title": ("{name} · 锁定与禁止的配对", "{name} · locked and forbidden pairs"),
    "pairing.rules.col.kind": ("类型", "Kind"),
    "pairing.rules.col.master": ("师傅", "Master"),
    "pairing.rules.col.apprentice": ("徒弟", "Apprentice"),
    "pairing.rules.col.by": ("设定人", "Set by"),
    "pairing.rules.lock": ("锁定", "locked"),
    "pairing.rules.forbid": ("禁止", "forbidden"),
    "pairing.rules.count": (
        "共 {count} 条；按 D 删除所选，Esc 返回",
        "{count} rules; D removes the selected one, Esc closes",
    ),
    "pairing.rules.remove": ("删除", "Remove"),
    "pairing.rules.removed": ("已删除该规则", "Rule removed"),
    "pairing.rules.propose_again": ("规则已变：按 P 重新计算方案", "The rules changed: press P to propose again"),
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
    "pairing.form.pair": (
        "{master} 带 {apprentice}（{start} 至 {end}）",
        "{master} with {apprentice} ({start} to {end})",
    ),
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
    "voice.queue.note": (
        "在办 {open} 张 · 逾期 {overdue} 张 · 暂定期限 {provisional} 张（期限按中国工作日计算）",
        "{open} open · {overdue} overdue · {provisional} provisional deadlines (counted in Chinese working days)",
    ),
    "voice.queue.mine_only": (" · 只看我承办的", " · mine only"),
    "voice.queue.col.ref": ("受理单", "Form"),
    "voice.queue.col.order": ("需求订单", "Demand order"),
    "voice.queue.col.officer": ("承办人", "Officer"),
    "voice.queue.col.due": ("办结期限", "Due"),
    "voice.queue.col.left": ("剩余工作日", "Days left"),
    "voice.queue.col.complaints": ("诉求", "Cases"),
    "voice.queue.detail": (
        "{ref}：{order} {title} · {opened} 受理，{days} 个工作日内办结，期限 {due}",
        "{ref}: {order} {title} · opened {opened}, {days} working days, due {due}",
    ),
    "voice.queue.none_selected": ("请先选择一张受理单", "Select a form first"),
    "voice.provisional": ("暂定", "provisional"),
    "voice.provisional.warning": (
        "{year} 年节假日安排尚未载入：期限暂按周一至周五计算，载入后自动重算",
        "The {year} holiday schedule is not known yet: the deadline counts weekdays and "
        "is recomputed when an admin loads it",
    ),
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
    "voice.order.form": (
        "受理单 {ref} · 承办人 {officer} · 期限 {due} · {left}",
        "Form {ref} · officer {officer} · due {due} · {left}",
    ),
    "voice.order.form_resolved": (
        "受理单 {ref} 已于 {on} 办结（{outcome}）：{resolution}",
        "Form {ref} resolved on {on} ({outcome}): {resolution}",
    ),
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
    "voice.link.title": ("签发 Telegram 绑定码", "Issue a Telegram link code"),
    "voice.link.member": ("职工", "Worker"),
    "voice.link.issue": ("签发", "Issue"),
    "voice.link.copy": ("复制绑定码", "Copy the code"),
    "voice.link.copied": ("绑定码已复制到剪贴板", "Code copied to the clipboard"),
    "voice.link.code": (
        "绑定码：{code}（{expires} 前有效，只显示这一次）",
        "Code: {code} (valid until {expires}; shown this once)",
    ),
    "voice.link.hint": (
        "请职工在 Telegram 中向本会机器人发送 /link 加绑定码。",
        "The worker sends /link and the code to the federation's bot in Telegram.",
    ),
    "voice.answer": ("企业答复", "Answer"),
    "voice.answer.title": ("在企业层面答复诉求 {ref}", "Answer complaint {ref} at the enterprise level"),
    "voice.answer.answer": ("答复", "Answer"),
    "voice.answer.submit": ("答复", "Answer"),
    "voice.confirm_answer": (
        "答复并办结诉求 {ref}？职工将立即收到答复。",
        "Answer and close complaint {ref}? The worker is told at once.",
    ),
    "voice.answered": ("诉求 {ref} 已答复", "Complaint {ref} answered"),
    "voice.stats.title": ("三单统计（按期间）", "Workers' voice · statistics for a period"),
    "voice.stats.from": ("自", "From"),
    "voice.stats.to": ("至（含）", "to (inclusive)"),
    "voice.stats.bad_dates": ("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD"),
    "voice.stats.complaints": ("诉求（抱怨单）", "Complaints"),
    "voice.stats.via": ("经{channel}", "via {channel}"),
    "voice.stats.demand_orders": ("企业服务需求订单", "Demand orders"),
    "voice.stats.acceptance_forms": ("工会维权服务受理单", "Acceptance forms"),
    "voice.stats.open_forms": ("在办受理单（当前）", "Open forms (now)"),
    "voice.stats.overdue_forms": ("逾期受理单（当前）", "Overdue forms (now)"),
    "voice.stats.on_time_rate": ("按期办结率", "Resolved on time"),
    "voice.stats.median_working_days": ("办结工作日（中位数）", "Working days to resolve (median)"),
    "voice.stats.average_working_days": ("办结工作日（平均）", "Working days to resolve (average)"),
    "voice.stats.ratings": ("职工评价数", "Ratings"),
    "voice.stats.average_rating": ("平均评分（1–5）", "Average rating (1–5)"),
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
    "voice.paper.hint": (
        "未署名的抱怨单按匿名登记；登记后生成编号，职工可凭编号查询进度。",
        "An unsigned paper is filed as anonymous; the reference lets the worker follow it.",
    ),
    "voice.paper.submit": ("登记", "File"),
    "voice.paper.filed": ("已登记诉求 {ref}", "Complaint {ref} filed"),
    "voice.error.required": ("不能为空", "must not be empty"),
    "voice.error.choose": ("请选择一项", "choose one"),
    "voice.error.yuan": ("金额应为数字（元）", "must be an amount in yuan"),
    "voice.resolve.title": ("办结受理单 {ref}", "Resolve form {ref}"),
    "voice.resolve.about": (
        "{order} {title} · 关联诉求 {n} 件 · 期限 {due}",
        "{order} {title} · {n} linked complaints · due {due}",
    ),
    "voice.resolve.resolution": ("办理结果", "Resolution"),
    "voice.resolve.outcome": ("结果类别", "Outcome"),
    "voice.resolve.outcome.prompt": ("请选择", "Choose"),
    "voice.resolve.recovered": ("追回工资（元）", "Recovered (yuan)"),
    "voice.resolve.recovered.hint": ("仅追回拖欠工资时填写", "only when wage arrears were recovered"),
    "voice.resolve.submit": ("办结", "Resolve"),
    "voice.confirm_resolve": (
        "办结受理单 {ref}？需求订单 {order} 及其 {n} 件诉求将一并办结，并通知每位职工。",
        "Resolve form {ref}? Demand order {order} and its {n} complaints are resolved too, and every worker is told.",
    ),
    "voice.resolved": (
        "受理单 {ref} 已办结，{n} 件诉求已通知职工",
        "Form {ref} resolved; {n} complaints' workers told",
    ),
    "voice.open_form.title": ("受理需求订单 {ref}", "Accept demand order {ref}"),
    "voice.open_form.about": (
        "{title} · 关联诉求 {n} 件；期限按本会设定的工作日数自今天起算",
        "{title} · {n} complaints; due the tenant's working days from today",
    ),
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
    "help.general": (
        "Tab 在侧栏与表格之间切换焦点；Ctrl+P 打开命令面板；按键可在配置文件 [keymap] 中重新映射。",
        "Tab moves focus between the sidebar and the table; Ctrl+P opens the command palette; "
        "keys can be remapped in the config file's [keymap] table.",
    ),
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


class L(NamedTuple):
    """A label in both languages, declared next to the screen that shows it:

        APPROVE = L("批准", "Approve")
        COUNT = L("共 {count} 项", "{count} in all")
        str(APPROVE)          # in the app's current language
        COUNT(count=3)        # with its placeholders filled in

    Bindings take an `L` through `tui.kit.bind` (their descriptions follow a language switch)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if _lang == "zh-CN" else self.en

    def __call__(self, **values: object) -> str:
        text = str(self)
        return text.format(**values) if values else text

    @property
    def id(self) -> str:
        """A stable handle for places that carry a plain string (a Binding's description)."""
        handle = f"L:{self.zh}|{self.en}"
        _BY_ID[handle] = self
        return handle


_BY_ID: dict[str, L] = {}


def label(text: str) -> str:
    """A binding description in the current language: an `L` handle, an old key, or as it is."""
    if text in _BY_ID:
        return str(_BY_ID[text])
    if text in LABELS:
        return t(text)
    return text


def known(text: str) -> bool:
    """Whether `text` is a label (an `L` handle or an old key) rather than raw text."""
    return text in _BY_ID or text in LABELS


Text = L | str  # what a screen may hand to a widget: a label, or a text from the API


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
