"""The input of an area screen (a search box, a filter, a path, a year): it leaves the app's
global keys to the app, so `[` `]` `?` move, help and `q` quit (asking first) while it has
the focus. `q` is text once something is typed (a slug may hold one); forms and the
sign-in screen use plain inputs, where every key is text."""

from __future__ import annotations

from textual.widgets import Input

GLOBAL = {"[", "]", "?"}


class SearchInput(Input):
    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character in GLOBAL or character == "q" and not self.value:
            return False
        return super().check_consume_key(key, character)
