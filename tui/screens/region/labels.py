"""Labels the region's screens share (imported as `lbl`)."""

from __future__ import annotations

from tui.i18n import L

TENANT = L("租户", "Tenant")
PARENT = L("上级", "Parent")
STATE = L("状态", "State")
ON = L("已启用", "on")
NOT_ON = L("未启用", "not on")
YEAR = L("年份（回车查看）", "Year (Enter shows it)")
BAD_YEAR = L("年份必须是四位数字", "The year must be four digits")
MODULE = L("模块", "Module")
