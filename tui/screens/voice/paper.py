"""Enter a paper complaint from the complaint box (意见箱): category, the enterprise
union, the worker if the paper is signed, anonymity, the text. It is filed with
channel `tui`; an unsigned paper is anonymous (the server decides so). The API's
field errors show under their fields."""

from __future__ import annotations

from typing import Any

from tui.kit.form import Field, FormModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import CATEGORIES, Complaint, VoiceApi


def enter_paper_complaint(app) -> None:
    """Open the form; once filed, say its reference and refresh the screen underneath."""

    def filed(complaint: Complaint | None) -> None:
        if complaint is not None:
            app.notify(lbl.PAPER_FILED(ref=complaint.ref), markup=False)
            refresh = getattr(app.screen, "action_refresh", None)
            if refresh is not None:
                refresh()

    app.push_screen(PaperComplaintModal(), filed)


async def find_unions(form: FormModal, q: str) -> list[tuple[str, int]]:
    return [(u.name, u.id) for u in await VoiceApi.of(form.app).unions(q)]


async def find_members(form: FormModal, q: str) -> list[tuple[str, int]]:
    """Workers by name or the last four of the ID, in the union chosen (if the form has one)."""
    org = form.value(form.field("org_id")) if any(f.name == "org_id" for f in form.fields()) else None
    return [(f"{m.name}  {m.id_number}", m.id) for m in await VoiceApi.of(form.app).members(q, org_id=org)]


class PaperComplaintModal(FormModal[Complaint]):
    """Dismisses with the filed Complaint, or None when cancelled."""

    HEADING = lbl.PAPER_TITLE
    SUBMIT = lbl.PAPER_SUBMIT
    FIELDS = (
        Field("category", lbl.PAPER_CATEGORY, "choice", choices=[(lbl.CATEGORY_OF[c], c) for c in CATEGORIES]),
        Field("org_id", lbl.PAPER_UNION, "pick", hint=lbl.PAPER_UNION_SEARCH_HINT, search=find_unions, eager=True),
        Field("member_id", lbl.PAPER_MEMBER, "pick", hint=lbl.PAPER_MEMBER_SEARCH_HINT, search=find_members),
        Field("anonymous", lbl.PAPER_ANONYMOUS, "flag", hint=lbl.PAPER_ANONYMOUS_LABEL),
        Field("text", lbl.PAPER_TEXT, "long", required=True),
    )

    def about(self) -> str:
        return str(lbl.PAPER_HINT)

    async def submit(self, body: dict[str, Any]) -> Complaint:
        return await VoiceApi.of(self.app).enter_paper_complaint(body)
