"""What a person typed, as a LIKE/ILIKE pattern: its `%`, `_` and `\\` match themselves
(PostgreSQL's LIKE escapes with a backslash unless told otherwise). The one way services
build a pattern from input."""

from __future__ import annotations


def escape(text: str) -> str:
    """`text` with LIKE's wildcards and its escape character escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def containing(text: str) -> str:
    """A pattern for values that hold `text` anywhere."""
    return f"%{escape(text)}%"


def family(code: str) -> str:
    """A pattern for the codes under `code` (`platform.token` → `platform.token.created`, …)."""
    return f"{escape(code)}.%"
