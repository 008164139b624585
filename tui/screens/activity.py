"""The activity logs, paged from the server, newest first, each entry's kind in words:

- the tenant's (core module, `/events`): filtered by who did it, the days it happened in
  and its kind (the kinds from `/events/kinds`, in the app's language);
- the platform's (`/api/v1/platform/events`, platform admins): tenants created, disabled and
  enabled, modules switched, tokens issued and revoked; filtered by tenant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Select

from tui.i18n import L, fit, pick
from tui.kit.api import ModuleApi, Page, Record
from tui.kit.listing import Column, ListScreen
from tui.screens.tokens import when
from tui.widgets.search import SearchInput

HEADING = L("操作日志 · {tenant}", "Activity log · {tenant}")
PLATFORM_HEADING = L("平台日志", "Platform log")
ID = L("编号", "ID")
AT = L("时间", "Time")
PERSON = L("操作人", "By")
KIND = L("操作", "What")
SUBJECT = L("对象", "About")
TENANT = L("租户", "Tenant")
BY_PERSON = L("操作人（回车应用）", "By whom (Enter applies)")
SINCE = L("自 YYYY-MM-DD", "From YYYY-MM-DD")
UNTIL = L("至 YYYY-MM-DD", "To YYYY-MM-DD")
EVERY_KIND = L("全部操作", "Every kind")
BY_TENANT = L("租户代码（回车应用）", "Tenant slug (Enter applies)")


class Event(Record):
    SCHEMA = "EventOut"
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    label: str = ""  # the kind in words, in the request's language


class Kind(Record):
    SCHEMA = "KindOut"
    kind: str
    zh: str
    en: str


class PlatformEvent(Record):
    SCHEMA = "PlatformEventOut"
    id: int
    at: dt.datetime
    actor: str
    action: str
    tenant: str | None
    subject: str
    label: str = ""


class ActivityApi(ModuleApi):
    async def events(self, *, cursor: str | None = None, **filters: Any) -> Page[Event]:
        return await self._page("/events", Event, cursor=cursor, **filters)

    async def kinds(self) -> list[Kind]:
        return await self._get("/events/kinds", list[Kind])

    async def platform_events(self, *, cursor: str | None = None, tenant: str | None = None) -> Page[PlatformEvent]:
        return await self._page("/api/v1/platform/events", PlatformEvent, cursor=cursor, tenant=tenant)


class ActivityScreen(ListScreen[Event]):
    AREA = "core.activity"
    CSS_PATH = "screens.tcss"
    COLUMNS = (
        Column("id", ID, lambda e: str(e.id)),
        Column("at", AT, lambda e: when(e.at)),
        Column("actor", PERSON, lambda e: e.actor, width=24),
        Column("kind", KIND, lambda e: e.label or e.action, width=24),
        Column("subject", SUBJECT, lambda e: e.subject, width=40),
    )

    def heading(self) -> str:
        return HEADING(tenant=self.app.tenant_slug)

    def filters(self) -> ComposeResult:
        yield SearchInput(placeholder=str(BY_PERSON), id="person")
        yield SearchInput(placeholder=str(SINCE), id="since", max_length=10)
        yield SearchInput(placeholder=str(UNTIL), id="until", max_length=10)
        yield Select[str]([], prompt=str(EVERY_KIND), id="action", compact=True)

    def on_mount(self) -> None:
        self.load_kinds()

    @work(exclusive=True, group="kinds", exit_on_error=False)
    async def load_kinds(self) -> None:
        kinds = await ActivityApi.of(self.app).kinds()
        self.query_one("#action", Select).set_options([(pick(k.zh, k.en), k.kind) for k in kinds])

    async def page(self, cursor: str | None) -> Page[Event]:
        # A day that is no day is the API's to refuse: its problem names the field.
        return await ActivityApi.of(self.app).events(cursor=cursor, **self.filter_values())


class PlatformLogScreen(ListScreen[PlatformEvent]):
    AREA = "events"
    CSS_PATH = "screens.tcss"
    HEADING = PLATFORM_HEADING
    COLUMNS = (
        Column("id", ID, lambda e: str(e.id)),
        Column("at", AT, lambda e: when(e.at)),
        Column("actor", PERSON, lambda e: e.actor, width=20),
        Column("kind", KIND, lambda e: e.label or e.action, width=24),
        Column("tenant", TENANT, lambda e: e.tenant or "—"),
        Column("subject", SUBJECT, lambda e: fit(e.subject, 30)),
    )

    def filters(self) -> ComposeResult:
        yield SearchInput(placeholder=str(BY_TENANT), id="tenant")

    async def page(self, cursor: str | None) -> Page[PlatformEvent]:
        return await ActivityApi(self.app.client, None).platform_events(cursor=cursor, **self.filter_values())
