"""Orgs: the union org tree (with effective-dated history), members, bulk
import/export, restructuring plans and social union workers (石嘴山)."""
