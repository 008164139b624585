"""The enterprise union answers a complaint itself, without a demand order: the
answer and its outcome; asked once more, since the worker is told at once."""

from __future__ import annotations

from typing import Any

from tui.i18n import fit
from tui.kit.form import Field, FormModal
from tui.screens.voice import labels as lbl
from tui.screens.voice.api import OUTCOMES, Complaint, VoiceApi
from tui.screens.voice.common import worker


class AnswerComplaintModal(FormModal[Complaint]):
    """Dismisses with the answered Complaint, or None when cancelled."""

    SUBMIT = lbl.ANSWER_SUBMIT
    FIELDS = (
        Field("answer", lbl.ANSWER_ANSWER, "long", required=True),
        Field("outcome", lbl.RESOLVE_OUTCOME, "choice", choices=[(lbl.OUTCOME_OF[o], o) for o in OUTCOMES]),
    )

    def __init__(self, complaint: Complaint) -> None:
        super().__init__(title=lbl.ANSWER_TITLE(ref=complaint.ref))
        self.complaint = complaint

    def about(self) -> str:
        c = self.complaint
        return f"{lbl.of(lbl.CATEGORY_OF, c.category)} · {worker(c)}：{fit(c.text, 120)}"

    def confirmation(self, body: dict[str, Any]) -> str:
        return lbl.CONFIRM_ANSWER(ref=self.complaint.ref)

    async def submit(self, body: dict[str, Any]) -> Complaint:
        done = await VoiceApi.of(self.app).answer(self.complaint.id, body)
        self.notify(lbl.ANSWERED(ref=done.ref), markup=False)
        return done
