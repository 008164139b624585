"""Labels several parts of the frame show (a screen's own labels sit at the top of its file)."""

from __future__ import annotations

from tui.i18n import L

ACTIVITY_END = L("，已到末尾", "; that is all")
ACTIVITY_MORE = L("，向下滚动加载更多", "; scroll down for more")
APP_BACK = L("返回", "Back")
APP_LOADING = L("加载中…", "Loading…")
APP_NO = L("否", "no")
APP_NONE = L("—", "—")
APP_QUIT = L("退出", "Quit")
APP_REFRESH = L("刷新", "Refresh")
APP_REGION = L("自治区总工会", "Regional federation")
APP_YES = L("是", "yes")
CONN_FAILED = L("无法连接 {url}", "Cannot reach {url}")
CREATE_CANCEL = L("取消", "Cancel")
CREATE_LOCALE = L("语言", "Locale")
CREATE_MODULES = L("开启的模块", "Modules switched on")
CREATE_NAME_EN = L("英文名称", "English name")
CREATE_NAME_EN_HINT = L("如 Zhongwei Federation of Trade Unions", "e.g. Zhongwei Federation of Trade Unions")
CREATE_NAME_ZH = L("中文名称", "Chinese name")
CREATE_NAME_ZH_HINT = L("如 中卫市总工会", "e.g. 中卫市总工会")
CREATE_PARENT = L("上级", "Parent")
CREATE_SLUG = L("代码", "Slug")
CREATE_SLUG_HINT = L("小写字母开头，如 zhongwei", "lower-case, e.g. zhongwei")
CREATE_SUBMIT = L("创建", "Create")
CREATE_TITLE = L("新建租户", "New tenant")
LOGIN_CONNECTING = L("正在连接 {url}…", "Connecting to {url}…")
LOGIN_NEED_TENANT = L("此令牌属于某个租户：请填写租户代码", "This token belongs to a tenant: enter the tenant slug")
REPORT_COL_FIGURE = L("指标", "Figure")
REPORT_COL_VALUE = L("数值", "Value")
ROLE_AUDITOR = L("经审人员", "auditor")
ROLE_ORG_OFFICER = L("基层工会主席", "org officer")
ROLE_PLATFORM_ADMIN = L("平台管理员", "platform admin")
ROLE_REVIEWER = L("评审专家", "reviewer")
ROLE_TENANT_ADMIN = L("市级管理员", "tenant admin")
ROLE_WORKER = L("职工", "worker")
SHOWN_CLOSE = L("关闭", "Close")
TENANT_CONFIRM_MODULES_OFF = L(
    "关闭模块：{modules}？这些模块的界面和接口将不可用，数据保留。",
    "Switch off: {modules}? Their screens and routes go away; their data is kept.",
)
TENANT_LOCALE = L("语言", "Locale")
TENANT_MODULES = L("模块（空格键开关，S 保存）", "Modules (space toggles, S saves)")
TENANT_MODULES_SAVED = L("{slug} 的模块已更新：{modules}", "Modules of {slug} updated: {modules}")
TENANT_MODULES_UNCHANGED = L("模块没有变化", "No module changed")
TENANT_NAME_EN = L("英文名称", "English name")
TENANT_NAME_ZH = L("中文名称", "Chinese name")
TENANT_PARENT = L("上级", "Parent")
TENANT_SAVE_MODULES = L("保存模块", "Save modules")
TENANT_SLUG = L("代码", "Slug")
TENANT_STATUS = L("状态", "Status")
TENANT_TIMEZONE = L("时区", "Time zone")
TENANT_TITLE = L("租户 {slug}", "Tenant {slug}")
TENANT_TOKENS = L("令牌", "Tokens")
TENANTS_CONFIRM_DISABLE = L(
    "停用租户 {slug}（{name}）？其接口将返回 404，数据保留。",
    "Disable tenant {slug} ({name})? Its routes answer 404; its data is kept.",
)
TENANTS_DISABLE = L("停用", "Disable")
TENANTS_DISABLED_DONE = L("租户 {slug} 已停用", "Tenant {slug} disabled")
TENANTS_ENABLE = L("启用", "Enable")
TENANTS_ENABLED_DONE = L("租户 {slug} 已启用", "Tenant {slug} enabled")
TENANTS_ENTER = L("进入", "Enter")
TENANTS_NEW = L("新建", "New")
CREATE_OF = {
    "cancel": CREATE_CANCEL,
    "locale": CREATE_LOCALE,
    "modules": CREATE_MODULES,
    "name_en": CREATE_NAME_EN,
    "name_en.hint": CREATE_NAME_EN_HINT,
    "name_zh": CREATE_NAME_ZH,
    "name_zh.hint": CREATE_NAME_ZH_HINT,
    "parent": CREATE_PARENT,
    "slug": CREATE_SLUG,
    "slug.hint": CREATE_SLUG_HINT,
    "submit": CREATE_SUBMIT,
    "title": CREATE_TITLE,
}
ROLE_OF = {
    "auditor": ROLE_AUDITOR,
    "org_officer": ROLE_ORG_OFFICER,
    "platform_admin": ROLE_PLATFORM_ADMIN,
    "reviewer": ROLE_REVIEWER,
    "tenant_admin": ROLE_TENANT_ADMIN,
    "worker": ROLE_WORKER,
}
TENANT_OF = {
    "confirm_modules_off": TENANT_CONFIRM_MODULES_OFF,
    "locale": TENANT_LOCALE,
    "modules": TENANT_MODULES,
    "modules_saved": TENANT_MODULES_SAVED,
    "modules_unchanged": TENANT_MODULES_UNCHANGED,
    "name_en": TENANT_NAME_EN,
    "name_zh": TENANT_NAME_ZH,
    "parent": TENANT_PARENT,
    "save_modules": TENANT_SAVE_MODULES,
    "slug": TENANT_SLUG,
    "status": TENANT_STATUS,
    "timezone": TENANT_TIMEZONE,
    "title": TENANT_TITLE,
    "tokens": TENANT_TOKENS,
}
