"""Create a tenant: slug, names, parent, locale and the modules switched on."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui import labels as ui
from tui.client import ApiError, ModuleState
from tui.i18n import of, pick
from tui.screens.base import Modal
from tui.widgets.form import field_row, show_error
from tui.widgets.toggles import TickList

# Until the API lists the catalogue for a tenant not yet created, offer the known modules.
CATALOG: list[tuple[str, str, str, bool]] = [
    ("orgs", "组织与会员", "Organisations & members", True),
    ("pairing", "名师带高徒", "Master-apprentice pairing", True),
    ("welfare", "送温暖与救助", "Welfare & relief", True),
    ("skills", "五位一体技能提升", "Five-in-one skills pipeline", False),
    ("audit", "经费绩效审计", "Union-fund performance audit", False),
    ("rotation", "基层工会主席轮值", "Rotating grassroots chair", False),
    ("voice", "三单：职工维权服务", "Workers' voice (three forms)", False),
    ("reps", "四制：职工代表", "Worker representatives (four systems)", False),
]
REGION = "region"
FORM_FIELDS = ("slug", "name_zh", "name_en", "parent", "modules")


class CreateTenantModal(Modal):
    """Dismisses with the created Tenant, or None when cancelled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", ui.CREATE_SUBMIT.id, id="create.submit")]

    def __init__(self, parents: list[str], catalog: list[ModuleState] | None = None) -> None:
        super().__init__()
        self.parents = parents
        self.catalog = [(m.name, m.title_zh, m.title_en, m.shared) for m in catalog] if catalog else CATALOG

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="create-tenant", classes="dialog"):
            yield Static(ui.CREATE_TITLE(), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                for field in ("slug", "name_zh", "name_en"):
                    yield from field_row(
                        of(ui.CREATE_OF, field),
                        Input(id=field, placeholder=of(ui.CREATE_OF, f"{field}.hint"), compact=True),
                        field,
                    )
                yield from field_row(
                    ui.CREATE_PARENT(),
                    Select(
                        [(ui.APP_REGION(), REGION)] + [(slug, slug) for slug in self.parents],
                        value=REGION,
                        allow_blank=False,
                        id="parent",
                        compact=True,
                    ),
                    "parent",
                )
                yield from field_row(
                    ui.CREATE_LOCALE(),
                    Select(
                        [("简体中文 zh-CN", "zh-CN"), ("English en", "en")],
                        value="zh-CN",
                        allow_blank=False,
                        id="locale",
                        compact=True,
                    ),
                )
            yield Label(ui.CREATE_MODULES(), classes="field-label")
            yield TickList(
                *[Selection(f"{pick(zh, en)}  ({name})", name, shared) for name, zh, en, shared in self.catalog],
                id="modules",
                compact=True,
            )
            error = Static("", id="modules-error", classes="field-error", markup=False)
            error.display = False
            yield error
            with Horizontal(classes="buttons"):
                yield Button(ui.CREATE_SUBMIT(), id="submit", variant="primary", compact=True)
                yield Button(ui.CREATE_CANCEL(), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#slug", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.create()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @work(exclusive=True, group="create-tenant", exit_on_error=False)
    async def create(self) -> None:
        for name in FORM_FIELDS:
            show_error(self, name, "")
        parent = self.query_one("#parent", Select).value
        try:
            tenant = await self.app.client.create_tenant(
                slug=self.query_one("#slug", Input).value.strip(),
                name_zh=self.query_one("#name_zh", Input).value.strip(),
                name_en=self.query_one("#name_en", Input).value.strip(),
                parent=None if parent == REGION else str(parent),
                locale=str(self.query_one("#locale", Select).value),
                modules=list(self.query_one("#modules", SelectionList).selected),
            )
        except ApiError as error:
            # Put each field's problem under the field, and say it in a notice too.
            for problem in error.errors:
                if problem.field in FORM_FIELDS:
                    show_error(self, problem.field, problem.message)
            raise
        self.dismiss(tenant)
