"""Roles and the actor a request or job acts as. No HTTP here: services use it too."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    platform_admin = "platform_admin"  # 自治区总工会
    tenant_admin = "tenant_admin"  # 市(区)总工会 staff
    org_officer = "org_officer"  # 基层工会主席, limited to an org subtree
    auditor = "auditor"  # 经审会
    worker = "worker"  # 职工 / 会员
    reviewer = "reviewer"  # 评审专家: scores the yearly review's nominations; belongs to no tenant

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"unknown role {value!r}; one of: {', '.join(r.value for r in cls)}") from None


# Roles of the region, not of a tenant: their tokens name no tenant and enter none.
PLATFORM_ROLES = (Role.platform_admin, Role.reviewer)


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    name: str
    role: Role
    tenant: str | None = None
    org_id: int | None = None
    member_id: int | None = None

    @property
    def is_platform(self) -> bool:
        return self.role is Role.platform_admin

    def may_enter(self, tenant: str) -> bool:
        return self.is_platform or self.tenant == tenant

    @property
    def sees_full_id_numbers(self) -> bool:
        """Full ID-card numbers only for those who administer people."""
        return self.role in (Role.platform_admin, Role.tenant_admin)


SYSTEM = Actor(account_id=None, name="system", role=Role.platform_admin)
