"""The core module's part of the message catalogue: the working-day calendar (see `server/messages.py`)."""

from server.messages import Msg

NOT_IN_YEAR = Msg("calendar.not_in_year", "{date} 不在 {year} 年内", "{date} is not in {year}")
ALREADY_WEEKEND = Msg("calendar.already_weekend", "{date} 本来就是周末", "{date} is a weekend day already")
ALREADY_WEEKDAY = Msg("calendar.already_weekday", "{date} 本来就是工作日（周一至周五）", "{date} is a weekday already")
SCHEDULE_FILE = Msg("calendar.schedule_file", "无法读取 {file}：{error}", "{file}: {error}")
START_NOT_A_DATE = Msg(
    "calendar.start_not_a_date", "“{start}”不是有效日期（YYYY-MM-DD）", "'{start}' is not a date (YYYY-MM-DD)"
)
ALSO_HOLIDAYS = Msg("calendar.also_holidays", "{dates} 同时被列为节假日", "{dates} also listed as holidays")

PROVISIONAL = Msg(
    "calendar.provisional",
    "暂定：{years} 年节假日安排尚未载入，按周一至周五计算",
    "provisional: no holiday schedule is known for {years}; counted on weekdays until an admin loads it",
)
CLI_SCHEDULE_LOADED = Msg(
    "calendar.cli.schedule_loaded",
    "{year} 年：节假日 {holidays} 天，调休上班 {workdays} 天；重新计算了 {recomputed} 个期限",
    "{year}: {holidays} holidays, {workdays} make-up working days; recomputed {recomputed}",
)

# --- the activity log's kinds (`activity.<kind>`): each entry's words in the log -----------

ACTIVITY_CALENDAR_SCHEDULE_LOADED = Msg(
    "activity.calendar.schedule_loaded", "载入节假日安排", "holiday schedule loaded"
)
