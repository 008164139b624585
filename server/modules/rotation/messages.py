"""The rotation module's part of the message catalogue (see `server/messages.py`).

Codes other modules use too (`role_forbidden`, ...) are catalogued as `rotation.<code>.<case>` and
raised with `code="<code>"`, so the API answers the shared code and no two modules claim an entry."""

from server.messages import Msg

# --- who may do what -------------------------------------------------------------------------

OFFICERS_ONLY = Msg(
    "rotation.role_forbidden.officers",
    "此操作须由区工会管理员或基层工会干部办理",
    "this needs a tenant_admin or org_officer",
)

# --- lookups ---------------------------------------------------------------------------------

AREA_NOT_FOUND = Msg("rotation.not_found.area", "轮值区域 #{key} 不存在", "rotation area {key} not found")
PLATFORM_NOT_FOUND = Msg("rotation.not_found.platform", "活动平台 #{key} 不存在", "activity platform {key} not found")
BOOKING_NOT_FOUND = Msg("rotation.not_found.booking", "场地预约 #{key} 不存在", "booking {key} not found")
ROSTER_NOT_FOUND = Msg("rotation.not_found.roster", "轮值时间表 #{key} 不存在", "roster {key} not found")
SLOT_NOT_FOUND = Msg("rotation.not_found.slot", "轮值时段 #{key} 不存在", "rotation slot {key} not found")
ACTIVITY_NOT_FOUND = Msg("rotation.not_found.activity", "活动 #{key} 不存在", "activity {key} not found")

# --- field errors ----------------------------------------------------------------------------

TEXT_LENGTH = Msg("rotation.field.text_length", "应为1到{limit}个字符", "must be 1-{limit} characters")
TOO_LONG = Msg("rotation.field.too_long", "不超过{limit}个字符", "must be at most {limit} characters")
ONE_OF = Msg("rotation.field.one_of", "应为以下之一：{choices}", "must be one of: {choices}")
WHOLE_AT_LEAST = Msg(
    "rotation.field.whole_at_least", "应为不小于{low}的整数", "must be a whole number of at least {low}"
)
YEAR = Msg("rotation.field.year", "应为1949到2100之间的年份", "must be a year between 1949 and 2100")
IN_YEAR = Msg("rotation.field.in_year", "应在{year}年内", "must fall in {year}")
DATE_ORDER = Msg("rotation.field.date_order", "不能早于{other}", "must not be before {other}")
NEEDS_ZONE = Msg("rotation.field.needs_zone", "时间须带时区", "must carry a time zone")
NO_SUCH_ORG = Msg(
    "rotation.field.no_such_org", "本地工会没有组织 #{org}", "org {org} does not exist in this federation"
)
NO_SUCH_MEMBER = Msg(
    "rotation.field.no_such_member", "本地工会没有会员 #{member}", "member {member} does not exist in this federation"
)
NO_SUCH_PLATFORM = Msg(
    "rotation.field.no_such_platform", "该轮值区域没有活动平台 #{platform}", "the area has no platform {platform}"
)
NO_SUCH_SERIES = Msg(
    "rotation.field.no_such_series", "该轮值区域没有主题系列活动 #{series}", "the area has no activity series {series}"
)
NO_SUCH_THEME = Msg(
    "rotation.field.no_such_theme", "该轮值区域没有年度活动主题 #{theme}", "the area has no activity theme {theme}"
)
NO_SUCH_CHAIR = Msg("rotation.field.no_such_chair", "该轮值区域没有轮值主席 #{chair}", "the area has no chair {chair}")
NOT_IN_AREA = Msg(
    "rotation.field.not_in_area",
    "组织 #{org} 不在轮值区域“{area}”内",
    "org {org} is not in the rotation area {area}",
)
AREA_EXISTS = Msg("rotation.field.area_exists", "组织 #{org} 已是一个轮值区域", "org {org} is a rotation area already")
NOT_VICE_CHAIR_UNION = Msg(
    "rotation.field.not_vice_chair_union",
    "轮值副主席须由非公企业工会主席担任：组织 #{org} 须为未撤销的企业工会，且其企业登记为非公企业",
    "a rotating vice chair chairs an open non-public enterprise union: org {org} must be an enterprise union, "
    "not closed, whose enterprise is recorded as non-public",
)
NOT_AREA_ROOT = Msg(
    "rotation.field.not_area_root",
    "轮值主席由本区域的街道工会主席担任：组织 #{org} 不是本区域的街道工会（#{root}）",
    "the rotating chair chairs the area's street union (org {root}); org {org} is not it",
)
CHAIR_TWICE = Msg(
    "rotation.field.chair_twice",
    "组织 #{org} 的工会主席已是该区域的轮值副主席",
    "the chair of org {org} is already a rotating vice chair of the area",
)
PLATFORM_EXISTS = Msg(
    "rotation.field.platform_exists", "该区域已有名为“{name}”的活动平台", "the area has a platform named {name}"
)
TOO_FEW_DAYS = Msg(
    "rotation.field.too_few_days",
    "时段内只有{days}天可排班，不够{turns}个轮值时段",
    "the period has {days} day(s) to lay out, fewer than its {turns} turns",
)
NO_VICE_CHAIRS = Msg(
    "rotation.field.no_vice_chairs", "该区域尚无在任的轮值副主席", "the area has no rotating vice chair yet"
)
NO_CALENDAR = Msg(
    "rotation.field.no_calendar",
    "法定节假日日历未覆盖{year}年，无法按工作日排班",
    "the official holiday calendar does not cover {year}, so working days cannot be counted",
)
ROSTER_EXISTS = Msg(
    "rotation.field.roster_exists",
    "该区域{year}年的轮值时间表已发布",
    "the area's roster for {year} is published already",
)
NO_SUCH_SLOT = Msg(
    "rotation.field.no_such_slot", "该时间表没有轮值时段 #{slot}", "the roster has no rotation slot {slot}"
)
SAME_SLOT = Msg("rotation.field.same_slot", "不能与自身对调", "a slot is not swapped with itself")
NOT_IN_SLOT = Msg(
    "rotation.field.not_in_slot",
    "应在轮值时段 {starts_on} 至 {ends_on} 之内",
    "must fall in the slot, {starts_on} to {ends_on}",
)
PARTICIPANTS = Msg(
    "rotation.field.participants",
    "请填写参加人数或参加会员名单（二者之一）",
    "give a head count or a roster of members (one of them)",
)
LISTED_TWICE = Msg("rotation.field.listed_twice", "与第{first}行重复", "the same as row {first}")
NO_TASKS = Msg("rotation.field.no_tasks", "至少列出一项工作任务", "list at least one task")

# --- rules -----------------------------------------------------------------------------------

PLATFORM_BUSY = Msg(
    "platform_busy",
    "活动平台 #{platform} 在该时段已被预约",
    "platform {platform} is already booked at that time",
)
SLOT_OVERLAP = Msg(
    "slot_overlap",
    "与该区域已有的同一职务轮值时段重叠",
    "overlaps a slot of the same role in the area",
)
ROSTER_RACE = Msg(
    "roster_exists",
    "该区域{year}年的轮值时间表刚由他人生成，请刷新后再试",
    "the area's roster for {year} was just generated by someone else: reload and try again",
)
NOT_DRAFT = Msg(
    "roster_published",
    "轮值时间表 #{roster} 已发布，只能通过对调时段调整",
    "roster {roster} is published: change it by swapping slots",
)
NOT_PUBLISHED = Msg(
    "roster_not_published",
    "轮值时间表 #{roster} 尚未发布，可直接重新生成",
    "roster {roster} is not published yet: generate it again instead",
)
SLOT_OVER = Msg(
    "slot_over",
    "轮值时段 #{slot} 已结束，不能再对调",
    "rotation slot {slot} is over and cannot be swapped",
)
SWAP_ROLES = Msg(
    "swap_roles",
    "只能对调同一时间表中同一职务的两个时段",
    "only two slots of the same role in one roster are swapped",
)
PLAN_EXISTS = Msg(
    "rotation.conflict.plan_exists",
    "轮值时段 #{slot} 已有{month}的月度工作计划",
    "rotation slot {slot} has a work plan for {month} already",
)
THEME_EXISTS = Msg(
    "rotation.conflict.theme_exists", "{year}年已有活动主题“{title}”", "{year} has the activity theme {title} already"
)
CHAIR_ONLY = Msg(
    "rotation.role_forbidden.chair",
    "年度活动主题由轮值主席（街道工会）确定",
    "the year's activity themes are chosen by the rotating chair (the street union)",
)
VOICE_OFF = Msg(
    "rotation.rule.voice_off",
    "本地工会未开通职工维权服务（三单）模块，来访不能转为诉求",
    "the voice module is off for this federation, so a visit cannot become a complaint",
)
ALREADY_COMPLAINT = Msg(
    "rotation.rule.already_complaint",
    "来访记录 #{visit} 已转为诉求 #{complaint}",
    "visit {visit} became complaint {complaint} already",
)
VISIT_NOT_FOUND = Msg("rotation.not_found.visit", "来访记录 #{key} 不存在", "visit {key} not found")

# --- the CLI ---------------------------------------------------------------------------------

CLI_WHICH_AREA = Msg(
    "rotation.cli.which_area",
    "该租户有{count}个轮值区域，请用 --area 指定其一",
    "the tenant has {count} rotation areas: name one with --area",
)
CLI_BAD_DATE = Msg("rotation.cli.bad_date", "{option}：不是有效日期（YYYY-MM-DD）", "{option}: not a date (YYYY-MM-DD)")

# `saishang rotation roster`: its line and table in the CLI's language
CLI_ROSTER_LINE = Msg(
    "rotation.cli.roster_line",
    "轮值表 {roster}（{year} 年，{starts_on} 至 {ends_on}）：{state}，共 {slots} 个时段",
    "roster {roster} ({year}, {starts_on} – {ends_on}): {state}, {slots} slots",
)
CLI_SLOT = Msg("rotation.cli.slot", "时段", "slot")
CLI_ROLE = Msg("rotation.cli.role", "轮值角色", "role")
CLI_CHAIR = Msg("rotation.cli.chair", "轮值主席", "chair")
CLI_UNION = Msg("rotation.cli.union", "所在工会", "union")
CLI_FROM = Msg("rotation.cli.from", "起", "from")
CLI_TO = Msg("rotation.cli.to", "止", "to")
CLI_DAYS = Msg("rotation.cli.days", "天数", "days")


# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_ROTATION_DEMO_LOADED = Msg("activity.rotation.demo.loaded", "载入轮值演示数据", "rotation demo data loaded")
ACTIVITY_ROTATION_AREA_CREATED = Msg("activity.rotation.area.created", "新建轮值片区", "rotation area created")
ACTIVITY_ROTATION_PLATFORM_ADDED = Msg("activity.rotation.platform.added", "新增活动阵地", "platform added")
ACTIVITY_ROTATION_PLATFORM_BOOKED = Msg("activity.rotation.platform.booked", "预约活动阵地", "platform booked")
ACTIVITY_ROTATION_PLATFORM_CANCELLED = Msg(
    "activity.rotation.platform.cancelled", "取消阵地预约", "platform booking cancelled"
)
ACTIVITY_ROTATION_CHAIR_APPOINTED = Msg("activity.rotation.chair.appointed", "任命轮值主席", "rotating chair appointed")
ACTIVITY_ROTATION_ROSTER_GENERATED = Msg("activity.rotation.roster.generated", "生成轮值表", "roster generated")
ACTIVITY_ROTATION_ROSTER_PUBLISHED = Msg("activity.rotation.roster.published", "公布轮值表", "roster published")
ACTIVITY_ROTATION_ROSTER_SWAPPED = Msg("activity.rotation.roster.swapped", "调换轮值", "roster slots swapped")
ACTIVITY_ROTATION_THEME_CHOSEN = Msg("activity.rotation.theme.chosen", "确定年度活动主题", "theme of the year chosen")
ACTIVITY_ROTATION_SERIES_PLANNED = Msg("activity.rotation.series.planned", "策划系列活动", "activity series planned")
ACTIVITY_ROTATION_WORK_PLAN_ADDED = Msg(
    "activity.rotation.work_plan.added", "制定月度工作计划", "monthly work plan added"
)
ACTIVITY_ROTATION_MEETING_HELD = Msg("activity.rotation.meeting.held", "召开联席会议", "joint meeting held")
ACTIVITY_ROTATION_ISSUE_RECORDED = Msg("activity.rotation.issue.recorded", "登记重大事项", "major issue recorded")
ACTIVITY_ROTATION_ACTIVITY_RECORDED = Msg("activity.rotation.activity.recorded", "登记活动", "activity recorded")
ACTIVITY_ROTATION_VISIT_LOGGED = Msg("activity.rotation.visit.logged", "登记走访", "visit logged")
ACTIVITY_ROTATION_VISIT_ESCALATED = Msg(
    "activity.rotation.visit.escalated", "走访转为职工诉求", "visit turned into a complaint"
)

# What the demo tells `saishang demo` (DemoContext.say), in the CLI's language
DEMO_SKIPPED = Msg(
    "rotation.demo.skipped",
    "{tenant}/rotation：轮值片区已存在，跳过演示数据",
    "{tenant}/rotation: an area exists already; demo skipped",
)
DEMO_NO_STREET = Msg(
    "rotation.demo.no_street",
    "{tenant}/rotation：没有{street}（请先载入 orgs 演示数据），跳过演示数据",
    "{tenant}/rotation: no {street} (load the orgs demo first); demo skipped",
)
DEMO_LOADED = Msg(
    "rotation.demo.loaded",
    "{tenant}/rotation：{street}：工会 {unions} 个，社区联合工会 {communities} 个，副主席轮值岗位 {slots} 个，活动 {activities} 项",
    "{tenant}/rotation: {street}: {unions} unions, {communities} community joint unions, "
    "{slots} vice-chair slots, {activities} activities",
)
