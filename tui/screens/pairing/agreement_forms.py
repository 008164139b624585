"""What happens to an agreement (师徒协议) while it runs: a progress note, the outcome
at the end (level raised, competition result, 五小 innovation), or ending it early
with the reason. One small form each (the kit's FormModal); the server checks every
rule and its field errors show under the fields."""

from __future__ import annotations

from typing import Any

from tui.kit.form import Field, FormModal
from tui.screens.pairing import labels as lbl
from tui.screens.pairing.api import Agreement, PairingApi

# kind -> the route's last segment and its fields
KINDS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "note": ("notes", (Field("text", lbl.FIELD_TEXT, required=True),)),
    "outcome": (
        "outcome",
        (
            Field("level_after", lbl.FIELD_LEVEL_AFTER, "int", hint=lbl.FIELD_LEVEL_HINT),
            Field("competition_result", lbl.FIELD_COMPETITION_RESULT),
            Field("innovation", lbl.FIELD_INNOVATION),
            Field("note", lbl.FIELD_NOTE),
        ),
    ),
    "end": ("end", (Field("reason", lbl.FIELD_REASON, required=True),)),
}


class AgreementFormModal(FormModal[Agreement]):
    """Dismisses with the updated Agreement, or None when cancelled."""

    SUBMIT = lbl.FORM_SUBMIT

    def __init__(self, kind: str, agreement: Agreement) -> None:
        super().__init__(title=lbl.of(lbl.FORM_OF, kind, id=agreement.id))
        self.kind = kind
        self.agreement = agreement
        self.route, self.kind_fields = KINDS[kind]

    def fields(self) -> tuple[Field, ...]:
        return self.kind_fields

    def about(self) -> str:
        a = self.agreement
        return lbl.FORM_PAIR(
            master=a.master_name,
            apprentice=a.apprentice_name,
            start=f"{a.term_start:%Y-%m-%d}",
            end=f"{a.term_end:%Y-%m-%d}",
        )

    async def submit(self, body: dict[str, Any]) -> Agreement:
        agreement = await PairingApi.of(self.app).agreement_action(self.agreement.id, self.route, body)
        self.notify(lbl.of(lbl.FORM_OF, f"{self.kind}.done", id=agreement.id), markup=False)
        return agreement
