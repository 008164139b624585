"""Find anything from the command palette (Ctrl+P): what is typed goes to the API's one
search (`GET /api/v1/t/{tenant}/search?q=`: members, orgs, complaints, campaigns, as the
signed-in role may see them) and each hit opens its record's screen, which the module that
owns the kind declares (`TuiModule.finds`, tui/kit/contract.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider

from tui import modules
from tui.i18n import L
from tui.kit.api import ModuleApi, Record

if TYPE_CHECKING:
    from tui.app import SaishangApp

KINDS = {
    "members": L("会员", "Member"),
    "orgs": L("组织", "Org"),
    "complaints": L("诉求", "Complaint"),
    "campaigns": L("救助活动", "Campaign"),
}
HIT = L("{kind}：{title}", "{kind}: {title}")
OPEN = L("打开 · {detail}", "Open · {detail}")
SEARCHERS = frozenset({"platform_admin", "tenant_admin", "org_officer", "auditor"})  # the API's STAFF
LIMIT = 5  # hits per kind: the palette is a short list; the kind's screen pages through the rest


class SearchHit(Record):
    SCHEMA = "SearchHit"
    kind: str
    id: int
    title: str
    detail: str


class SearchGroup(Record):
    SCHEMA = "SearchGroup"
    kind: str
    hits: list[SearchHit]


class SearchOut(Record):
    SCHEMA = "SearchOut"
    groups: list[SearchGroup]


class SearchApi(ModuleApi):
    async def search(self, q: str, limit: int = LIMIT) -> SearchOut:
        return await self._get("/search", SearchOut, q=q, limit=limit)


class RecordSearch(Provider):
    """The palette's hits from the API's search, below the commands whose names match."""

    async def search(self, query: str) -> Hits:
        app = cast("SaishangApp", self.app)
        term = query.strip()
        identity = app.identity
        if not term or identity is None or app.tenant is None or identity.role not in SEARCHERS:
            return
        opens = {kind: open_ for m in modules.registered().values() for kind, open_ in m.finds.items()}
        found = await SearchApi.of(app).search(term)
        for group in found.groups:
            open_ = opens.get(group.kind)
            if open_ is None:
                continue
            for hit in group.hits:
                kind = KINDS.get(hit.kind, L(hit.kind, hit.kind))
                yield Hit(
                    0.5,  # below a command whose name matches well, above a faint one
                    HIT(kind=kind, title=hit.title),
                    lambda open_=open_, hit=hit: app.navigate(opened(app, open_, hit.id)),
                    help=OPEN(detail=hit.detail) if hit.detail else None,
                )


async def opened(app: SaishangApp, open_, record_id: int) -> None:
    await app.push_screen(await open_(app, record_id))
