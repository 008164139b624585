"""Issue a token, then show it once, copyable."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from tui.client import NewToken
from tui.i18n import t
from tui.screens.base import Modal
from tui.widgets.form import field_row

PLATFORM_ROLES = ("tenant_admin", "org_officer", "auditor", "worker", "platform_admin")
TENANT_ROLES = ("tenant_admin", "org_officer", "auditor", "worker")


class CreateTokenModal(Modal):
    """Dismisses with the NewToken (to be shown once), or None when cancelled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", "newtoken.submit", id="newtoken.submit")]

    def __init__(self, *, platform: bool, tenant: str | None) -> None:
        super().__init__()
        self.platform = platform
        self.tenant = tenant

    def compose(self) -> ComposeResult:
        roles = PLATFORM_ROLES if self.platform else TENANT_ROLES
        with VerticalScroll(id="create-token", classes="dialog"):
            yield Static(t("newtoken.title"), classes="form-title", markup=False)
            with Grid(classes="form-grid"):
                yield from field_row(
                    t("newtoken.role"),
                    Select(
                        [(f"{t(f'role.{r}')} ({r})", r) for r in roles],
                        value=roles[0],
                        allow_blank=False,
                        id="role",
                        compact=True,
                    ),
                )
                yield from field_row(
                    t("newtoken.tenant"),
                    Input(self.tenant or "", id="tenant", disabled=not self.platform, compact=True),
                )
                yield from field_row(
                    t("newtoken.org"), Input(id="org", type="integer", compact=True, placeholder=t("newtoken.org.hint"))
                )
                yield from field_row(
                    t("newtoken.name"), Input(id="name", compact=True, placeholder=t("newtoken.name.hint"))
                )
                yield from field_row(t("newtoken.label"), Input(id="label", compact=True))
                yield from field_row(
                    t("newtoken.expires"),
                    Input(id="expires", type="integer", compact=True, placeholder=t("newtoken.expires.hint")),
                )
            with Horizontal(classes="buttons"):
                yield Button(t("newtoken.submit"), id="submit", variant="primary", compact=True)
                yield Button(t("create.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#role", Select).focus()

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        numbers: dict[str, int | None] = {}
        for field in ("org", "expires"):
            raw = self.query_one(f"#{field}", Input).value.strip()
            try:
                numbers[field] = int(raw) if raw else None
            except ValueError:
                self.notify(t("newtoken.bad_number", field=field), severity="error", markup=False)
                return
        self.issue(numbers["org"], numbers["expires"])

    @work(exclusive=True, group="token-create", exit_on_error=False)
    async def issue(self, org_id: int | None, expires: int | None) -> None:
        role = str(self.query_one("#role", Select).value)
        tenant = self.query_one("#tenant", Input).value.strip() or None
        new = await self.app.client.create_token(
            role=role,
            tenant=None if role == "platform_admin" else tenant,
            platform=self.platform,
            org_id=org_id,
            name=self.query_one("#name", Input).value.strip() or None,
            label=self.query_one("#label", Input).value.strip(),
            expires_in_days=expires,
        )
        self.dismiss(new)  # the caller shows it (TokenShownModal), once


class TokenShownModal(Modal):
    """The secret, this once: selectable in an input and copied with `c`."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("c", "copy", "shown.copy", id="shown.copy"),
        Binding("enter", "cancel", "shown.close", id="shown.close"),
    ]

    def __init__(self, new: NewToken) -> None:
        super().__init__()
        self.new = new

    def compose(self) -> ComposeResult:
        info = self.new.info
        with VerticalScroll(id="token-shown", classes="dialog"):
            yield Static(t("shown.title"), classes="form-title", markup=False)
            yield Static(
                f"#{info.id}  {t(f'role.{info.role}')}  {info.tenant or t('app.region')}  {info.account}", markup=False
            )
            yield Input(self.new.token, id="secret", compact=True)
            yield Static(t("shown.body"), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("shown.copy"), id="copy", variant="primary", compact=True)
                yield Button(t("shown.close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.action_copy()
        else:
            self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.new.token)
        self.notify(t("shown.copied"), markup=False)
