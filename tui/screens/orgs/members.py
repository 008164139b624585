"""Member search (会员查询): a search box over a table paged by the server, and a
member's detail with their unions over time. ID numbers show exactly as the API
returns them: masked (`640102********1234`) unless the role may see them in full."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Select, Static

from tui import labels as ui
from tui.client import ApiError
from tui.i18n import L, fit, pick
from tui.kit.api import Page
from tui.kit.listing import Column, ListScreen
from tui.screens.base import ScreenCommands
from tui.screens.orgs import labels as lbl
from tui.screens.orgs.api import LEVELS, Member, Org, OrgsApi
from tui.screens.orgs.common import day, field_lines, gender, level, yes_no
from tui.widgets.banner import ConnectionBanner
from tui.widgets.base import Localized, ReportsFailures, bind
from tui.widgets.paged_table import PagedTable
from tui.widgets.search import SearchInput
from tui.widgets.toggles import Tick

PAGE = 50
BY_TRADE = L("工种（回车应用）", "Trade (Enter applies)")
ANY_LEVEL = L("全部职业资格", "Any qualification")
ANYONE = L("农民工与否", "Migrant or not")
MIGRANTS = L("农民工", "Migrant workers")
NOT_MIGRANTS = L("非农民工", "Not migrant workers")


class OrgNames:
    """Org names by id, asked for once each (a page of members names a few unions)."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}

    async def fill(self, api: OrgsApi, ids: set[int]) -> None:
        missing = sorted(ids - set(self.names))

        async def one(org_id: int) -> None:
            try:
                self.names[org_id] = (await api.org(org_id)).name
            except ApiError:
                self.names[org_id] = f"#{org_id}"

        await asyncio.gather(*(one(i) for i in missing))

    def __getitem__(self, org_id: int) -> str:
        return self.names.get(org_id, f"#{org_id}")


NEW = L("新增", "New")
CHANGE = L("修改", "Change")
CREATED = L("已新增会员{name}", "Member {name} added")
SAVED = L("已保存会员{name}", "Member {name} saved")


def member_name(m: Member) -> str:
    return m.name if m.left_on is None else lbl.MEMBERS_LEFT(name=m.name)


class MembersScreen(ListScreen[Member]):
    AREA = "orgs.members"
    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    AUTO_FOCUS = "#member-search"
    EXPORTS = False  # members have their own export (importable back): the orgs module's
    COLUMNS = (
        Column("id", lbl.MEMBERS_COL_ID, lambda m: str(m.id)),
        Column("name", lbl.MEMBERS_COL_NAME, member_name),
        Column("id_number", lbl.MEMBERS_COL_ID_NUMBER, lambda m: m.id_number),
        Column("gender", lbl.MEMBERS_COL_GENDER, lambda m: gender(m.gender)),
        Column("birth", lbl.MEMBERS_COL_BIRTH, lambda m: day(m.birth_date)),
        Column("org", lbl.MEMBERS_COL_ORG, lambda m: m.org_id, width=24),  # its name: `cells`
        Column("trade", lbl.MEMBERS_COL_TRADE, lambda m: m.trade or ui.APP_NONE()),
        Column("level", lbl.MEMBERS_COL_LEVEL, lambda m: level(m.level)),
        Column("migrant", lbl.MEMBERS_COL_MIGRANT, lambda m: yes_no(m.migrant)),
        Column("joined", lbl.MEMBERS_COL_JOINED, lambda m: day(m.joined_on)),
    )
    BINDINGS = [
        Binding("slash", "search", lbl.MEMBERS_SEARCH_KEY.id, key_display="/", id="orgs.members.search"),
        Binding("o", "open", lbl.MEMBERS_OPEN.id, id="orgs.members.open"),
        Binding("x", "all_orgs", lbl.MEMBERS_ALL_ORGS.id, id="orgs.members.all_orgs"),
        bind("n", "new", NEW),
    ]

    def __init__(self, org: Org | None = None) -> None:
        super().__init__()
        self.org = org
        self.org_names = OrgNames()
        self.focus_results = False

    def cells(self, member: Member) -> list[object]:
        out = super().cells(member)
        out[5] = fit(self.org_names[member.org_id], 24)  # the union's name, looked up once per page
        return out

    def heading(self) -> str:
        if self.org is not None:
            return lbl.MEMBERS_TITLE_ORG(org=self.org.name)
        return lbl.MEMBERS_TITLE()

    def filters(self) -> ComposeResult:
        yield SearchInput(placeholder=lbl.MEMBERS_SEARCH(), id="member-search")
        yield SearchInput(placeholder=str(BY_TRADE), id="trade")
        yield Select[int]([(pick(*v), k) for k, v in LEVELS.items()], prompt=str(ANY_LEVEL), id="level", compact=True)
        yield Select[str](
            [(str(MIGRANTS), "true"), (str(NOT_MIGRANTS), "false")], prompt=str(ANYONE), id="migrant", compact=True
        )
        yield Tick(lbl.MEMBERS_INCLUDE_LEFT(), id="include-left", compact=True)

    def filter_values(self) -> dict[str, object]:
        values = super().filter_values()
        return {
            "q": values.pop("member-search"),
            **values,
            "status": "all" if self.query_one("#include-left", Checkbox).value else "active",
        }

    async def page(self, cursor: str | None) -> Page[Member]:
        api = OrgsApi.of(self.app)
        page = await api.members(
            org=self.org.id if self.org else None,
            subtree=self.org is not None,
            cursor=cursor,
            limit=PAGE,
            **self.filter_values(),  # type: ignore[arg-type]
        )
        await self.org_names.fill(api, {m.org_id for m in page.items})
        return page

    @on(Input.Submitted, "#member-search, #trade")
    def search(self) -> None:
        self.focus_results = True  # once the page is in (a loading table takes no focus)

    @on(Checkbox.Changed, "#include-left")
    def include_left(self) -> None:
        self.action_refresh()

    def action_search(self) -> None:
        self.query_one("#member-search", Input).focus()

    def action_all_orgs(self) -> None:
        if self.org is not None:
            self.org = None
            self.query_one("#heading", Static).update(self.heading())
            self.action_refresh()

    @on(PagedTable.PageLoaded)
    def loaded(self, event: PagedTable.PageLoaded) -> None:
        if self.focus_results:
            self.focus_results = False
            if event.table.row_count:
                event.table.focus()

    def open(self, member: Member) -> None:
        self.open_member(member.id)

    def open_member(self, member_id: int) -> None:
        self.app.push_screen(MemberDetailScreen(member_id, self.org_names))

    def action_open(self) -> None:
        if (member := self.selected()) is not None:
            self.open(member)

    def action_new(self) -> None:
        from tui.screens.orgs.forms import NewMemberModal

        def created(member: Member | None) -> None:
            if member is not None:
                self.notify(CREATED(name=member.name), markup=False)
                self.action_refresh()

        self.app.push_screen(NewMemberModal(self.org), created)


class MemberDetailScreen(ScreenCommands, Localized, ReportsFailures, Screen):
    """One member, fresh from `GET /members/{id}`, and their unions over time."""

    CSS_PATH = ["../screens.tcss", "orgs.tcss"]
    BINDINGS = [
        Binding("escape", "back", ui.APP_BACK.id, id="member.back"),
        Binding("r", "refresh", ui.APP_REFRESH.id, id="member.refresh"),
        bind("c", "change", CHANGE),
    ]

    def __init__(self, member_id: int, org_names: OrgNames | None = None) -> None:
        super().__init__()
        self.member_id = member_id
        self.org_names = org_names or OrgNames()
        self.member: Member | None = None

    def heading(self) -> str:
        return lbl.MEMBER_TITLE(name=self.member.name if self.member else f"#{self.member_id}")

    def compose(self) -> ComposeResult:
        yield Header(icon="塞")
        yield ConnectionBanner()
        with Vertical(id="detail"):
            yield Static(self.heading(), id="heading", markup=False)
            yield Static(ui.APP_LOADING(), id="member-fields", markup=False)
            yield Static(lbl.MEMBER_HISTORY(), classes="subheading", markup=False)
            yield DataTable(id="member-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#member-history", DataTable)
        for key in ("org", "from", "to", "reason"):
            table.add_column(lbl.of(lbl.MEMBER_COL_OF, key), key=key)
        table.focus()
        self.action_refresh()

    def action_back(self) -> None:
        self.dismiss(self.member)

    def action_change(self) -> None:
        from tui.screens.orgs.forms import ChangeMemberModal

        if self.member is None:
            return

        def changed(member: Member | None) -> None:
            if member is not None:
                self.notify(SAVED(name=member.name), markup=False)
                self.action_refresh()

        self.app.push_screen(ChangeMemberModal(self.member), changed)

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="member", exit_on_error=False)
    async def load(self) -> None:
        api = OrgsApi.of(self.app)
        m = await api.member(self.member_id)
        history = await api.member_history(self.member_id)
        await self.org_names.fill(api, {m.org_id})
        self.member = m
        rows = [
            (lbl.M_NAME(), m.name),
            (lbl.M_ID_NUMBER(), m.id_number),
            (lbl.M_GENDER(), gender(m.gender)),
            (lbl.M_BIRTH(), day(m.birth_date)),
            (lbl.M_PHONE(), m.phone or ui.APP_NONE()),
            (lbl.M_ORG(), self.org_names[m.org_id]),
            (lbl.M_TRADE(), m.trade or ui.APP_NONE()),
            (lbl.M_LEVEL(), level(m.level)),
            (lbl.M_MIGRANT(), yes_no(m.migrant)),
            (lbl.M_JOINED(), day(m.joined_on)),
            (lbl.M_LEFT(), day(m.left_on)),
        ]
        self.query_one("#heading", Static).update(self.heading())
        self.query_one("#member-fields", Static).update(field_lines(rows))
        table = self.query_one("#member-history", DataTable)
        with self.app.batch_update():
            table.clear()
            for i, p in enumerate(history):
                table.add_row(p.org_name, day(p.valid_from), day(p.valid_to), p.reason, key=str(i))
