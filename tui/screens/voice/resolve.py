"""Resolve an acceptance form: the resolution, the outcome, wages recovered; asked
once more before it is sent, since it resolves the order and every linked
complaint and tells each worker."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from tui.kit.form import Field, FormModal, Unsendable
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import OUTCOMES, Form, VoiceApi
from tui.screens.voice.common import day


class ResolveFormModal(FormModal[Form]):
    """Dismisses with the resolved Form, or None when cancelled."""

    SUBMIT = lbl.RESOLVE_SUBMIT
    FIELDS = (
        Field("resolution", lbl.RESOLVE_RESOLUTION, "long", required=True),
        Field("outcome", lbl.RESOLVE_OUTCOME, "choice", choices=[(lbl.OUTCOME_OF[o], o) for o in OUTCOMES]),
        Field("recovered_yuan", lbl.RESOLVE_RECOVERED, hint=lbl.RESOLVE_RECOVERED_HINT),
    )

    def __init__(self, form: Form) -> None:
        super().__init__(title=lbl.RESOLVE_TITLE(ref=form.ref))
        self.form = form

    def about(self) -> str:
        f = self.form
        return lbl.RESOLVE_ABOUT(order=f.order_ref, title=f.order_title, n=f.complaint_count, due=day(f.due_on))

    def value(self, field: Field) -> Any:
        value = super().value(field)
        if field.name != "recovered_yuan" or value is None:
            return value
        try:  # the API takes yuan as a decimal (not fen): "12,800.50" -> "12800.50"
            return str(Decimal(value.replace(",", "").replace("¥", "")))
        except InvalidOperation:
            raise Unsendable(field.name, lbl.ERROR_YUAN) from None

    def confirmation(self, body: dict[str, Any]) -> str:
        f = self.form
        return lbl.CONFIRM_RESOLVE(ref=f.ref, order=f.order_ref, n=f.complaint_count)

    async def submit(self, body: dict[str, Any]) -> Form:
        done = await VoiceApi.of(self.app).resolve(self.form.id, body)
        self.notify(lbl.RESOLVED(ref=done.ref, n=done.complaint_count), markup=False)
        return done
