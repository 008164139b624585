"""Find anything: one search across members, orgs, complaints and campaigns.

`GET /api/v1/t/{tenant}/search?q=...&limit=N` asks each kind's own list with the same `q`, as the
caller (so roles, the officer's subtree and the tenant's scope are those lists' rules, nothing new):

- members: a name (contains), a phone prefix, a full ID number (matched by its keyed digest, exact:
  sealed numbers are never searched otherwise) or the last four of one;
- orgs: a name or enterprise name (contains), or a unified social credit code (exact);
- complaints (voice on): a reference number (exact) or words of the text;
- campaigns (welfare on): words of the name.

Each kind answers at most `limit` hits and says whether there are more; the kind's list
(`list_path`, the same `q`) pages through the rest. Composed here, above the modules, like the
reports: no module knows the others.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get
from litestar.params import Parameter

from server import messages
from server.errors import invalid
from server.infra.params import Slug
from server.infra.tenancy import tenant_scope
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.voice import service as voice
from server.modules.welfare import service as welfare
from server.platform import service as platform
from server.platform.auth import STAFF
from server.platform.roles import Actor

KINDS = ("members", "orgs", "complaints", "campaigns")


class SearchHit(msgspec.Struct):
    kind: str  # members | orgs | complaints | campaigns
    id: int
    title: str  # a name, or a complaint's reference number
    detail: str  # what tells two hits apart: a masked ID number, an org type, a text's start, a year
    path: str  # the record in the API, under /api/v1/t/{tenant}


class SearchGroup(msgspec.Struct):
    kind: str
    hits: list[SearchHit]
    more: bool  # more than `limit` match: page through them with `list_path`
    list_path: str


class SearchOut(msgspec.Struct):
    q: str
    limit: int
    groups: list[SearchGroup]  # one per kind the tenant has and the caller may list
    shown: int  # hits in all groups


async def search(tenant_slug: str, q: str, actor: Actor, limit: int = 10) -> SearchOut:
    term = q.strip()
    if not term:
        raise invalid("q", messages.EMPTY)
    tenant = await platform.active_tenant(tenant_slug)
    groups: list[SearchGroup] = []
    async with tenant_scope(tenant.slug):
        within = access.scope_root(actor)
        members = await orgs.list_members(q=term, within=within, limit=limit)
        groups.append(
            SearchGroup(
                "members",
                [SearchHit("members", m.id, m.name, m.id_number, f"/members/{m.id}") for m in members.items],
                members.next_cursor is not None,
                "/members",
            )
        )
        found = await orgs.list_orgs(q=term, within=within, limit=limit)
        groups.append(
            SearchGroup(
                "orgs",
                [
                    SearchHit("orgs", o.id, o.name, orgs.ORG_TYPE_ZH.get(o.type, o.type), f"/orgs/{o.id}")
                    for o in found.items
                ],
                found.next_cursor is not None,
                "/orgs",
            )
        )
        if platform.module_enabled(tenant, "voice"):
            complaints = await voice.list_complaints(actor, q=term, limit=limit)
            groups.append(
                SearchGroup(
                    "complaints",
                    [
                        SearchHit("complaints", c.id, c.ref, c.text[:60], f"/complaints/{c.id}")
                        for c in complaints.items
                    ],
                    complaints.next_cursor is not None,
                    "/complaints",
                )
            )
        if platform.module_enabled(tenant, "welfare"):
            campaigns = await welfare.list_campaigns(q=term, limit=limit, actor=actor)
            groups.append(
                SearchGroup(
                    "campaigns",
                    [SearchHit("campaigns", k.id, k.name, str(k.year), f"/campaigns/{k.id}") for k in campaigns.items],
                    campaigns.next_cursor is not None,
                    "/campaigns",
                )
            )
    return SearchOut(term, limit, groups, sum(len(g.hits) for g in groups))


class SearchController(Controller):
    path = "/search"
    tags = ["search"]
    guards = [STAFF]

    @get(
        "/",
        summary="Find members, orgs, complaints and campaigns by one query",
        description=(
            "Each kind's own list searched with the same `q`, as the caller may see it (an org officer: "
            "their subtree). Members by name, phone prefix, a full ID number (exact) or its last four; "
            "orgs by name or credit code; complaints by reference or text; campaigns by name. At most "
            "`limit` hits per kind; `more` says the kind's list (`list_path` with `q`) holds more."
        ),
    )
    async def find(
        self,
        request: Request,
        tenant: Slug,
        q: Annotated[str, Parameter(max_length=100, description="words to look for")],
        limit: Annotated[int, Parameter(ge=1, le=50)] = 10,
    ) -> SearchOut:
        return await search(tenant, q, request.state.actor, limit)
