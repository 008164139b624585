"""Who may see and change what: the one access policy for org officers, which every module calls.

An org officer (`Role.org_officer`) acts only inside the subtree of the org their token names;
every other tenant role sees the whole tenant. Reaching outside is 403 `outside_subtree`, and an
org that does not exist is 404, so an officer learns nothing about orgs outside their reach that
a 404 would not tell anyone. Lists filter to `visible_org_ids(actor)` instead of refusing.
"""

from __future__ import annotations

from collections.abc import Iterable

from server.errors import FieldError, Forbidden, NotFound
from server.infra.tenancy import conn
from server.modules.orgs.messages import (
    MEMBER_NOT_FOUND,
    ORG_NOT_FOUND,
    OUTSIDE_SUBTREE,
    TENANT_HAS_NO_MEMBER,
    TENANT_HAS_NO_ORG,
    TOKEN_NAMES_NO_ORG,
)
from server.modules.orgs.service.tree import is_in_subtree, subtree_ids
from server.platform.roles import Actor, Role
from server.platform.service import TokenIn


def scope_root(actor: Actor) -> int | None:
    """The subtree an actor is limited to: an org officer's org; None means the whole tenant."""
    if actor.role is Role.org_officer:
        if actor.org_id is None:
            raise Forbidden(TOKEN_NAMES_NO_ORG)
        return actor.org_id
    return None


async def visible_org_ids(actor: Actor) -> list[int] | None:
    """The orgs an actor may see, for filtering lists; None means every org of the tenant."""
    root = scope_root(actor)
    return None if root is None else await subtree_ids(root)


async def check_org_visible(actor: Actor, org_id: int) -> None:
    """Refuse an org outside the actor's subtree (403 `outside_subtree`; 404 if there is no such org)."""
    root = scope_root(actor)
    if root is not None and not await is_in_subtree(org_id, root):
        if not await conn().fetchval("SELECT 1 FROM org WHERE id = $1", org_id):
            raise NotFound(ORG_NOT_FOUND, key=org_id)
        raise Forbidden(OUTSIDE_SUBTREE, org=org_id)


async def check_member_visible(actor: Actor, member_id: int) -> None:
    """Refuse a member whose union today is outside the actor's subtree."""
    if scope_root(actor) is None:
        return
    org_id = await conn().fetchval("SELECT org_id FROM member WHERE id = $1", member_id)
    if org_id is None:
        raise NotFound(MEMBER_NOT_FOUND, key=member_id)
    await check_org_visible(actor, org_id)


async def check_members_visible(actor: Actor, member_ids: Iterable[int]) -> None:
    """Refuse members whose union today is outside the actor's subtree, naming the first such union
    (a write that names another subtree's workers: a roster, a list of participants)."""
    if scope_root(actor) is None:
        return
    visible = set(await visible_org_ids(actor) or [])
    org_ids = await conn().fetch(
        "SELECT DISTINCT org_id FROM member WHERE id = ANY($1::int[])", sorted(set(member_ids))
    )
    for org_id in sorted({r["org_id"] for r in org_ids} - visible)[:1]:
        await check_org_visible(actor, org_id)


async def check_token(data: TokenIn) -> list[FieldError]:
    """A token bound to an org or a member names one the tenant has: a worker's token acts as that
    member, so a member of another tenant (or of none) must not be accepted."""
    errors = []
    if data.org_id is not None and not await conn().fetchval("SELECT 1 FROM org WHERE id = $1", data.org_id):
        errors.append(FieldError("org_id", TENANT_HAS_NO_ORG, tenant=data.tenant, org=data.org_id))
    if data.member_id is not None and not await conn().fetchval("SELECT 1 FROM member WHERE id = $1", data.member_id):
        errors.append(FieldError("member_id", TENANT_HAS_NO_MEMBER, tenant=data.tenant, member=data.member_id))
    return errors
