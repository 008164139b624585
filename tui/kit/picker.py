"""A picker for a form: type a few letters of a name (or a phone, an id number), Enter, and
choose from what the API found. The form reads the chosen value (`Picker.value`); the search
is the form's (`Field.search`), so each picker asks its own route (`/members?q=`, `/orgs?q=`).

    Field("member_id", MEMBER, "pick", hint=FIND_MEMBER, search=find_members)

    async def find_members(form: FormModal, q: str) -> list[tuple[str, int]]:
        page = await OrgsApi.of(form.app).members(q=q)
        return [(f"{m.name}  {m.phone}", m.id) for m in page.items]
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Self

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from tui.i18n import L, Text
from tui.widgets.base import ReportsFailures

Search = Callable[[str], Awaitable[Sequence[tuple[Text, Any]]]]

NOTHING_FOUND = L("没有找到“{q}”", "Nothing found for “{q}”")
FOUND = L("找到 {count} 项，请选择", "{count} found: choose one")
CHOOSE = L("先查找，再选择", "find, then choose")


class Picker(ReportsFailures, Horizontal):
    """A search box and the choices it found, side by side."""

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > Input { width: 1fr; margin-right: 1; }
    Picker > Select { width: 2fr; }
    """

    def __init__(
        self,
        search: Search,
        *,
        options: Sequence[tuple[Text, Any]] = (),
        value: Any = None,
        hint: str = "",
        eager: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.search = search
        self.options = [(str(shown), sent) for shown, sent in options]
        self.initial = value if any(sent == value for _, sent in self.options) else None
        self.hint = hint
        self.eager = eager

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.hint, compact=True, classes="pick-search")
        yield Select(
            self.options,
            value=self.initial if self.initial is not None else Select.NULL,
            prompt=str(CHOOSE),
            compact=True,
            classes="pick-choice",
        )

    def on_mount(self) -> None:
        if self.eager:
            self.find("", focus=False)

    def focus(self, scroll_visible: bool = True) -> Self:
        self.query_one(Input).focus(scroll_visible)
        return self

    @property
    def value(self) -> Any:
        """The chosen value, None when nothing is chosen."""
        choice = self.query_one(Select).value
        return None if choice is Select.NULL else choice

    @on(Input.Submitted, ".pick-search")
    def searched(self, event: Input.Submitted) -> None:
        event.stop()  # not the form's "next field": the choices come next
        self.find(event.value.strip())

    @work(exclusive=True, exit_on_error=False)
    async def find(self, q: str, *, focus: bool = True) -> None:
        found = [(str(shown), sent) for shown, sent in await self.search(q)]
        choice = self.query_one(Select)
        choice.set_options(found)
        if len(found) == 1:
            choice.value = found[0][1]
        if not focus:
            return
        if not found:
            self.notify(NOTHING_FOUND(q=q), severity="warning", markup=False)
            return
        if len(found) > 1:
            self.notify(FOUND(count=len(found)), markup=False)
        choice.focus()
