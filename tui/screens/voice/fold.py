"""The enterprise union folds related complaints into a demand order (企业服务需求订单)
for the city federation: a title and a summary over the complaints marked in the box."""

from __future__ import annotations

from typing import Any

from tui.i18n import fit
from tui.kit.form import Field, FormModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import Complaint, Order, VoiceApi


class FoldOrderModal(FormModal[Order]):
    """Dismisses with the new Order, or None when cancelled."""

    SUBMIT = lbl.FOLD_SUBMIT
    FIELDS = (
        Field("title", lbl.FOLD_ORDER_TITLE, required=True),
        Field("summary", lbl.FOLD_SUMMARY, "long"),
    )

    def __init__(self, complaints: list[Complaint]) -> None:
        super().__init__(title=lbl.FOLD_TITLE(n=len(complaints)))
        self.complaints = complaints

    def about(self) -> str:
        return "\n".join(
            f"{c.ref}  {lbl.of(lbl.CATEGORY_OF, c.category)}  {fit(c.text, 50)}" for c in self.complaints[:8]
        )

    async def submit(self, body: dict[str, Any]) -> Order:
        order = await VoiceApi.of(self.app).create_order({**body, "complaint_ids": [c.id for c in self.complaints]})
        self.notify(lbl.FOLD_DONE(ref=order.ref, n=order.complaint_count), markup=False)
        return order
