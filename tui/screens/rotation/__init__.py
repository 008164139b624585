"""基层工会主席轮值: the rotation module's screens (the timetable, a slot's dashboard, the
activity log, the platforms' bookings)."""

STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})
