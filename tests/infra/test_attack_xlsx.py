"""Attacks on the one XLSX reader (`server.infra.xlsx.first_sheet`): a few kilobytes whose cells
sit far apart. calamine makes the sheet dense, rows × columns from A1, so two cells at A1 and
XFD1048576 (Excel's last cell) asked for 550 GB and aborted the process (SIGABRT: the API server
gone, for every tenant, from one upload); one at Z1000000 took a gigabyte and seconds. The
reader now bounds the area from the sheet's own XML before calamine reads a byte."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from server.errors import InvalidInput
from server.infra import xlsx

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
HEADER = '<c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>'


def book(sheet_data: str, part: str = "worksheets/sheet1.xml") -> bytes:
    """A workbook whose one sheet holds `sheet_data` (the XML inside <sheetData>), as written by hand."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace("worksheets/sheet1.xml", part))
        z.writestr(
            f"xl/{part}",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet '
            f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>'
            "</worksheet>",
        )
    return out.getvalue()


CORNERS = book(f'<row r="1">{HEADER}</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def refused(content: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        xlsx.first_sheet(content)
    assert [(e.field, e.code) for e in caught.value.errors] == [("file", "file.xlsx_too_many_cells")]
    return caught.value


def test_two_cells_at_the_corners_are_refused_in_a_process_that_survives():
    """In a child with its memory capped: unguarded, calamine aborts the interpreter (exit -6)."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "from server.errors import InvalidInput\n"
        "from server.infra.xlsx import first_sheet\n"
        "try:\n"
        "    first_sheet(sys.stdin.buffer.read())\n"
        "except InvalidInput as exc:\n"
        "    print(exc.errors[0].code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=CORNERS, capture_output=True, timeout=60)
    assert (done.returncode, done.stdout.decode().strip()) == (0, "file.xlsx_too_many_cells"), done.stderr[-2000:]


@pytest.mark.parametrize(
    "far",
    [
        '<row r="9000000"><c r="B9000000"><v>1</v></c></row>',  # far down
        '<row r="1000"><c r="ZZZ1000"><v>1</v></c></row>',  # far right
        "<row r='2'><c r = 'z1000000'><v>1</v></c></row>",  # single quotes, spaces, a small letter
        '<x:row r="3"><x:c r="Z900000"><x:v>1</x:v></x:c></x:row>',  # a namespace prefix
        # The far cell's reference after an attribute whose value looks like a reference.
        '<row r="2"><c s="1" a=" r=\'A2\'" r="Z900000"><v>1</v></c></row>',
    ],
)
def test_a_cell_far_from_a1_is_refused_naming_the_file(far):
    error = refused(book(f'<row r="1">{HEADER}</row>{far}'))
    assert "cells" in error.errors[0].message_in("en")


def test_a_sheet_part_named_otherwise_is_checked_all_the_same():
    far = '<row r="1000000"><c r="Z1000000"><v>1</v></c></row>'
    refused(book(f'<row r="1">{HEADER}</row>{far}', part="sheet.bin.dat"))


def test_cells_without_references_count_where_calamine_puts_them():
    # No `r`: each row follows the last, each cell the one before it in its row.
    wide = "<row>" + "<c><v>1</v></c>" * 20_000 + "</row>"
    tall = "<row><c><v>1</v></c></row>" * 1_000
    refused(book(f'<row r="1">{HEADER}</row>{wide}{tall}'))


def test_a_sheet_of_ordinary_size_without_references_is_read():
    rows = "".join(f"<row><c><v>{i}</v></c><c><v>{i + 1}</v></c></row>" for i in range(3))
    assert xlsx.first_sheet(book(rows)) == [[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]


def test_a_sheet_within_the_bound_is_read():
    values = xlsx.first_sheet(book(f'<row r="1">{HEADER}</row><row r="5"><c r="C5"><v>7</v></c></row>'))
    assert [len(values), len(values[0]), values[4][2]] == [5, 3, 7.0]


async def test_the_member_import_refuses_the_corners_with_a_422(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        files={"file": ("members.xlsx", CORNERS, "application/octet-stream")},
        headers={**tenant_headers, "Accept-Language": "en"},
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["file"]
    assert "1048576 rows" in r.json()["errors"][0]["message"]


def test_only_an_xlsx_reaches_the_reader():
    """An ODS (calamine reads it too) whose one row is repeated 100,000 times: 1 KB, 2.6 million cells."""
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            '<table:table table:name="S"><table:table-row table:number-rows-repeated="100000">'
            '<table:table-cell table:number-columns-repeated="25"/>'
            '<table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    for content in (ods.getvalue(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)):  # and an XLS (OLE2) header
        with pytest.raises(xlsx.NotAWorkbook, match="not an XLSX"):
            xlsx.first_sheet(content)
