"""The orgs module's screens: the org tree, member search and detail, member import,
restructuring plans. Declared in `module.py`; the screens are imported only when opened."""

WRITERS = frozenset({"tenant_admin", "org_officer"})
ADMINS = frozenset({"tenant_admin"})
