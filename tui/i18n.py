"""The TUI's languages, its one kind of label, and cell-aware text helpers.

A label is an `L(zh, en)` declared next to the screen that shows it (tui/README.md): it
carries both languages, so a label cannot exist in one language only, and renders in the
app's current one. Chinese characters take two terminal cells: widths are measured with
`rich.cells.cell_len`, never with `len`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from rich.cells import cell_len

Lang = Literal["zh-CN", "en"]
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "zh-CN"


_lang: Lang = DEFAULT_LANG


def set_lang(lang: str) -> Lang:
    """Choose the language of every label from now on."""
    global _lang
    _lang = parse_lang(lang)
    return _lang


def get_lang() -> Lang:
    return _lang


def parse_lang(value: str | None) -> Lang:
    if not value:
        return DEFAULT_LANG
    low = value.strip().lower().replace("_", "-")
    if low.startswith("zh"):
        return "zh-CN"
    if low.startswith("en"):
        return "en"
    raise ValueError(f"unknown language {value!r}; one of: {', '.join(LANGS)}")


class L(NamedTuple):
    """A label in both languages, declared next to the screen that shows it:

        APPROVE = L("批准", "Approve")
        COUNT = L("共 {count} 项", "{count} in all")
        str(APPROVE)          # in the app's current language
        COUNT(count=3)        # with its placeholders filled in

    Bindings take an `L` through `tui.kit.bind` (their descriptions follow a language switch)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if _lang == "zh-CN" else self.en

    def __call__(self, **values: object) -> str:
        text = str(self)
        return text.format(**values) if values else text

    @property
    def id(self) -> str:
        """A stable handle for places that carry a plain string (a Binding's description)."""
        handle = f"L:{self.zh}|{self.en}"
        _BY_ID[handle] = self
        return handle


_BY_ID: dict[str, L] = {}


def label(text: str) -> str:
    """A binding description in the current language: an `L` handle, or the text as it is."""
    return str(_BY_ID[text]) if text in _BY_ID else text


def known(text: str) -> bool:
    """Whether `text` is a label's handle (`L.id`) rather than raw text."""
    return text in _BY_ID


def of(labels: Mapping[str, L], code: object, **values: object) -> str:
    """The label of a code the API sends (a status, a category) from a family of labels; an
    unknown code shows as it is, rather than crashing the screen."""
    found = labels.get(str(code))
    return found(**values) if found is not None else str(code)


Text = L | str  # what a screen may hand to a widget: a label, or a text from the API


def pick(zh: str, en: str) -> str:
    """Choose between two texts the API gives in both languages (e.g. module titles)."""
    return zh if _lang == "zh-CN" else en


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (Chinese counts twice)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
