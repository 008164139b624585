"""The federation accepts a demand order: an acceptance form with its officer; the
deadline is the tenant's working days from today (the server counts them)."""

from __future__ import annotations

from typing import Any

from tui.kit.form import Field, FormModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Form, Order, VoiceApi
from tui.screens.voice.common import due_cell


class OpenFormModal(FormModal[Form]):
    """Dismisses with the opened Form, or None when cancelled."""

    SUBMIT = lbl.OPEN_FORM_SUBMIT
    FIELDS = (Field("officer_name", lbl.OPEN_FORM_OFFICER, required=True),)

    def __init__(self, order: Order) -> None:
        super().__init__(title=lbl.OPEN_FORM_TITLE(ref=order.ref))
        self.order = order

    def about(self) -> str:
        return lbl.OPEN_FORM_ABOUT(title=self.order.title, n=self.order.complaint_count)

    async def submit(self, body: dict[str, Any]) -> Form:
        form = await VoiceApi.of(self.app).open_form(self.order.id, body)
        self.notify(lbl.FORM_OPENED(ref=form.ref, due=due_cell(form).plain), markup=False)
        return form
