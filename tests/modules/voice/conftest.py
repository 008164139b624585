"""A small Qingtongxia-like world for the voice tests: a federation, two
enterprise unions, workers, and tokens for each kind of person."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.infra.tenancy import tenant_scope
from server.platform.roles import Actor, Role
from tests.conftest import bearer
from tests.modules.orgs.factories import make_member, make_org


@dataclass
class World:
    slug: str
    federation: int
    cement: int  # 青铜峡水泥股份有限公司工会
    aluminium: int  # another enterprise union
    zhang: int  # members
    li: int
    wang: int
    admin: dict[str, str]  # headers: the federation's tenant admin
    cement_officer: dict[str, str]
    aluminium_officer: dict[str, str]
    zhang_worker: dict[str, str]
    li_worker: dict[str, str]

    def url(self, path: str) -> str:
        return f"/api/v1/t/{self.slug}{path}"

    def worker(self, member_id: int) -> Actor:
        return Actor(
            account_id=None, name=f"member {member_id}", role=Role.worker, tenant=self.slug, member_id=member_id
        )

    @property
    def admin_actor(self) -> Actor:
        return Actor(account_id=None, name="federation admin", role=Role.tenant_admin, tenant=self.slug)

    def officer(self, org_id: int) -> Actor:
        return Actor(account_id=None, name=f"officer {org_id}", role=Role.org_officer, tenant=self.slug, org_id=org_id)


@pytest.fixture
async def world(tenant, make_token) -> World:
    async with tenant_scope(tenant.slug):
        federation = await make_org("青铜峡市总工会", type="city_federation")
        cement = await make_org("青铜峡水泥股份有限公司工会", parent_id=federation.id)
        aluminium = await make_org("青铜峡铝业工会", parent_id=federation.id)
        zhang = await make_member(cement.id, name="张伟")
        li = await make_member(cement.id, name="李娜", gender="F")
        wang = await make_member(aluminium.id, name="王强")
    slug = tenant.slug
    return World(
        slug=slug,
        federation=federation.id,
        cement=cement.id,
        aluminium=aluminium.id,
        zhang=zhang.id,
        li=li.id,
        wang=wang.id,
        admin=bearer(await make_token("tenant_admin", slug, name="市总 王主任")),
        cement_officer=bearer(await make_token("org_officer", slug, org_id=cement.id, name="水泥厂工会主席")),
        aluminium_officer=bearer(await make_token("org_officer", slug, org_id=aluminium.id, name="铝业工会主席")),
        zhang_worker=bearer(await make_token("worker", slug, member_id=zhang.id, name="张伟")),
        li_worker=bearer(await make_token("worker", slug, member_id=li.id, name="李娜")),
    )
