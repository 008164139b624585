"""The enterprise union folds related complaints into a demand order (企业服务需求订单)
for the city federation: a title and a summary over the complaints marked in the box."""

from __future__ import annotations

from typing import Any

from tui.i18n import L, fit
from tui.kit.form import Field, FormModal, Unsendable
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


ADD_TO_ORDER = L("把 {n} 件诉求并入已有需求订单", "Add {n} complaints to a demand order")
ORDER = L("需求订单", "Demand order")
FIND_ORDER = L("订单事由或编号，回车查找", "words of the title or the reference, Enter searches")
ADD = L("并入", "Add")
ADDED = L("已并入需求订单 {ref}（共 {n} 件诉求）", "Added to demand order {ref} ({n} complaints)")


async def find_orders(form: FormModal, q: str) -> list[tuple[str, int]]:
    """The orders not resolved yet (the API adds to those only), by words of the title or the reference."""
    page = await VoiceApi.of(form.app).orders()
    q = q.strip().lower()
    return [
        (f"{o.ref}  {o.title}", o.id)
        for o in page.items
        if o.status != "resolved" and (q in o.title.lower() or q in o.ref.lower())
    ]


class AddToOrderModal(FormModal[Order]):
    """Link the marked complaints to an order already filed; dismisses with the order."""

    SUBMIT = ADD
    FIELDS = (Field("order_id", ORDER, "pick", hint=FIND_ORDER, search=find_orders, eager=True),)

    def __init__(self, complaints: list[Complaint]) -> None:
        super().__init__(title=ADD_TO_ORDER(n=len(complaints)))
        self.complaints = complaints

    def about(self) -> str:
        return "\n".join(
            f"{c.ref}  {lbl.of(lbl.CATEGORY_OF, c.category)}  {fit(c.text, 50)}" for c in self.complaints[:8]
        )

    def body(self) -> dict[str, Any]:
        body = super().body()
        if body.get("order_id") is None:  # it goes in the path: nothing to send without it
            self.show_error("order_id", str(lbl.ERROR_CHOOSE))
            raise Unsendable("order_id", lbl.ERROR_CHOOSE)
        return body

    async def submit(self, body: dict[str, Any]) -> Order:
        order = await VoiceApi.of(self.app).add_to_order(body["order_id"], [c.id for c in self.complaints])
        self.notify(ADDED(ref=order.ref, n=order.complaint_count), markup=False)
        return order
