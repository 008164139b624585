"""Every label of the TUI in zh-CN and English, and cell-aware text helpers.

A label is looked up by key (`t("tenants.title")`); each key carries both
languages, so a label cannot exist in one language only. Chinese characters
take two terminal cells: widths are measured with `rich.cells.cell_len`, never
with `len`.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    # orgs: the org tree
    # orgs: members
    # orgs: import
    # orgs: restructuring plans
    # welfare: campaigns and their payouts
    # pairing (名师带高徒): programmes, proposal, agreements
    # voice (三单): acceptance-form queue, demand orders, complaint box, paper complaints
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


def of(labels: Mapping[str, L], code: object, **values: object) -> str:
    """The label of a code the API sends (a status, a category) from a family of labels; an
    unknown code shows as it is, rather than crashing the screen."""
    found = labels.get(str(code))
    return found(**values) if found is not None else str(code)


Text = L | str  # what a screen may hand to a widget: a label, or a text from the API


def t(key: str, **values: object) -> str:
    """The label `key` in the current language, with `{placeholders}` filled in."""
    if key in _BY_ID:
        return _BY_ID[key](**values)
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
