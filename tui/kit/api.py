"""One way for a screen to reach the API: `ModuleApi` (a module's calls under
`/api/v1/t/{tenant}`), `Record` (the TUI's view of one of the server's records, named
after its OpenAPI component so tests/tui/test_contract.py can hold the two together)
and `Page[T]` (every paginated list: `items` and `next_cursor`).

    class Campaign(Record):
        SCHEMA = "CampaignOut"
        id: int
        name: str

    class WelfareApi(ModuleApi):
        async def campaigns(self, cursor: str | None = None) -> Page[Campaign]:
            return await self._page("/campaigns", Campaign, cursor=cursor)

        async def create_campaign(self, body: dict) -> Campaign:
            return await self._send("POST", "/campaigns", body, Campaign)

    api = WelfareApi.of(self.app)      # in a screen: the app's client, the tenant worked in

A list or a report is saved as XLSX with `save_export(app, path, **filters)` (its
`…/export` sibling, streamed to a file in the export folder; `ListScreen` and the figures
screen bind it to Ctrl+S).

Failures are the client's: `ApiError` carries the problem+json (`errors[]` names the
fields, which `tui.kit.form.FormModal` shows next to them) and `ConnectionLost`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

import msgspec

if TYPE_CHECKING:
    from tui.app import SaishangApp
    from tui.client import ApiClient

T = TypeVar("T")
R = TypeVar("R")


class Record(msgspec.Struct):
    """A record the TUI reads from the API. `SCHEMA` names the OpenAPI component it mirrors;
    every field must exist there with a compatible type (tests/tui/test_contract.py).
    The TUI may read fewer fields than the server sends, never others."""

    SCHEMA: ClassVar[str | None] = None  # None: the TUI's own shape, checked by no contract


class Listing(msgspec.Struct):
    """Where a page came from: the list's path and the filters it was asked with (no cursor,
    no limit). Its export is the same path and filters at `{path}/export`."""

    path: str
    params: dict[str, Any] = {}


class Page(msgspec.Struct, Generic[T]):
    """One page of a list: the API's `{items, next_cursor}` (None on the last page), and
    `source`, the list it came from (set by `ModuleApi._page`; the server never sends it)."""

    items: list[T]
    next_cursor: str | None = None
    source: Listing | None = None


class ModuleApi:
    """A module's calls. Paths are relative to the tenant and `PREFIX` (`/campaigns`), or
    absolute (`/api/v1/platform/…`)."""

    PREFIX: ClassVar[str] = ""  # e.g. "/pairing": the module's routes under the tenant

    def __init__(self, client: ApiClient, tenant: str | None) -> None:
        self.client = client
        self.tenant_base = f"/api/v1/t/{tenant}" if tenant else ""  # another module's routes: tenant_base + "/members"
        self.base = self.tenant_base + self.PREFIX if tenant else ""

    @classmethod
    def of(cls, app: SaishangApp) -> Self:
        """The API as the app's screens use it: its client, inside the tenant being worked in."""
        return cls(app.client, app.tenant.slug if app.tenant is not None else None)

    def _url(self, path: str) -> str:
        return path if path.startswith("/api/") else self.base + path

    async def _get(self, path: str, type: type[R], **params: Any) -> R:
        response = await self.client.request("GET", self._url(path), params=params)
        return msgspec.json.decode(response.content, type=type)

    async def _page(
        self, path: str, item: type[R], *, limit: int = 100, cursor: str | None = None, **params: Any
    ) -> Page[R]:
        page = await self._get(path, Page[item], limit=limit, cursor=cursor, **params)  # type: ignore[valid-type]
        page.source = Listing(self._url(path), {k: v for k, v in params.items() if v is not None})
        return page

    async def _send(self, method: str, path: str, body: Any, type: type[R]) -> R:
        response = await self.client.request(method, self._url(path), json=body if body is not None else {})
        return msgspec.json.decode(response.content, type=type)

    async def _delete(self, path: str) -> None:
        await self.client.request("DELETE", self._url(path))

    async def export(self, path: str, folder: Path, *, name: str | None = None, **params: Any) -> Path:
        """Save the XLSX export of the list or report at `path` (its `{path}/export` sibling,
        asked with the same filters) in `folder`, streamed to disk chunk by chunk, under a
        dated name that never overwrites (`export_name`). Returns the file saved."""
        url = self._url(path)
        target = folder / f"{name or export_name(url)}-{dt.date.today().isoformat()}.xlsx"
        return await self.client.download(f"{url}/export", target, params=params)


async def save_export(app: SaishangApp, path: str, *, name: str | None = None, **params: Any) -> Path:
    """THE way a screen saves an export: `path` is a list or report route (relative to the
    tenant being worked in, or absolute `/api/v1/…`), `params` its filters; the file goes to
    the export folder (`SAISHANG_EXPORT_DIR`, tui/config.py) as
    `<tenant>-<list>-<date>.xlsx`. Failures are the client's (`ApiError` carries the API's
    problem, `ConnectionLost`) or the disk's (`OSError`)."""
    return await ModuleApi.of(app).export(path, app.config.export_dir, name=name, **params)


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def export_name(url: str) -> str:
    """A file name for a route's export: the tenant (or `platform`) and the list's path,
    `/api/v1/t/yinchuan/campaigns/3/applications` → `yinchuan-campaigns-3-applications`."""
    parts = [p for p in url.split("/") if p]
    if parts[:3] == ["api", "v1", "t"]:
        parts = parts[3:]
    elif parts[:2] == ["api", "v1"]:
        parts = parts[2:]
    return _UNSAFE.sub("_", "-".join(parts)) or "export"
