"""Assign an officer (经办人) to one acceptance form or to every form marked in the queue:
one name, sent to each form; the API's field error shows under the name."""

from __future__ import annotations

from typing import Any

from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.voice.api import Form, VoiceApi

HEADING = L("指派经办人：{refs}", "Assign an officer: {refs}")
OFFICER = L("经办人", "Officer")
OFFICER_HINT = L("经办人姓名", "the officer's name")
ASSIGN = L("指派", "Assign")


class AssignOfficerModal(FormModal[list[Form]]):
    """Dismisses with the forms as the API now has them (all of them, or the error shown)."""

    SUBMIT = ASSIGN
    FIELDS = (Field("officer_name", OFFICER, hint=OFFICER_HINT),)

    def __init__(self, forms: list[Form]) -> None:
        refs = "、".join(f.ref for f in forms[:4]) + ("…" if len(forms) > 4 else "")
        super().__init__(title=HEADING(refs=refs))
        self.forms = forms

    async def submit(self, body: dict[str, Any]) -> list[Form]:
        api = VoiceApi.of(self.app)
        return [await api.assign_officer(form.id, body) for form in self.forms]
