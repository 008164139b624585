"""The one spreadsheet writer never fails on a text a member or org may hold."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from server.infra import sheets
from server.infra.tenancy import tenant_scope
from tests.modules.orgs.factories import make_member, make_org


def test_control_characters_become_a_replacement_character_in_xlsx_and_stay_in_csv():
    rows = [["张\x18三", "\x00\x1b", "正常"]]
    book = load_workbook(io.BytesIO(sheets.to_xlsx(sheets.Sheet("s", ["a", "b", "c"], rows))))
    assert [c.value for c in book.active[2]] == ["张\ufffd三", "\ufffd\ufffd", "正常"]
    assert "张\x18三" in sheets.to_csv(["a", "b", "c"], rows).decode("utf-8-sig")


async def test_a_member_export_with_a_control_character_in_a_name_is_a_file_not_a_500(client, tenant, tenant_headers):
    """Found by the OpenAPI property test: a name with U+0018 made every XLSX export of the tenant a 500."""
    async with tenant_scope(tenant.slug):
        union = await make_org("工会")
        await make_member(union.id, name="张\x18三")
    for fmt in ("xlsx", "csv"):
        r = await client.get(f"/api/v1/t/{tenant.slug}/members/export?format={fmt}", headers=tenant_headers)
        assert r.status_code == 200, r.text
