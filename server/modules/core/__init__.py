"""Core: what every tenant schema has whatever modules are on — the activity log."""
