"""Bad inputs get field errors and change nothing: negative spending, a score above an indicator's
maximum, an area missing, maxima that do not add up to 100."""

from __future__ import annotations

import pytest

from server.errors import InvalidInput
from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import service
from tests.modules.audit.conftest import admin, audited, auditor, entry, small_standard

COUNTS = "SELECT (SELECT count(*) FROM audit_standard), (SELECT count(*) FROM audit_entry), (SELECT count(*) FROM audit_score)"


async def test_bad_inputs_get_field_errors_and_change_nothing(world):
    t = world.tenant
    ids = await audited(world, [entry("A1", 1_000_000)])
    async with tenant_scope(t):
        await service.score_audit(ids[0], None, auditor(t))
        before = tuple(await conn().fetchrow(COUNTS))
        sheet_before = await service.score_sheet(ids[0])

        with pytest.raises(InvalidInput) as negative:
            await service.add_entries(
                ids[0], [entry("A1", 500), entry("A2", -1), entry("A3", 0, participants=-5)], auditor(t)
            )
        assert sorted((e.row, e.field) for e in negative.value.errors) == [(2, "spending_fen"), (3, "participants")]

        with pytest.raises(InvalidInput) as above:
            await service.score_audit(ids[0], service.ScoreIn([service.AdjustmentIn("A2", "bonus", 2.01)]), auditor(t))
        [err] = above.value.errors
        assert err.field == "points" and "不能超过2分" in err.message

        missing = small_standard("T-2")
        missing.areas = missing.areas[:-1]
        missing.indicators = missing.indicators[:-1]
        with pytest.raises(InvalidInput) as no_area:
            await service.save_standard(missing, admin(t))
        messages = {e.field: e.message_in("en") for e in no_area.value.errors}
        assert "the area 经费管理 is missing" in messages["areas"]
        assert "add up to 100 points; they add up to 90" in messages["indicators"]

        lopsided = small_standard("T-3")
        lopsided.indicators[0].bonus.max = 11
        with pytest.raises(InvalidInput) as sum_wrong:
            await service.save_standard(lopsided, admin(t))
        assert [e.field for e in sum_wrong.value.errors] == ["indicators"]
        assert "101" in sum_wrong.value.errors[0].message

        assert tuple(await conn().fetchrow(COUNTS)) == before
        assert await service.score_sheet(ids[0]) == sheet_before
