"""经费绩效审计: the audit module's screens (the queue by stage, the scoring sheet, the overview)."""

ADMINS = frozenset({"tenant_admin"})
STAFF = frozenset({"tenant_admin", "auditor", "org_officer"})
