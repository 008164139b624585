"""A form modal to build on: declare the fields, write the one API call, and the kit does
the rest — the inputs in a two-column grid, Enter to the next field, Ctrl+S to send, and
each field's problem from the API's problem+json (`errors[].field`) shown under that field
(the summary goes to a notice too). Only a value the TUI cannot even send (letters in a
number of yuan) is refused before the API sees it.

    class NewCampaign(FormModal[Campaign]):
        HEADING = L("新建救助活动", "New campaign")
        FIELDS = (
            Field("name", L("名称", "Name")),
            Field("budget_fen", L("预算（元）", "Budget (yuan)"), "money"),
        )

        async def submit(self, body: dict[str, Any]) -> Campaign:
            return await WelfareApi.of(self.app).create_campaign(body)

    self.app.push_screen(NewCampaign(), self.created)    # dismissed with the record, or None

An edit form passes the record's current values (`NewCampaign(values={...})`) and sets
`PATCH = True`: only the fields changed are sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from tui.client import ApiError
from tui.i18n import L, Text
from tui.kit.picker import Picker
from tui.screens.base import Modal
from tui.screens.confirm import ConfirmModal
from tui.widgets.toggles import Tick, TickList

R = TypeVar("R")
Kind = Literal["text", "long", "int", "money", "date", "choice", "flag", "many", "pick"]

SAVE = L("保存", "Save")
CANCEL = L("取消", "Cancel")
SUBMIT_KEY = L("提交", "Submit")
NOT_A_NUMBER = L("请输入整数", "enter a whole number")
NOT_MONEY = L("请输入金额，如 1200 或 1200.50", "enter an amount, e.g. 1200 or 1200.50")
NOT_A_DATE = L("请按 YYYY-MM-DD 输入日期", "enter a date as YYYY-MM-DD")
FIELD_NOT_SHOWN = L("{field}：{message}", "{field}: {message}")


class Unsendable(ValueError):
    """A value the TUI cannot put in the request at all (the API checks everything else)."""

    def __init__(self, field: str, message: L) -> None:
        super().__init__(field)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Field:
    """One input. `name` is the API's field: the problem+json's `errors[].field` finds it."""

    name: str
    label: L
    kind: Kind = "text"
    hint: L | None = None
    choices: Sequence[tuple[Text, Any]] = ()  # choice / many: (shown, sent)
    blank: bool = True  # choice: offer "nothing chosen" (sent as null)
    required: bool = False  # text: sent even when empty, so the API says what it requires
    # pick: find the choices through the API, `search(form, typed)` -> [(shown, sent)]; `choices`
    # are the ones offered before a search (an edit's current value); `eager`: search "" at once
    search: Callable[[Any, str], Awaitable[Sequence[tuple[Text, Any]]]] | None = None
    eager: bool = False


def yuan_to_fen(text: str) -> int:
    amount = Decimal(text.replace(",", "").replace("¥", "").strip())
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidOperation
    return int(amount * 100)


def fen_to_yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def widget_id(name: str) -> str:
    """A field's widget id: a dotted API path (`amount_rule.fen`) with `__` for the dots."""
    return name.replace(".", "__")


def candidates(path: str) -> list[str]:
    """The fields an API error may belong to, nearest first: `$.amount_rule.brackets[0].fen`
    -> amount_rule.brackets.fen, amount_rule.brackets, amount_rule, brackets.fen, fen."""
    for prefix in ("$.", "data.", "body."):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    parts = [p.split("[")[0] for p in path.split(".") if p.split("[")[0]]
    nearer = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
    # then its tail: a form for one item of a list (`candidates[0].member_id`) has `member_id`
    return nearer + [".".join(parts[n:]) for n in range(1, len(parts))]


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """`{"amount_rule.rule": "flat", "amount_rule.fen": 100}` -> `{"amount_rule": {...}}`."""
    out: dict[str, Any] = {}
    for name, value in flat.items():
        *parents, last = name.split(".")
        into = out
        for part in parents:
            into = into.setdefault(part, {})
        into[last] = value
    return out


def field_row(label: str, widget: Widget, name: str | None = None) -> ComposeResult:
    """One row of a form's two-column grid (`.form-grid`): the label, the field, and (when the
    field has a `name`) its problem line below, hidden until `FormModal.show_error` fills it.
    Every form composes its rows so, the sign-in screen too."""
    yield Label(label, classes="field-label")
    yield widget
    if name:
        error = Static("", id=f"{name}-error", classes="field-error", markup=False)
        error.display = False
        yield error


class FormModal(Modal, Generic[R]):
    """Dismisses with what `submit` returned, or None when cancelled."""

    CSS_PATH = str(Path(__file__).parents[1] / "screens" / "forms.tcss")  # absolute: subclasses live elsewhere
    BINDINGS = [Binding("ctrl+s", "submit", SUBMIT_KEY.id, id="form.submit", priority=True)]
    HEADING: ClassVar[L]
    FIELDS: ClassVar[Sequence[Field]] = ()
    SUBMIT: ClassVar[L] = SAVE
    PATCH: ClassVar[bool] = False  # send only what changed (an edit), not every filled field

    def __init__(self, values: Mapping[str, Any] | None = None, *, title: str | None = None) -> None:
        super().__init__()
        self.initial = dict(values or {})
        self.title_text = title

    # --- what a form declares -------------------------------------------------------------

    def fields(self) -> Sequence[Field]:
        """The inputs, in order (override to build them from data, e.g. a list of orgs)."""
        return self.FIELDS

    async def submit(self, body: dict[str, Any]) -> R:
        """Send `body` (the API's field names) and return what the API answered."""
        raise NotImplementedError

    def field(self, name: str) -> Field:
        """The field named `name` (the API's name)."""
        return next(f for f in self.fields() if f.name == name)

    def about(self) -> str:
        """A few lines under the heading: what the form acts on (override)."""
        return ""

    def confirmation(self, body: dict[str, Any]) -> str | None:
        """A question asked before sending (override for what cannot be taken back); None: none."""
        return None

    # --- composing ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static(self.title_text or str(self.HEADING), classes="form-title", markup=False)
            if about := self.about():
                yield Static(about, classes="hint form-about", markup=False)
            with Grid(classes="form-grid"):
                for field in self.fields():
                    yield from field_row(str(field.label), self.widget(field), widget_id(field.name))
            with Horizontal(classes="buttons"):
                yield Button(str(self.SUBMIT), id="submit", variant="primary", compact=True)
                yield Button(str(CANCEL), id="cancel", compact=True)

    def widget(self, field: Field) -> Widget:
        value = self.initial.get(field.name)
        wid = widget_id(field.name)
        hint = str(field.hint) if field.hint else ""
        if field.kind == "choice":
            options = [(str(shown), sent) for shown, sent in field.choices]
            allow_blank = field.blank or value is None and not options
            selected = value if value is not None else (Select.NULL if allow_blank else options[0][1])
            return Select(options, value=selected, allow_blank=allow_blank, id=wid, compact=True, prompt=hint or "—")
        if field.kind == "many":
            chosen = set(value or ())
            items = [Selection(str(shown), sent, sent in chosen) for shown, sent in field.choices]
            return TickList(*items, id=wid, compact=True)
        if field.kind == "pick":
            assert field.search is not None, f"{field.name}: a pick field needs its search"
            search = field.search
            return Picker(
                lambda q: search(self, q), options=field.choices, value=value, hint=hint, eager=field.eager, id=wid
            )
        if field.kind == "flag":
            return Tick(hint, bool(value), id=wid, compact=True)
        if field.kind == "long":
            return TextArea(str(value or ""), id=wid, compact=True, classes="long")
        return Input(self.shown(field, value), id=wid, placeholder=hint, compact=True)

    @staticmethod
    def shown(field: Field, value: Any) -> str:
        if value is None:
            return ""
        if field.kind == "money":
            return fen_to_yuan(int(value))
        return str(value)

    def on_mount(self) -> None:
        fields = self.fields()
        if fields:
            self.query_one(f"#{widget_id(fields[0].name)}").focus()

    # --- reading the inputs ----------------------------------------------------------------

    def value(self, field: Field) -> Any:
        """The field's value as the API takes it (None: left empty)."""
        widget = self.query_one(f"#{widget_id(field.name)}")
        if isinstance(widget, Picker):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Checkbox):
            return widget.value
        text = widget.text if isinstance(widget, TextArea) else widget.value if isinstance(widget, Input) else ""
        text = text.strip()
        if not text:
            return None
        try:
            if field.kind == "int":
                return int(text)
            if field.kind == "money":
                return yuan_to_fen(text)
            if field.kind == "date":
                return dt.date.fromisoformat(text).isoformat()
        except (ValueError, InvalidOperation):
            message = {"int": NOT_A_NUMBER, "money": NOT_MONEY, "date": NOT_A_DATE}[field.kind]
            raise Unsendable(field.name, message) from None
        return text

    def body(self) -> dict[str, Any]:
        """What to send: the filled fields (an edit: the changed ones, emptied ones as null);
        dotted names nest (`amount_rule.fen` goes into `amount_rule`)."""
        out: dict[str, Any] = {}
        problems: list[Unsendable] = []
        for field in self.fields():
            try:
                value = self.value(field)
            except Unsendable as refused:
                problems.append(refused)
                continue
            if self.PATCH:
                if value is None and field.kind in ("text", "long") and self.initial.get(field.name):
                    value = ""  # emptied: the API decides whether that is allowed (null means unchanged)
                if value != self.initial.get(field.name):
                    out[field.name] = value
            elif value is not None:
                out[field.name] = value
            elif field.required and field.kind in ("text", "long"):
                out[field.name] = ""
        if problems:
            for each in problems:
                self.show_error(each.field, str(each.message))
            raise problems[0]
        return nest(out)

    # --- errors next to their fields ---------------------------------------------------------

    def show_error(self, name: str, message: str) -> bool:
        """Show `message` under field `name`; False when the form has no such field."""
        errors = self.query(f"#{widget_id(name)}-error").results(Static)
        error = next(errors, None)
        if error is None:
            return False
        error.update(message)
        error.display = bool(message)
        return True

    def clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.display = False

    def show_problem(self, error: ApiError) -> None:
        names = {f.name for f in self.fields()}
        for item in error.errors:
            field = next((c for c in candidates(item.field) if c in names), None)
            if field is not None:
                self.show_error(field, item.message)

    # --- sending ---------------------------------------------------------------------------

    @on(Button.Pressed, "#cancel")
    def cancelled(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.send()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @work(exclusive=True, group="form-submit", exit_on_error=False)
    async def send(self, confirmed: bool = False) -> None:
        self.clear_errors()
        try:
            body = self.body()
        except Unsendable:
            return
        question = None if confirmed else self.confirmation(body)
        if question is not None:  # asked, then sent again (no worker waits on the answer)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.send(confirmed=True)

            self.app.push_screen(ConfirmModal(question), answered)
            return
        try:
            result = await self.submit(body)
        except ApiError as error:
            self.show_problem(error)
            raise  # the app's one failure route says it in a notice too
        self.dismiss(result)
