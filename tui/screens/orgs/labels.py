"""Every label of the orgs screens, in both languages (`tui.i18n.L`); a screen shows one with
`lbl.NAME()` (placeholders as keywords) and a code from the API with `lbl.of(lbl.X_OF, code)`."""

from __future__ import annotations

from tui.i18n import L, of

__all__ = ["of"]

F_ABOVE_SCALE = L("规模以上", "Above scale")
F_CHILDREN = L("下级组织", "Child orgs")
F_CLOSED = L("撤销日期", "Closed")
F_CREDIT_CODE = L("统一社会信用代码", "Credit code")
F_ENTERPRISE = L("企业", "Enterprise")
F_FOUNDED = L("成立日期", "Founded")
F_ID = L("编号", "ID")
F_MEMBERS = L("本级会员", "Own members")
F_NAME = L("名称", "Name")
F_PATH = L("隶属", "Under")
F_PUBLIC_SECTOR = L("公有制", "Public sector")
F_TYPE = L("类型", "Type")
GENDER_F = L("女", "F")
GENDER_M = L("男", "M")
IMPORT_BAD_SUFFIX = L("只能导入 .csv 或 .xlsx 文件", "Only .csv or .xlsx files can be imported")
IMPORT_BROWSE = L("浏览", "Browse")
IMPORT_CHECKED = L(
    "{name} 检查通过（未写入）：共 {rows} 行，将新增 {created}，更新 {updated}，未变 {unchanged}",
    "{name} passed the check (nothing written): {rows} rows, would create {created}, update {updated}, leave {unchanged}",
)
IMPORT_CHECKING = L("服务器正在逐行检查 {name}…", "The server is checking every row of {name}…")
IMPORT_COL_FIELD = L("列", "Column")
IMPORT_COL_MESSAGE = L("问题", "Problem")
IMPORT_COL_ROW = L("行号", "Line")
IMPORT_DONE = L(
    "{name}：共 {rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}",
    "{name}: {rows} rows, {created} created, {updated} updated, {unchanged} unchanged",
)
IMPORT_DRY_RUN = L("只检查不写入", "Check only")
IMPORT_FAILED = L("导入失败（{status}）：{detail}", "Import failed ({status}): {detail}")
IMPORT_HINT = L(
    "CSV（UTF-8 或 GBK）或 XLSX，中文或英文表头。任何一行有误则整份文件不写入。",
    "CSV (UTF-8 or GBK) or XLSX, Chinese or English headers. One bad row and nothing is written.",
)
IMPORT_NO_FILE = L("找不到文件：{path}", "No such file: {path}")
IMPORT_PATH = L("文件路径，如 ~/会员名册.xlsx", "File path, e.g. ~/members.xlsx")
IMPORT_PICK = L("选择文件（.csv / .xlsx）", "Pick a file (.csv / .xlsx)")
IMPORT_PICK_HINT = L("回车选择文件或展开文件夹；Esc 取消", "Enter picks a file or opens a folder; Esc cancels")
IMPORT_REFUSED = L(
    "文件被拒绝，未写入任何数据：{rows} 行有问题（共 {problems} 处），见下表",
    "The file was refused and nothing was written: {rows} bad rows ({problems} problems) below",
)
IMPORT_REFUSED_FILE = L(
    "文件被拒绝，未写入任何数据：{detail}", "The file was refused and nothing was written: {detail}"
)
IMPORT_SENDING = L("正在上传 {name}（{size} 字节）…", "Sending {name} ({size} bytes)…")
IMPORT_START = L("导入", "Import")
IMPORT_TITLE = L("会员导入", "Import members")
IMPORT_UNREADABLE = L("无法读取 {path}：{error}", "Cannot read {path}: {error}")
M_BIRTH = L("出生日期", "Born")
M_GENDER = L("性别", "Sex")
M_ID_NUMBER = L("身份证号", "ID number")
M_JOINED = L("入会日期", "Joined")
M_LEFT = L("离会日期", "Left")
M_LEVEL = L("职业资格等级", "Qualification")
M_MIGRANT = L("农民工", "Migrant worker")
M_NAME = L("姓名", "Name")
M_ORG = L("所属工会", "Union")
M_PHONE = L("手机号", "Phone")
M_TRADE = L("工种", "Trade")
MEMBER_COL_FROM = L("起", "From")
MEMBER_COL_ORG = L("工会", "Union")
MEMBER_COL_REASON = L("原因", "Reason")
MEMBER_COL_TO = L("止", "Until")
MEMBER_HISTORY = L("所属工会变动", "Unions over time")
MEMBER_TITLE = L("会员 · {name}", "Member · {name}")
MEMBERS_ALL_ORGS = L("全部组织", "All orgs")
MEMBERS_COL_BIRTH = L("出生日期", "Born")
MEMBERS_COL_GENDER = L("性别", "Sex")
MEMBERS_COL_ID = L("编号", "ID")
MEMBERS_COL_ID_NUMBER = L("身份证号", "ID number")
MEMBERS_COL_JOINED = L("入会日期", "Joined")
MEMBERS_COL_LEVEL = L("职业资格", "Qualification")
MEMBERS_COL_MIGRANT = L("农民工", "Migrant")
MEMBERS_COL_NAME = L("姓名", "Name")
MEMBERS_COL_ORG = L("所属工会", "Union")
MEMBERS_COL_TRADE = L("工种", "Trade")
MEMBERS_INCLUDE_LEFT = L("含已离会", "Include those who left")
MEMBERS_LEFT = L("{name}（已离会）", "{name} (left)")
MEMBERS_OPEN = L("详情", "Details")
MEMBERS_SEARCH = L("姓名、手机号开头或完整身份证号，回车查询", "Name, phone prefix or full ID number; Enter searches")
MEMBERS_SEARCH_KEY = L("查询", "Search")
MEMBERS_TITLE = L("会员查询", "Members")
MEMBERS_TITLE_ORG = L("会员 · {org} 及下级", "Members · {org} and below")
NODE = L("{name} · {members} 人", "{name} · {members} members")
PLAN_ALREADY_APPLIED = L("方案“{name}”已经执行", "Plan “{name}” is already applied")
PLAN_APPLIED = L("方案“{name}”已执行", "Plan “{name}” applied")
PLAN_BLOCKED = L("方案不能执行：{reason}", "The plan cannot be applied: {reason}")
PLAN_BLOCKING = L("阻止执行", "blocking")
PLAN_CAN_APPLY = L("可以执行", "Can be applied")
PLAN_COL_AFTER = L("调整后", "After")
PLAN_COL_BEFORE = L("调整前", "Before")
PLAN_COL_BLOCKING = L("级别", "Severity")
PLAN_COL_CHANGE = L("变化", "Change")
PLAN_COL_CODE = L("代码", "Code")
PLAN_COL_MESSAGE = L("说明", "Message")
PLAN_COL_PARENT = L("上级组织", "Parent")
PLAN_CONFIRM_APPLY = L(
    "执行方案“{name}”？自 {date} 起调整 {moves} 个组织、新建 {new_orgs} 个组织，涉及 {members} 名会员。可整体撤回。",
    "Apply plan “{name}”? From {date} it moves {moves} orgs, creates {new_orgs} and affects {members} members. It can be rolled back as a whole.",
)
PLAN_CONFIRM_ROLLBACK = L(
    "撤回方案“{name}”？组织树将恢复到执行前的样子，方案新建的组织将被删除。",
    "Roll back plan “{name}”? The tree goes back to what it was before; the orgs the plan created are deleted.",
)
PLAN_EFFECTIVE = L("生效日期", "Effective")
PLAN_MEMBERS = L("涉及会员", "Members affected")
PLAN_MOVES = L("调整组织", "Orgs moved")
PLAN_NEW_ORG = L("{name}（新建）", "{name} (new)")
PLAN_NEW_ORGS = L("新建组织", "Orgs created")
PLAN_NO_WARNINGS = L("没有问题", "No problems found")
PLAN_NOT_APPLIED = L("方案“{name}”尚未执行，无需撤回", "Plan “{name}” is not applied: nothing to roll back")
PLAN_NOTE = L("提示", "note")
PLAN_PARENTS = L("各上级组织的下级数（调整前 → 调整后）", "Child orgs per parent (before → after)")
PLAN_ROLLED_BACK = L("方案“{name}”已撤回", "Plan “{name}” rolled back")
PLAN_STATUS = L("状态", "Status")
PLAN_STATUS_APPLIED = L("已执行", "applied")
PLAN_STATUS_DRAFT = L("草稿", "draft")
PLAN_STATUS_ROLLED_BACK = L("已撤回", "rolled back")
PLAN_TITLE = L("方案预览 · {name}", "Plan preview · {name}")
PLAN_WARNINGS = L("提示", "Warnings")
PLANS_APPLY = L("执行", "Apply")
PLANS_COL_EFFECTIVE = L("生效日期", "Effective")
PLANS_COL_ID = L("编号", "ID")
PLANS_COL_MOVES = L("调整组织", "Moves")
PLANS_COL_NAME = L("方案", "Plan")
PLANS_COL_NEW_ORGS = L("新建组织", "New orgs")
PLANS_COL_STATUS = L("状态", "Status")
PLANS_PREVIEW = L("预览", "Preview")
PLANS_ROLLBACK = L("撤回", "Roll back")
PLANS_TITLE = L("组织调整方案", "Restructuring plans")
TOP_LEVEL = L("（顶层组织）", "(a top-level org)")
TREE_MEMBERS = L("会员", "Members")
TREE_MORE = L("更多…（回车加载）", "More… (Enter loads)")
TREE_NONE_SELECTED = L("请先选择一个组织", "Select an org first")
TREE_PICK = L("选择一个组织查看详情", "Pick an org to see its details")
TREE_ROOT = L("全部组织", "All orgs")
TREE_TITLE = L("组织树", "Org tree")

IMPORT_COL_OF = {
    "field": IMPORT_COL_FIELD,
    "message": IMPORT_COL_MESSAGE,
    "row": IMPORT_COL_ROW,
}

MEMBER_COL_OF = {
    "from": MEMBER_COL_FROM,
    "org": MEMBER_COL_ORG,
    "reason": MEMBER_COL_REASON,
    "to": MEMBER_COL_TO,
}

MEMBERS_COL_OF = {
    "birth": MEMBERS_COL_BIRTH,
    "gender": MEMBERS_COL_GENDER,
    "id": MEMBERS_COL_ID,
    "id_number": MEMBERS_COL_ID_NUMBER,
    "joined": MEMBERS_COL_JOINED,
    "level": MEMBERS_COL_LEVEL,
    "migrant": MEMBERS_COL_MIGRANT,
    "name": MEMBERS_COL_NAME,
    "org": MEMBERS_COL_ORG,
    "trade": MEMBERS_COL_TRADE,
}

PLAN_COL_OF = {
    "after": PLAN_COL_AFTER,
    "before": PLAN_COL_BEFORE,
    "blocking": PLAN_COL_BLOCKING,
    "change": PLAN_COL_CHANGE,
    "code": PLAN_COL_CODE,
    "message": PLAN_COL_MESSAGE,
    "parent": PLAN_COL_PARENT,
}

PLAN_STATUS_OF = {
    "applied": PLAN_STATUS_APPLIED,
    "draft": PLAN_STATUS_DRAFT,
    "rolled_back": PLAN_STATUS_ROLLED_BACK,
}

PLANS_COL_OF = {
    "effective": PLANS_COL_EFFECTIVE,
    "id": PLANS_COL_ID,
    "moves": PLANS_COL_MOVES,
    "name": PLANS_COL_NAME,
    "new_orgs": PLANS_COL_NEW_ORGS,
    "status": PLANS_COL_STATUS,
}
