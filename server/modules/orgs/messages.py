"""The orgs module's part of the message catalogue (see `server/messages.py`).

A code that is also the API's problem code (`org_closed`, `cycle`, ...) names the problem; where one
problem has several texts, the entry is `<code>.<case>` and the raise site passes `code="<code>"`.
Field errors (the `errors` list of a 422) are `orgs.field.*`: their code is not on the wire.
"""

from server.messages import Msg

# --- who may see what (orgs.access) ------------------------------------------------------

OUTSIDE_SUBTREE = Msg("outside_subtree", "组织 #{org} 不在你的管辖范围内", "org #{org} is outside your org's subtree")
OUTSIDE_SUBTREE_ROOT = Msg(
    "outside_subtree.root",
    "组织干部只能在本组织的下级中新建组织",
    "an org officer creates orgs only inside their subtree",
)
OUTSIDE_SUBTREE_ROWS = Msg(
    "outside_subtree.rows", "第 {rows} 行的组织不在你的管辖范围内", "rows {rows} name orgs outside your subtree"
)
TOKEN_NAMES_NO_ORG = Msg("org_officer_without_org", "此组织干部令牌未指定组织", "this org officer token names no org")
TENANT_HAS_NO_ORG = Msg("token.no_such_org", "组织 #{org} 不存在于 {tenant}", "tenant {tenant} has no org #{org}")
TENANT_HAS_NO_MEMBER = Msg(
    "token.no_such_member", "会员 #{member} 不存在于 {tenant}", "tenant {tenant} has no member #{member}"
)
ID_NUMBER_FORBIDDEN = Msg(
    "id_number_forbidden", "你的角色不能查看完整的身份证号", "your role may not see full ID numbers"
)

# --- not found -----------------------------------------------------------------------------

ORG_NOT_FOUND = Msg("org_not_found", "组织 #{key} 不存在", "org #{key} not found")
MEMBER_NOT_FOUND = Msg("member_not_found", "会员 #{key} 不存在", "member #{key} not found")
MEMBERS_NOT_FOUND = Msg("member_not_found.many", "会员 {key} 不存在", "members {key} not found")
MEMBER_HAS_RECORDS = Msg(
    "member_has_records",
    "该会员在 {modules} 中有记录，不能删除；会员离会请填写离会日期",
    "this member has records in {modules} and cannot be deleted; for a member who leaves, set the date they left",
)
SOCIAL_WORKER_NOT_FOUND = Msg(
    "social_worker_not_found", "社会化工会工作者 #{key} 不存在", "social worker #{key} not found"
)
PLAN_NOT_FOUND = Msg("plan_not_found", "调整方案 #{key} 不存在", "plan #{key} not found")

# --- fields shared by orgs, members, zones, plans and imports ------------------------------

TEXT_LENGTH = Msg("orgs.field.length", "不能为空，且不超过{limit}个字", "must be 1-{limit} characters")
UNKNOWN_TYPE = Msg(
    "orgs.field.unknown_type", "未知的组织类型，应为以下之一：{choices}", "unknown type; one of: {choices}"
)
NO_ORG = Msg("orgs.field.no_org", "组织 #{org} 不存在", "org #{org} not found")
NO_PARENT = Msg("orgs.field.no_parent", "上级组织 #{org} 不存在", "parent org #{org} not found")
NO_ZONE = Msg("orgs.field.no_zone", "开发区 #{zone} 不存在", "zone {zone} not found")
ORG_IS_CLOSED = Msg("orgs.field.org_closed", "组织已撤销", "the org is closed")
ORG_IS_CLOSING = Msg("orgs.field.org_closing", "组织将于 {closed_on} 撤销", "the org closes on {closed_on}")
PARENT_IS_CLOSED = Msg("orgs.field.parent_closed", "上级组织已撤销", "the parent org is closed")
PARENT_IS_CLOSING = Msg(
    "orgs.field.parent_closing", "上级组织将于 {closed_on} 撤销", "the parent org closes on {closed_on}"
)
CREDIT_CODE_USED = Msg("orgs.field.credit_code_used", "已被组织 #{org} 使用", "already used by org #{org}")
CREDIT_CODE_INVALID = Msg(
    "orgs.field.credit_code_invalid", "不是有效的统一社会信用代码", "not a valid unified social credit code"
)
FUTURE_DATE = Msg("orgs.field.future", "日期不能晚于今天", "cannot be in the future")
ENDED_BEFORE_STARTED = Msg("orgs.field.ended_early", "结束日期早于开始日期", "is before started_on")
BAD_PHONE = Msg(
    "orgs.field.phone",
    "手机号应为11位（1开头）或带区号的固定电话",
    "not a mainland mobile or landline number",
)

# --- GB 32100 credit codes (creditcode.py) and GB 11643 ID numbers (idcard.py) -------------

CREDIT_CODE_LENGTH = Msg("orgs.field.credit_code_length", "统一社会信用代码应为18位", "must be 18 characters")
CREDIT_CODE_CHARS = Msg("orgs.field.credit_code_chars", "含有非法字符 {chars}", "has characters not allowed: {chars}")
CREDIT_CODE_REGION = Msg(
    "orgs.field.credit_code_region", "第3-8位应为行政区划码", "characters 3-8 must be a region code"
)
CREDIT_CODE_CHECK = Msg("orgs.field.credit_code_check", "校验码错误", "the check character is wrong")
ID_LENGTH = Msg("orgs.field.id_length", "身份证号码应为18位", "must be 18 characters")
ID_SHAPE = Msg("orgs.field.id_shape", "身份证号码只能是17位数字加数字或X", "must be 17 digits and a digit or X")
ID_REGION = Msg("orgs.field.id_region", "地区码 {region} 无效", "region code {region} is not a Chinese region")
ID_BIRTH = Msg("orgs.field.id_birth", "出生日期 {birth} 无效", "birth date {birth} is not a date")
ID_BIRTH_RANGE = Msg("orgs.field.id_birth_range", "出生日期 {birth} 不合理", "birth date {birth} is out of range")
ID_CHECK = Msg("orgs.field.id_check", "校验码错误", "the check digit is wrong")

# --- orgs ----------------------------------------------------------------------------------

FOUNDED_TOO_LATE = Msg(
    "orgs.field.founded_late",
    "成立日期应早于 {date}（首次调整或撤销）",
    "must be before {date}, when its first parent link ended",
)
PARENT_NOT_FOUNDED = Msg(
    "orgs.field.parent_not_founded", "上级组织在 {on} 尚未成立", "the parent org does not exist yet on {on}"
)
ORG_NOT_FOUNDED = Msg("orgs.field.org_not_founded", "组织在 {on} 尚未成立", "the org does not exist yet on {on}")
OWN_ORG_MOVE = Msg("orgs.field.own_org", "组织干部不能调整本组织", "an org officer cannot move their own org")
OFFICER_ROOT_MOVE = Msg(
    "orgs.field.officer_root",
    "组织干部只能在本组织的下级中调整组织",
    "an org officer moves orgs only inside their subtree",
)
CREDIT_CODE_TAKEN = Msg(
    "credit_code_taken", "该统一社会信用代码刚被另一请求使用", "this credit code was just used by another request"
)
MOVE_CLOSED = Msg("org_closed.move", "组织已撤销，不能调整", "the org is closed; it cannot be moved")
MOVE_CLOSING = Msg(
    "org_closed.move_closing",
    "组织将于 {closed_on} 撤销，不能调整",
    "the org closes on {closed_on}; it cannot be moved",
)
CLOSE_AGAIN = Msg("org_closed.again", "组织已撤销，不能再次撤销", "the org is closed; it cannot be closed again")
CLOSE_AGAIN_CLOSING = Msg(
    "org_closed.again_closing",
    "组织已安排于 {closed_on} 撤销，不能再次撤销",
    "the org closes on {closed_on}; it cannot be closed again",
)
REOPEN_CLOSED = Msg(
    "org_closed.reopen",
    "组织已于 {closed_on} 撤销，不能恢复，请新建组织",
    "the org closed on {closed_on}; found a new one instead",
)
PARENT_CLOSED = Msg("parent_closed", "上级组织已撤销，不能调整到其下", "the parent org is closed; cannot move under it")
PARENT_CLOSING = Msg(
    "parent_closed.closing",
    "上级组织将于 {closed_on} 撤销，不能调整到其下",
    "the parent org closes on {closed_on}; cannot move under it",
)
CYCLE = Msg(
    "cycle",
    "不能把组织调整到自身或其下级之下",
    "moving an org under itself or its own descendant would make a cycle",
)
SAME_PARENT = Msg("same_parent", "该组织已在此上级之下", "the org already has this parent")
MOVE_BEFORE_LINK = Msg(
    "move_before_link",
    "调整日期应不早于 {date}（现隶属关系的开始日）",
    "the move must be dated on or after {date}, when the current parent began",
)
ORG_NOT_EMPTY = Msg(
    "org_not_empty",
    "{on} 及以后组织下还有 {children} 个下级组织和 {members} 名会员，请先移出",
    "on {on} or later the org still has {children} child org(s) and {members} member(s); move them first",
)
CLOSE_BEFORE_LINK = Msg(
    "close_before_link", "撤销日期应不早于 {date}（现隶属关系的开始日）", "the closing date must be on or after {date}"
)
NOT_CLOSING = Msg("not_closing", "该组织没有撤销安排", "the org is not scheduled to close")

# --- members -------------------------------------------------------------------------------

ALREADY_MEMBER = Msg("orgs.field.already_member", "该身份证号已是会员 #{member}", "already member #{member}")
ALREADY_MEMBER_HIDDEN = Msg(
    "orgs.field.already_member_hidden", "该身份证号已是本会会员", "this person is a member already"
)
GENDER_MISMATCH = Msg("orgs.field.gender_mismatch", "性别与身份证号不符", "does not match the ID number")
BIRTH_MISMATCH = Msg("orgs.field.birth_mismatch", "出生日期与身份证号不符", "does not match the ID number")
LEVEL_RANGE = Msg(
    "orgs.field.level", "职业资格等级应为1（高级技师）至5（初级工）", "must be 1 (高级技师) to 5 (初级工)"
)
LEVELS_RANGE = Msg(
    "orgs.field.levels",
    "职业资格等级应为1（高级技师）至5（初级工）：会员 {members}",
    "must be 1 (高级技师) to 5 (初级工): members {members}",
)
JOINED_IN_FUTURE = Msg("orgs.field.joined_future", "入会日期不能晚于今天", "cannot be in the future")
JOINED_BEFORE_BIRTH = Msg("orgs.field.joined_before_birth", "入会日期早于出生日期", "is before the birth date")
LEFT_BEFORE_JOINED = Msg("orgs.field.left_before_joined", "离会日期早于入会日期", "is before the join date")
LEFT_BEFORE_BIRTH = Msg("orgs.field.left_before_birth", "离会日期早于出生日期", "is before the birth date")
SAME_ID_AS_ROW = Msg("orgs.field.same_id_row", "与第{first}行身份证号重复", "same ID number as row {first}")
REASON_REQUIRED = Msg("orgs.field.reason", "请说明原因", "give a reason")
BAD_MEMBER_ROWS = Msg(
    "invalid_input.members", "{bad} 行有错误，未写入任何会员", "{bad} bad row(s); nothing was written"
)
MEMBER_EXISTS = Msg(
    "member_exists", "该身份证号刚被另一请求登记", "this ID number was just registered by another request"
)
MEMBERS_EXIST = Msg(
    "member_exists.many",
    "这些身份证号中有的刚被另一请求登记，未写入任何会员",
    "some of these ID numbers were just registered by another request; nothing was written",
)

# --- a member's unions over time (transfers) -----------------------------------------------

CLEAR_ONLY = Msg("orgs.field.clear", "只能清空这些字段：{fields}", "only these can be cleared: {fields}")
JOINED_TOO_LATE = Msg(
    "orgs.field.joined_late",
    "入会日期应早于 {date}（首次转会或离会）",
    "must be before {date}, when the first union placement ended",
)
BEFORE_LAST_PLACEMENT = Msg(
    "before_placement",
    "日期应不早于 {date}（最后一段工会关系的起始日）",
    "the date must be on or after {date}, when the last union placement began",
)
BEFORE_OPEN_PLACEMENT = Msg(
    "before_placement.open",
    "日期应不早于 {date}（会员在当前或已安排的工会的起始日）",
    "the date must be on or after {date}, when the member's current (or scheduled) union placement begins",
)
TRANSFER_CLOSED = Msg("org_closed.transfer", "组织已撤销，不能转入", "the org is closed; no transfer into it")
TRANSFER_CLOSING = Msg(
    "org_closed.transfer_closing",
    "组织将于 {closed_on} 撤销，不能转入",
    "the org closes on {closed_on}; no transfer into it",
)
SAME_ORG = Msg(
    "same_org",
    "会员已在（或已安排转入）该组织",
    "the member is already in (or already scheduled to move to) that org",
)
MEMBER_CHANGED = Msg(
    "member_changed",
    "该会员刚被另一操作修改，请刷新后重试",
    "the member was just changed by another request; reload and try again",
)
MEMBER_LEAVING = Msg(
    "member_leaving",
    "会员将于 {left_on} 离会，请先调整离会日期",
    "the member leaves on {left_on}; change the leave date first",
)
MEMBER_LEFT = Msg("member_left", "会员已离会，请先恢复会籍", "the member has left; rejoin first")
TRANSFER_BEFORE_BIRTH = Msg(
    "orgs.field.transfer_before_birth", "转会日期早于出生日期", "is before the member's birth date"
)
NOTHING_SCHEDULED = Msg("nothing_scheduled", "该会员没有已安排的转会", "no transfer of this member is scheduled")

# --- development zones and social union workers --------------------------------------------

ZONE_EXISTS = Msg("orgs.field.zone_exists", "同名开发区已存在", "a zone with this name exists")

# --- import and export (bulk.py) -----------------------------------------------------------

UNKNOWN_FILE = Msg(
    "orgs.field.file_type", "无法识别的文件类型，请上传 CSV 或 XLSX", "unknown file type; send CSV or XLSX"
)
FILE_PART = Msg(
    "orgs.field.file_part", "请以 multipart 字段 file 上传文件", "send the file as the multipart field `file`"
)
FILE_EMPTY = Msg("orgs.field.file_empty", "文件为空", "the file is empty")
NO_ROWS = Msg("orgs.field.no_rows", "文件只有表头，没有数据行", "the file has a header but no rows")
CSV_ENCODING = Msg(
    "orgs.field.csv_encoding", "CSV 文件既不是 UTF-8 也不是 GBK 编码", "the CSV is neither UTF-8 nor GBK text"
)
NOT_CSV = Msg("orgs.field.not_csv", "不是 CSV 文件：{error}", "not a CSV file: {error}")
CSV_ERROR = Msg("orgs.field.csv_error", "CSV 格式错误：{error}", "CSV error: {error}")
NOT_XLSX = Msg("orgs.field.not_xlsx", "不是 XLSX 工作簿：{error}", "not an XLSX workbook: {error}")
SHEET_EMPTY = Msg("orgs.field.sheet_empty", "工作表为空", "the sheet is empty")
COLUMN_TWICE = Msg("orgs.field.column_twice", "重复的列（{first}）", "the column appears twice ({first})")
COLUMN_MISSING = Msg(
    "orgs.field.column_missing", "缺少必需的列（以下之一：{names}）", "required column missing (one of: {names})"
)
HEADER_UNUSABLE = Msg(
    "invalid_input.header", "表头不可用，未写入任何数据", "the header row is not usable; nothing was written"
)
ORG_ID_NOT_INT = Msg("orgs.field.org_id_int", "组织编号应为整数", "must be a whole number")
NO_ORG_NAMED = Msg("orgs.field.no_org_named", "找不到名为“{name}”的工会", "no open org named “{name}”")
ORGS_SAME_NAME = Msg(
    "orgs.field.orgs_same_name",
    "有{count}个同名工会，请用组织编号",
    "{count} orgs have this name; use the org_id column",
)
ORG_EMPTY = Msg("orgs.field.org_empty", "所属工会为空", "no org given")
ROW_OUTSIDE = Msg("orgs.field.row_outside", "组织不在你的管辖范围内", "the org is outside your subtree")
LEVEL_NAME = Msg(
    "orgs.field.level_name",
    "职业资格等级应为1-5或 高级技师/技师/高级工/中级工/初级工",
    "must be 1-5 or a level name (高级技师/技师/高级工/中级工/初级工)",
)
YES_NO = Msg("orgs.field.yes_no", "应为 是/否", "must be yes or no")
SAME_ID_AS_LINE = Msg("orgs.field.same_id_line", "与第{first}行身份证号重复", "same ID number as line {first}")
MEMBER_OUTSIDE = Msg(
    "orgs.field.member_outside", "该人员是你管辖范围以外的会员", "this person is a member outside your subtree"
)
TRANSFER_SCHEDULED = Msg(
    "orgs.field.transfer_scheduled",
    "该会员已安排于 {date} 转会，请在会员档案中调整",
    "a transfer of this member is scheduled on {date}; change it in the member's record, not by import",
)
BAD_LINES = Msg("invalid_input.lines", "{bad} 行有错误，未写入任何数据", "{bad} bad row(s); nothing was written")
IMPORT_ORG_CLOSED = Msg(
    "import_org_closed",
    "导入期间组织“{names}”已撤销，未写入任何数据，请修改文件后重试",
    "{names} closed while the file was being imported; nothing was written, change the file and import again",
)
IMPORT_ORG_GONE = Msg(
    "import_org_gone",
    "导入期间文件中的组织已被删除（撤销了建立它的重组方案），未写入任何数据，请核对文件后重试",
    "an org the file names was removed while the file was being imported (the restructuring plan that "
    "created it was rolled back); nothing was written, check the file and import again",
)
IMPORT_CONFLICT = Msg(
    "import_conflict",
    "同一批会员正被其他导入或操作同时添加或修改，未写入任何数据，请重试",
    "the same members were added or changed by another import or request meanwhile; nothing was written, import again",
)

# `saishang import members`, `orgs export` and `orgs tree`: their words, in the CLI's language
CLI_EXPORT_WHAT = Msg(
    "orgs.cli.export_what",
    "“{what}”无法导出：可导出 members（会员）或 orgs（组织）",
    "'{what}': export members or orgs",
)
CLI_TREE_AS_OF = Msg("orgs.cli.tree_as_of", "{tenant}（截至 {day}）", "{tenant} as of {day}")
CLI_TREE_NODE = Msg("orgs.cli.tree_node", "（{type}，{count} 人）", "({type}, {count} members)")
CLI_STAGE_READ = Msg("orgs.cli.stage.read", "读取（字节）", "reading (bytes)")
CLI_STAGE_VALIDATE = Msg("orgs.cli.stage.validate", "校验", "validating")
CLI_STAGE_MATCH = Msg("orgs.cli.stage.match", "比对", "matching")
CLI_STAGE_WRITE = Msg("orgs.cli.stage.write", "写入", "writing")
CLI_STAGE_COPY = Msg("orgs.cli.stage.copy", "写入会员", "copying members")
CLI_STAGE_PLACEMENTS = Msg("orgs.cli.stage.placements", "写入隶属关系", "copying placements")
CLI_IMPORTED = Msg(
    "orgs.cli.imported",
    "已导入 {rows} 行：新增 {created}，更新 {updated}，未变 {unchanged}",
    "imported {rows} rows: {created} created, {updated} updated, {unchanged} unchanged",
)
CLI_WOULD_IMPORT = Msg(
    "orgs.cli.would_import",
    "试导入 {rows} 行（未写入）：将新增 {created}，更新 {updated}，未变 {unchanged}",
    "would import {rows} rows: {created} created, {updated} updated, {unchanged} unchanged",
)
CLI_MOVED = Msg(
    "orgs.cli.moved", "已将 {count} 名已有会员转入其他工会", "moved {count} existing member(s) to another union"
)
CLI_WOULD_MOVE = Msg(
    "orgs.cli.would_move",
    "将把 {count} 名已有会员转入其他工会",
    "would move {count} existing member(s) to another union",
)
CLI_MORE_ERRORS = Msg("orgs.cli.more_errors", "……另有 {count} 处错误", "... and {count} more errors")
CLI_MORE_MOVES = Msg("orgs.cli.more_moves", "……另有 {count} 名", "... and {count} more")
CLI_ROW = Msg("orgs.cli.row", "行", "line")
CLI_COLUMN = Msg("orgs.cli.column", "列", "column")
CLI_REASON = Msg("orgs.cli.reason", "原因", "reason")
CLI_MEMBER = Msg("orgs.cli.member", "会员", "member")
CLI_FROM = Msg("orgs.cli.from", "原工会", "from")
CLI_TO = Msg("orgs.cli.to", "转入工会", "to")

# --- restructuring plans (restructure.py) --------------------------------------------------

REF_TWICE = Msg("orgs.field.ref_twice", "ref '{ref}' 重复使用", "ref '{ref}' is used twice")
NO_REF = Msg("orgs.field.no_ref", "没有 ref 为 '{ref}' 的新组织", "no new org with ref '{ref}'")
SAME_CODE_AS = Msg(
    "orgs.field.same_code_as",
    "与 new_orgs[{index}] 的统一社会信用代码相同",
    "the same credit code as new_orgs[{index}]",
)
PARENT_ONE_WAY = Msg(
    "orgs.field.parent_one_way",
    "请给出 parent_id 或 parent_ref，不能两者都给",
    "give parent_id or parent_ref, not both",
)
MOVED_TWICE = Msg("orgs.field.moved_twice", "组织 #{org} 被调整了两次", "org {org} is moved twice")
MOVE_NEEDS_PARENT = Msg(
    "orgs.field.move_parent",
    "调整需要指定新的上级（parent_id 或 parent_ref）",
    "a move needs a new parent (parent_id or parent_ref)",
)
PLAN_EMPTY = Msg(
    "orgs.field.plan_empty", "方案至少需要一项调整或一个新组织", "a plan needs at least one move or new org"
)
PLAN_APPLIED = Msg(
    "plan_applied", "方案已执行，不能修改，请先回滚", "an applied plan cannot be edited; roll it back first"
)
PLAN_APPLIED_DELETE = Msg(
    "plan_applied.delete", "方案已执行，不能删除，请先回滚", "an applied plan cannot be deleted; roll it back first"
)
PLAN_APPLIED_AGAIN = Msg("plan_applied.again", "方案已经执行", "the plan is already applied")
PLAN_PREVIEW_APPLIED = Msg(
    "orgs.plan_preview.applied",
    "此方案已于 {day} 执行，不能再次执行；以下是它所做的调整（各上级在生效日前后的下级组织数）",
    "this plan was applied on {day} and cannot be applied again; below is what it changed "
    "(each parent's child orgs before and after its effective date)",
)
PLAN_PREVIEW_ROLLED_BACK = Msg(
    "orgs.plan_preview.rolled_back",
    "此方案已于 {day} 撤销，组织树已恢复原状；以下是再次执行将做的调整",
    "this plan was rolled back on {day} and the tree is as it was; below is what applying it again would change",
)
PLAN_INVALID = Msg("plan_invalid", "方案不能执行：{reason}", "the plan cannot be applied: {reason}")
PLAN_INVALID_MORE = Msg(
    "plan_invalid.more",
    "方案不能执行：{reason}（另有 {more} 项）",
    "the plan cannot be applied: {reason} (and {more} more)",
)
PLAN_CODE_TAKEN = Msg(
    "credit_code_taken.plan",
    "新组织的统一社会信用代码刚被其他组织使用，请重新预览方案",
    "a new org's credit code was just taken by another org; preview the plan again",
)
PLAN_TARGET_GONE = Msg(
    "plan_target_gone",
    "方案引用的组织或开发区刚被删除，请重新预览方案",
    "an org or zone the plan names was just removed; preview the plan again",
)
PLAN_NOT_APPLIED = Msg(
    "plan_not_applied",
    "只有已执行的方案才能回滚，此方案的状态为 {status}",
    "only an applied plan can be rolled back; this one is {status}",
)
PLAN_SUPERSEDED = Msg(
    "plan_superseded",
    "方案中的 {count} 个组织此后已被调整或撤销，请先撤回这些变更",
    "{count} org(s) of this plan have moved or closed since; undo those first",
)
PLAN_ORGS_IN_USE = Msg(
    "plan_orgs_in_use",
    "方案新建的组织仍被引用（含历史记录和已安排的转会、调整），请先移出：{orgs}",
    "the orgs this plan created are still named, in their history or in transfers and moves scheduled later; "
    "move these out first: {orgs}",
)
PLAN_ORG_IN_USE = Msg(
    "plan_orgs_in_use.org",
    "“{name}”（#{id}）：会员 {members} 名、社会化工会工作者 {social_workers} 名、下级组织 {child_orgs} 个",
    "{name} (#{id}): {members} member(s), {social_workers} social worker(s), {child_orgs} child org(s)",
)
PLAN_ORGS_MORE = Msg("plan_orgs_in_use.more", "（另有 {more} 个）", " (and {more} more)")


# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_ORGS_DEMO_LOADED = Msg("activity.orgs.demo.loaded", "载入组织演示数据", "orgs demo data loaded")
ACTIVITY_ORGS_MEMBER_CREATED = Msg("activity.orgs.member.created", "新增会员", "member added")
ACTIVITY_ORGS_MEMBER_DELETED = Msg("activity.orgs.member.deleted", "删除会员", "member deleted")
ACTIVITY_ORGS_MEMBER_UPDATED = Msg("activity.orgs.member.updated", "修改会员信息", "member updated")
ACTIVITY_ORGS_MEMBER_LEVEL_RAISED = Msg("activity.orgs.member.level_raised", "职业资格提升", "qualification raised")
ACTIVITY_ORGS_MEMBER_TRANSFERRED = Msg("activity.orgs.member.transferred", "会员调转", "member transferred")
ACTIVITY_ORGS_MEMBER_TRANSFER_CANCELLED = Msg(
    "activity.orgs.member.transfer_cancelled", "撤销会员调转", "member transfer called off"
)
ACTIVITY_ORGS_MEMBER_TRANSFER_EFFECTIVE = Msg(
    "activity.orgs.member.transfer_effective", "会员调转生效", "member transfer took effect"
)
ACTIVITY_ORGS_MEMBER_ID_NUMBER_VIEWED = Msg(
    "activity.orgs.member.id_number_viewed", "查看完整身份证号", "full ID number viewed"
)
ACTIVITY_ORGS_MEMBERS_ID_NUMBERS_EXPORTED = Msg(
    "activity.orgs.members.id_numbers_exported", "导出含完整身份证号的会员名单", "members exported with full ID numbers"
)
ACTIVITY_ORGS_MEMBERS_IMPORTED = Msg("activity.orgs.members.imported", "批量导入会员", "members imported")
ACTIVITY_ORGS_ORG_CREATED = Msg("activity.orgs.org.created", "新建组织", "org created")
ACTIVITY_ORGS_ORG_UPDATED = Msg("activity.orgs.org.updated", "修改组织信息", "org updated")
ACTIVITY_ORGS_ORG_MOVED = Msg("activity.orgs.org.moved", "调整隶属关系", "org moved")
ACTIVITY_ORGS_ORG_CLOSED = Msg("activity.orgs.org.closed", "撤销组织", "org closed")
ACTIVITY_ORGS_ORG_REOPENED = Msg("activity.orgs.org.reopened", "恢复组织", "org reopened")
ACTIVITY_ORGS_PLAN_DRAFTED = Msg("activity.orgs.plan.drafted", "起草调整方案", "restructuring plan drafted")
ACTIVITY_ORGS_PLAN_EDITED = Msg("activity.orgs.plan.edited", "修改调整方案", "restructuring plan edited")
ACTIVITY_ORGS_PLAN_APPLIED = Msg("activity.orgs.plan.applied", "实施调整方案", "restructuring plan applied")
ACTIVITY_ORGS_PLAN_ROLLED_BACK = Msg("activity.orgs.plan.rolled_back", "回退调整方案", "restructuring plan rolled back")
ACTIVITY_ORGS_PLAN_DELETED = Msg("activity.orgs.plan.deleted", "删除调整方案", "restructuring plan deleted")
ACTIVITY_ORGS_SOCIAL_WORKER_ASSIGNED = Msg(
    "activity.orgs.social_worker.assigned", "派驻社会工作者", "social worker assigned"
)
ACTIVITY_ORGS_SOCIAL_WORKER_ENDED = Msg(
    "activity.orgs.social_worker.ended", "社会工作者离任", "social worker's assignment ended"
)
ACTIVITY_ORGS_ZONE_CREATED = Msg("activity.orgs.zone.created", "新建开发区", "zone created")

# A restructuring plan's preview warnings (the warning's `code` is the last part of the Msg's code).
PLAN_WARN_NEW_UNKNOWN_PARENT = Msg(
    "orgs.plan_warning.new_org.unknown_parent",
    "新组织“{name}”的上级 #{parent} 不存在",
    "the parent #{parent} of new org “{name}” no longer exists",
)
PLAN_WARN_NEW_PARENT_CLOSED = Msg(
    "orgs.plan_warning.new_org.parent_closed",
    "新组织“{name}”的上级“{parent}”已撤销",
    "new org “{name}” is placed under “{parent}”, which is closed",
)
PLAN_WARN_NEW_PARENT_CLOSING = Msg(
    "orgs.plan_warning.new_org.parent_closing",
    "新组织“{name}”的上级“{parent}”将于 {on} 撤销",
    "new org “{name}” is placed under “{parent}”, which closes on {on}",
)
PLAN_WARN_UNKNOWN_ZONE = Msg(
    "orgs.plan_warning.unknown_zone",
    "新组织“{name}”的开发区 #{zone} 不存在",
    "the zone #{zone} of new org “{name}” does not exist",
)
PLAN_WARN_CODE_TAKEN = Msg(
    "orgs.plan_warning.credit_code_taken",
    "新组织“{name}”的统一社会信用代码已被组织 #{org} 使用",
    "the credit code of new org “{name}” is already used by org #{org}",
)
PLAN_WARN_CODE_TWICE = Msg(
    "orgs.plan_warning.credit_code_twice",
    "新组织“{name}”与“{other}”的统一社会信用代码相同",
    "new org “{name}” has the same credit code as “{other}”, another new org of the plan",
)
PLAN_WARN_UNKNOWN_ORG = Msg("orgs.plan_warning.unknown_org", "组织 #{org} 不存在", "org #{org} no longer exists")
PLAN_WARN_ORG_CLOSED = Msg(
    "orgs.plan_warning.org_closed", "“{name}”已撤销，不能调整", "“{name}” is closed: it cannot be moved"
)
PLAN_WARN_ORG_CLOSING = Msg(
    "orgs.plan_warning.org_closing",
    "“{name}”将于 {on} 撤销，不能调整",
    "“{name}” closes on {on}: it cannot be moved",
)
PLAN_WARN_UNKNOWN_PARENT = Msg(
    "orgs.plan_warning.unknown_parent", "目标上级 #{parent} 不存在", "the target parent #{parent} no longer exists"
)
PLAN_WARN_PARENT_CLOSED = Msg(
    "orgs.plan_warning.parent_closed",
    "“{name}”不能调整到“{parent}”下：该组织已撤销",
    "“{name}” cannot be moved under “{parent}”: it is closed",
)
PLAN_WARN_PARENT_CLOSING = Msg(
    "orgs.plan_warning.parent_closing",
    "“{name}”不能调整到“{parent}”下：该组织将于 {on} 撤销",
    "“{name}” cannot be moved under “{parent}”: it closes on {on}",
)
PLAN_WARN_PARENT_NOT_FOUNDED = Msg(
    "orgs.plan_warning.parent_not_founded", "“{parent}”在 {day} 尚未成立", "“{parent}” does not exist yet on {day}"
)
PLAN_WARN_SELF_PARENT = Msg(
    "orgs.plan_warning.self_parent", "“{name}”不能调整到自身之下", "“{name}” cannot be moved under itself"
)
PLAN_WARN_NO_CHANGE = Msg(
    "orgs.plan_warning.no_change",
    "“{name}”已在“{parent}”之下，请从方案中删去此项",
    "“{name}” is already under “{parent}”: take the move out of the plan",
)
PLAN_WARN_UNUSUAL_PARENT = Msg(
    "orgs.plan_warning.unusual_parent",
    "“{name}”将隶属于企业工会“{parent}”",
    "“{name}” would sit under the enterprise union “{parent}”",
)
PLAN_WARN_BEFORE_CURRENT_PARENT = Msg(
    "orgs.plan_warning.before_current_parent",
    "生效日期早于“{name}”现隶属关系的开始日 {since}",
    "the effective date is before {since}, when the current parent of “{name}” began",
)
PLAN_WARN_CYCLE = Msg(
    "orgs.plan_warning.cycle",
    "“{name}”将被调整到自己的下级之下，形成循环",
    "moving “{name}” under its own descendant would make a cycle",
)
PLAN_WARN_CYCLE_LATER = Msg(
    "orgs.plan_warning.cycle_later",
    "“{name}”将被调整到自己的下级之下，自 {on} 起形成循环",
    "moving “{name}” under its own descendant would make a cycle from {on}",
)

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "orgs.demo.skipped", "{tenant}/orgs：组织已存在，跳过演示数据", "{tenant}/orgs: orgs exist already; demo skipped"
)
