"""Core: what every tenant schema has whatever modules are on — the activity log (操作日志) that
every module writes to, and the working-day calendar (工作日历) every deadline is counted on."""
