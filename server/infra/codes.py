"""The words of a code column's values (a status, a kind, a channel...), for the exports' cells
(server/platform/exports.py): a module declares them in its `columns.py` (`CODES`), the platform
in exports.py. No framework here: the module contract and the platform both read it."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, get_args, get_origin


class CodeWords(dict[str, tuple[str, str]]):
    """The words of every value a code column can hold (code → (zh, en)), and `source`: where
    those values are fixed, a table column with a CHECK (`Payout.state`) or the tuple the
    service checks against (`COMPLAINT_STATUSES`). tests/test_exports.py holds the words to it."""

    source: Any


def code_values(source: Any) -> set[str] | None:
    """The values a code source lists (a tuple, an Enum, a Literal); None for a table column,
    whose values are its CHECK in the database."""
    if isinstance(source, (tuple, list, frozenset, set)):
        return {str(v) for v in source}
    if isinstance(source, type) and issubclass(source, Enum):
        return {str(m.value) for m in source}
    if get_origin(source) is Literal:
        return {str(v) for v in get_args(source)}
    return None


def codes(source: Any, words: dict[str, tuple[str, str]]) -> CodeWords:
    """A code column's words (`columns.py`, `CODES`): `codes(Payout.state, {"paid": ("已发放", "paid"), ...})`."""
    for code, label in words.items():
        if len(label) != 2 or not all(isinstance(w, str) and w.strip() for w in label):
            raise ValueError(f"code {code}: its words are (zh, en), both words")
    listed = code_values(source)
    if listed is not None and listed - set(words):
        raise ValueError(f"codes without words: {sorted(listed - set(words))}")
    out = CodeWords(words)
    out.source = source
    return out


def paired(zh: dict[str, str], en: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Words from a module's Chinese names of its codes (used on its papers and screens) and
    their English: `codes(KINDS, paired(KINDS, {...}))`, the Chinese written once."""
    return {code: (word, en[code]) for code, word in zh.items()}


def chinese(words: dict[str, tuple[str, str]], code: str) -> str:
    """A code's Chinese words (a paper is printed in Chinese); the code itself if it has none."""
    return words[code][0] if code in words else code
