"""Bulk import and export: all or nothing, every bad row reported, re-import a no-op."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import random

import pytest
from openpyxl import Workbook, load_workbook

from server.errors import Conflict, InvalidInput
from server.infra import sheets
from server.infra.tenancy import tenant_scope
from server.modules.orgs import bulk, export_rows, idcard, importfile, service
from tests.conftest import blocking_another
from tests.modules.orgs.factories import make_member, make_org


def members_csv(
    org_names: list[str], n: int, *, seed: int = 7, english: bool = False
) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    headers = (
        ["name", "id_number", "org", "phone", "gender", "trade", "level", "migrant", "joined_on"]
        if english
        else ["姓名", "身份证号", "所属工会", "手机号", "性别", "工种", "职业资格等级", "农民工", "入会日期"]
    )
    rows, seen = [], set()
    while len(rows) < n:
        gender = rng.choice("MF")
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        number = idcard.generate(rng, birth, gender, "640202")
        if number in seen:
            continue
        seen.add(number)
        rows.append(
            [
                f"职工{len(rows)}",
                number,
                rng.choice(org_names),
                f"139{rng.randrange(10**8):08d}",
                "男" if gender == "M" else "女",
                rng.choice(["焊工", "电工", ""]),
                rng.choice(["", "1", "高级工", "5"]),
                rng.choice(["是", "否"]),
                "2015-03-01",
            ]
        )
    return headers, rows


def to_csv(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headers)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


async def test_ten_thousand_rows_import_then_a_bad_row_writes_nothing_and_reimport_is_a_no_op(
    client, tenant, tenant_headers
):
    async with tenant_scope(tenant.slug):
        zone = await make_org("高新区总工会", "zone_federation")
        names = [(await make_org(f"企业{i}工会", parent_id=zone.id)).name for i in range(5)]
    headers, rows = members_csv(names, 10_000)
    url = f"/api/v1/t/{tenant.slug}/members/import"

    # One bad row in the middle: nothing is written, the row is named with its column.
    bad = [r[:] for r in rows]
    bad[5000][1] = bad[5000][1][:17] + ("0" if bad[5000][1][17] != "0" else "1")
    english = {**tenant_headers, "content-type": "text/csv", "Accept-Language": "en"}  # the message read below
    r = await client.post(url, content=to_csv(headers, bad), headers=english)
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert errors == [{"field": "身份证号", "message": errors[0]["message"], "row": 5002}]
    assert "check digit" in errors[0]["message"]
    async with tenant_scope(tenant.slug):
        assert (await service.list_members(limit=1)).items == []

    # The good file: every row in, in one go.
    r = await client.post(
        url, files={"file": ("members.csv", to_csv(headers, rows), "text/csv")}, headers=tenant_headers
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "rows": 10_000, "created": 10_000, "updated": 0, "unchanged": 0, "dry_run": False, "moved": 0, "moves": []
    }  # fmt: skip
    async with tenant_scope(tenant.slug):
        zone_ids = await service.subtree_ids(zone.id)
        assert len(await service.member_ids_in(zone_ids)) == 10_000
        someone = await service.find_member_by_id_number(rows[1234][1], reveal=True)
        assert someone.name == "职工1234" and someone.id_number == rows[1234][1]

    # The same file again changes nothing; a changed phone updates just that row.
    r = await client.post(
        url, files={"file": ("members.csv", to_csv(headers, rows), "text/csv")}, headers=tenant_headers
    )
    assert r.json()["unchanged"] == 10_000 and r.json()["created"] == 0
    rows[7][3] = "13912345678"
    r = await client.post(url, content=to_csv(headers, rows), headers={**tenant_headers, "content-type": "text/csv"})
    assert (r.json()["updated"], r.json()["unchanged"]) == (1, 9_999)


async def test_every_bad_row_is_listed_with_line_column_and_reason(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("银河厂工会")
        existing = await make_member(union.id)
    headers, rows = members_csv(["银河厂工会"], 6, english=True)
    rows[0][1] = "640202198002301234"  # no such date
    rows[1][3] = "12345"  # bad phone
    rows[2][2] = "不存在的工会"
    rows[3][1], rows[3][4] = rows[4][1], rows[4][4]  # the same person twice in one file
    rows[5][6] = "9"
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=to_csv(headers, rows),
        headers={**tenant_headers, "content-type": "text/csv"},
    )
    assert r.status_code == 422
    found = {(e["row"], e["field"]) for e in r.json()["errors"]}
    assert found == {(2, "id_number"), (3, "phone"), (4, "org"), (6, "id_number"), (7, "level")}, found
    async with tenant_scope(tenant.slug):
        assert await service.member_ids_in([union.id]) == [existing.id]


async def test_xlsx_with_chinese_headers_and_export_round_trip(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        union = await make_org("星海厂工会")
    headers, rows = members_csv(["星海厂工会"], 50)
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        files={
            "file": (
                "members.xlsx",
                buf.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
        headers=tenant_headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 50

    exported = await client.get(
        f"/api/v1/t/{tenant.slug}/members/export", params={"format": "xlsx"}, headers=tenant_headers
    )
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("姓名", "身份证号", "组织编号") and len(values) == 51
    assert {v[1] for v in values[1:]} == {r[1] for r in rows}  # a tenant admin exports full numbers
    again = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        files={"file": ("again.xlsx", exported.content, "application/octet-stream")},
        headers=tenant_headers,
    )
    assert again.json()["unchanged"] == 50, again.text
    english = {**tenant_headers, "Accept-Language": "en"}  # the language is the request's, as every export's
    csv_export = await client.get(f"/api/v1/t/{tenant.slug}/orgs/export", params={"format": "csv"}, headers=english)
    assert csv_export.text.lstrip("\ufeff").startswith("id,name,type")
    assert str(union.id) in csv_export.text and ",Enterprise union," in csv_export.text  # a code in words
    exported = await client.get(f"/api/v1/t/{tenant.slug}/members/export", headers=english)
    assert rows_of(exported.content)[0][:3] == ("name", "id_number", "org_id")
    again = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        files={"file": ("again.xlsx", exported.content, "application/octet-stream")},
        headers=tenant_headers,
    )
    assert again.json()["unchanged"] == 50, again.text  # the English file imports back unchanged too


def rows_of(content: bytes) -> list[tuple]:
    return [tuple(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


async def test_the_export_is_what_the_list_shows(client, tenant, tenant_headers):
    """Members' and orgs' exports take their lists' filters (what you see is what you export),
    and the filtered file still imports back unchanged."""
    base = f"/api/v1/t/{tenant.slug}"
    async with tenant_scope(tenant.slug):
        union = await make_org("滨河厂工会")
        other = await make_org("滨河电厂工会", type="enterprise_union")
        await make_org("河东区总工会", type="county_federation")
        await make_member(union.id, name="焊工甲", trade="焊工", level=3, migrant=True)
        await make_member(union.id, name="焊工乙", trade="焊工", level=4)
        await make_member(other.id, name="电工丙", trade="电工", level=3)
        gone = await make_member(union.id, name="焊工丁", trade="焊工", joined_on=dt.date(2015, 3, 1))
        await service.update_member(gone.id, service.MemberPatch(left_on=dt.date(2020, 1, 1)))
    filters: list[dict] = [
        {"trade": "焊工"},
        {"trade": "焊工", "level": 3},
        {"migrant": True},
        {"q": "电工"},
        {"status": "left"},
        {"status": "all"},
        {"org": other.id},
    ]
    for params in filters:
        listed = (await client.get(f"{base}/members", params=params, headers=tenant_headers)).json()["items"]
        r = await client.get(f"{base}/members/export", params=params, headers=tenant_headers)
        assert r.status_code == 200, r.text
        assert sorted(row[0] for row in rows_of(r.content)[1:]) == sorted(m["name"] for m in listed), params
    r = await client.get(f"{base}/members/export", params={"trade": "焊工", "status": "all"}, headers=tenant_headers)
    assert len(rows_of(r.content)) == 4
    again = await client.post(
        f"{base}/members/import",
        files={"file": ("welders.xlsx", r.content, "application/octet-stream")},
        headers=tenant_headers,
    )
    assert again.status_code == 200 and again.json()["unchanged"] == 3, again.text
    for params in ({"q": "滨河"}, {"type": "county_federation"}, {"q": "滨河", "type": "enterprise_union"}):
        listed = (await client.get(f"{base}/orgs", params=params, headers=tenant_headers)).json()["items"]
        r = await client.get(f"{base}/orgs/export", params=params, headers=tenant_headers)
        assert sorted(row[1] for row in rows_of(r.content)[1:]) == sorted(o["name"] for o in listed), params
        assert listed
    r = await client.get(f"{base}/members/export", params={"level": "x"}, headers=tenant_headers)
    assert r.status_code == 400 or r.status_code == 422
    assert "level" in r.text


async def test_a_missing_required_column_is_reported_on_line_one(client, tenant, tenant_headers):
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content="姓名,手机号\n张三,13900000000\n".encode(),
        headers={**tenant_headers, "content-type": "text/csv"},
    )
    assert r.status_code == 422
    assert {e["row"] for e in r.json()["errors"]} == {1}
    assert {e["field"] for e in r.json()["errors"]} == {"身份证号", "所属工会"}


async def test_an_org_officer_imports_only_into_its_subtree(client, tenant, make_token):
    async with tenant_scope(tenant.slug):
        zone = await make_org("高新区总工会", "zone_federation")
        await make_org("区内厂工会", parent_id=zone.id)
        await make_org("区外厂工会")
    officer = {"Authorization": f"Bearer {await make_token('org_officer', tenant.slug, org_id=zone.id)}"}
    headers, rows = members_csv(["区内厂工会"], 4)
    rows[2][2] = "区外厂工会"
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=to_csv(headers, rows),
        headers={**officer, "content-type": "text/csv"},
    )
    assert r.status_code == 422
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(4, "所属工会")]
    rows[2][2] = "区内厂工会"
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        params={"dry_run": "true"},
        content=to_csv(headers, rows),
        headers={**officer, "content-type": "text/csv"},
    )
    assert r.json() == {
        "rows": 4, "created": 4, "updated": 0, "unchanged": 0, "dry_run": True, "moved": 0, "moves": []
    }  # fmt: skip
    async with tenant_scope(tenant.slug):
        assert (await service.list_members(limit=5)).items == []


async def test_a_changed_union_in_the_file_is_a_transfer_that_keeps_the_history(tenant):
    async with tenant_scope(tenant.slug):
        await make_org("东厂工会")
        west = await make_org("西厂工会")
    headers, rows = members_csv(["东厂工会"], 3)
    async with tenant_scope(tenant.slug):
        assert (await bulk.import_members(to_csv(headers, rows), filename="a.csv")).created == 3
    rows[1][2] = "西厂工会"
    content = to_csv(headers, rows)
    # A dry run says who it would move, from which union to which, and its bar counts real totals.
    seen: dict[str, tuple[int, int]] = {}
    async with tenant_scope(tenant.slug):
        tried = await bulk.import_members(
            content,
            filename="a.csv",
            dry_run=True,
            progress=lambda stage, done, total: seen.update({stage: (done, total)}),
        )
        member = await service.find_member_by_id_number(rows[1][1])
        assert member.org_id != west.id  # nothing moved yet
    assert tried.dry_run and tried.moved == 1
    assert [(m.member_id, m.name, m.from_org, m.to_org_id, m.to_org) for m in tried.moves] == [
        (member.id, rows[1][0], "东厂工会", west.id, "西厂工会")
    ]
    assert seen == {"read": (len(content), len(content)), "match": (3, 3), "validate": (3, 3)}  # no copy in a dry run
    async with tenant_scope(tenant.slug):
        result = await bulk.import_members(content, filename="a.csv")
        assert (result.created, result.updated, result.unchanged, result.moved) == (0, 1, 2, 1)
        moved = await service.find_member_by_id_number(rows[1][1])
        assert moved.org_id == west.id
        history = await service.member_history(moved.id)
        assert [(p.org_name, p.valid_to is None) for p in history] == [("东厂工会", False), ("西厂工会", True)]


async def test_a_bad_row_after_rows_were_sent_leaves_nothing_and_the_transaction_usable(tenant):
    async with tenant_scope(tenant.slug):
        await make_org("长城厂工会")
    headers, rows = members_csv(["长城厂工会"], bulk.CHUNK * 3)
    rows[-1][3] = "12345"  # the last row: every chunk before it has gone to COPY already
    async with tenant_scope(tenant.slug):
        with pytest.raises(InvalidInput) as refused:
            await bulk.import_members(to_csv(headers, rows), filename="b.csv")
        assert [(e.row, e.field) for e in refused.value.errors] == [(len(rows) + 1, "手机号")]
        # The caller's transaction goes on: the savepoint took the copied rows back.
        assert (await service.list_members(limit=1)).items == []
        await make_org("同一事务里的工会")


async def test_two_imports_of_the_same_people_at_once_one_is_refused_as_a_conflict(tenant):
    async with tenant_scope(tenant.slug):
        await make_org("宝丰厂工会")
    headers, rows = members_csv(["宝丰厂工会"], 50)
    content = to_csv(headers, rows)
    first_wrote = asyncio.Event()

    async def first() -> bulk.ImportResult:
        async with tenant_scope(tenant.slug):
            result = await bulk.import_members(content, filename="c.csv")
            first_wrote.set()
            await blocking_another()  # still uncommitted until the second one waits on its rows
            return result

    async def second() -> bulk.ImportResult:
        await first_wrote.wait()
        async with tenant_scope(tenant.slug):
            return await bulk.import_members(content, filename="c.csv")

    done, refused = await asyncio.gather(first(), second(), return_exceptions=True)
    assert done.created == 50
    assert isinstance(refused, Conflict) and refused.code == "import_conflict"
    async with tenant_scope(tenant.slug):
        assert len((await service.list_members(limit=100)).items) == 50


async def test_a_union_closing_later_is_named_with_its_closing_date(tenant):
    """An org scheduled to close is still found by name, and the row says when it closes (not "no such org")."""
    day = service.today() + dt.timedelta(days=20)
    async with tenant_scope(tenant.slug):
        closing = await make_org("将撤销厂工会")
        await service.close_org(closing.id, on=day)
        headers, rows = members_csv([closing.name], 2)
        with pytest.raises(InvalidInput) as raised:
            await bulk.import_members(to_csv(headers, rows), filename="m.csv")
        assert [(e.field, e.row) for e in raised.value.errors] == [("所属工会", 2), ("所属工会", 3)]
        assert all(day.isoformat() in e.message for e in raised.value.errors)
        assert (await service.list_members(org_id=closing.id)).items == []


async def test_a_member_with_a_transfer_scheduled_is_not_moved_by_an_import(tenant):
    """The file says where the member is now; a transfer already dated later is not the file's to undo."""
    day = service.today() + dt.timedelta(days=15)
    async with tenant_scope(tenant.slug):
        here, there, elsewhere = [await make_org(f"调动测试{i}厂工会") for i in range(3)]
        worker = await make_member(here.id, name="王芳", gender="F", phone="13900000001")
        await service.transfer_member(worker.id, there.id, on=day)
        number = (await service.get_member(worker.id, reveal=True)).id_number
        headers = ["姓名", "身份证号", "所属工会", "手机号"]
        # Where the member is today: nothing to change.
        unchanged = await bulk.import_members(
            to_csv(headers, [["王芳", number, here.name, "13900000001"]]), filename="m.csv"
        )
        assert (unchanged.unchanged, unchanged.updated) == (1, 0)
        with pytest.raises(InvalidInput) as raised:
            await bulk.import_members(
                to_csv(headers, [["王芳", number, elsewhere.name, "13900000001"]]), filename="m.csv"
            )
        [error] = raised.value.errors
        assert (error.field, error.row) == ("所属工会", 2) and day.isoformat() in error.message
        history = await service.member_history(worker.id)
        assert [(p.org_id, p.valid_to) for p in history] == [(here.id, day), (there.id, None)]


async def test_columns_the_file_does_not_have_are_left_as_they_are(tenant):
    """A file with only name, ID, union and phone updates the phone; trade, level, migrant flag and
    join date it does not mention stay. A join date it does correct moves the start of the history."""
    async with tenant_scope(tenant.slug):
        union = await make_org("铣工车间工会")
        worker = await make_member(
            union.id,
            name="吴强",
            phone="13900000002",
            trade="铣工",
            level=5,
            migrant=True,
            joined_on=dt.date(2000, 12, 31),
        )
        number = (await service.get_member(worker.id, reveal=True)).id_number
        result = await bulk.import_members(
            to_csv(["姓名", "身份证号", "所属工会", "手机号"], [["吴强", number, union.name, "13911112222"]]),
            filename="m.csv",
        )
        assert (result.updated, result.unchanged) == (1, 0)
        after = await service.get_member(worker.id)
        assert (after.phone, after.trade, after.level, after.migrant, after.joined_on) == (
            "13911112222",
            "铣工",
            5,
            True,
            dt.date(2000, 12, 31),
        )
        await bulk.import_members(
            to_csv(["姓名", "身份证号", "所属工会", "入会日期"], [["吴强", number, union.name, "2001-03-01"]]),
            filename="m.csv",
        )
        assert [(p.valid_from, p.valid_to) for p in await service.member_history(worker.id)] == [
            (dt.date(2001, 3, 1), None)
        ]
        # After a transfer, a join date later than the first union's end would leave the history wrong.
        other = await make_org("铣工二车间工会")
        await service.transfer_member(worker.id, other.id, on=dt.date(2005, 1, 1))
        with pytest.raises(InvalidInput) as raised:
            await bulk.import_members(
                to_csv(["姓名", "身份证号", "所属工会", "入会日期"], [["吴强", number, other.name, "2006-01-01"]]),
                filename="m.csv",
            )
        assert [(e.field, e.row) for e in raised.value.errors] == [("入会日期", 2)]
        assert (await service.get_member(worker.id)).joined_on == dt.date(2001, 3, 1)


async def test_an_export_never_hands_a_spreadsheet_a_formula_and_still_imports_back(tenant):
    async with tenant_scope(tenant.slug):
        union = await make_org('=HYPERLINK("http://evil")工会')
        worker = await make_member(union.id, name="-李四", trade="@焊工")
        headers, rows = await export_rows.member_rows(reveal=True)
        csv_text = sheets.to_csv(headers, rows).decode("utf-8-sig")
        assert "'-李四" in csv_text and "'@焊工" in csv_text and "'=HYPERLINK" in csv_text
        headers, rows = await export_rows.member_rows(reveal=True)
        book = load_workbook(io.BytesIO(sheets.to_xlsx(sheets.Sheet("members", headers, rows))))
        cells = {c.value: c.data_type for c in book.active[2]}
        assert cells["-李四"] == "s" and cells[union.name] == "s"
        for content, name in (
            (csv_text.encode(), "m.csv"),
            (sheets.to_xlsx(sheets.Sheet("members", *await export_rows.member_rows(reveal=True))), "m.xlsx"),
        ):
            again = await bulk.import_members(content, filename=name)
            assert again.unchanged == 1, name
        assert (await service.get_member(worker.id)).name == "-李四"


async def test_a_large_all_bad_file_answers_with_a_small_problem_that_says_how_many(client, tenant, tenant_headers):
    """Issue 13: a 58 MB all-bad CSV answered with a 103.7 MB problem. The list stops at
    `importfile.MAX_ROW_ERRORS` and says so (`errors_truncated`), with the total count of errors and
    bad lines, and nothing is written."""
    async with tenant_scope(tenant.slug):
        await make_org("银河厂工会")
    rows = 30_000
    lines = ["姓名,身份证号,所属工会"] + [f"职工{i},64020219800230{i % 10000:04d},银河厂工会" for i in range(rows)]
    content = ("\n".join(lines) + "\n").encode()
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=content,
        headers={**tenant_headers, "content-type": "text/csv", "accept-language": "en"},
    )
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 300_000, len(r.content)
    problem = r.json()
    assert problem["code"] == "invalid_input"
    assert len(problem["errors"]) == importfile.MAX_ROW_ERRORS
    assert problem["errors_truncated"] is True
    assert problem["error_count"] == rows and problem["bad_rows"] == rows
    assert [e["row"] for e in problem["errors"][:3]] == [2, 3, 4]
    assert str(rows) in problem["detail"]
    async with tenant_scope(tenant.slug):
        assert await service.conn().fetchval("SELECT count(*) FROM member") == 0


async def test_a_few_bad_rows_are_all_listed_and_not_said_to_be_truncated(client, tenant, tenant_headers):
    async with tenant_scope(tenant.slug):
        await make_org("银河厂工会")
    content = "姓名,身份证号,所属工会\n李娜,640202198002301234,银河厂工会\n".encode()
    r = await client.post(
        f"/api/v1/t/{tenant.slug}/members/import",
        content=content,
        headers={**tenant_headers, "content-type": "text/csv"},
    )
    assert r.status_code == 422
    assert len(r.json()["errors"]) == 1 and "errors_truncated" not in r.json()


async def test_an_unchanged_reimport_checks_no_row_yet_sees_edits_and_closed_unions(tenant, monkeypatch):
    """Each member keeps the import hash of the row that left it as it is: the same file again
    checks no row. A member edited since, a union renamed since, a duplicate in the file: those
    rows are checked (and refused or corrected) as on the first import."""
    async with tenant_scope(tenant.slug):
        east = await make_org("东厂工会")
        await make_org("西厂工会")
    headers, rows = members_csv(["东厂工会", "西厂工会"], 6, seed=11)
    content = to_csv(headers, rows)
    checked: list[int] = []
    real_check = bulk._RowChecker.check

    def counted(self, line, cells, errors):
        checked.append(line)
        return real_check(self, line, cells, errors)

    monkeypatch.setattr(bulk._RowChecker, "check", counted)
    async with tenant_scope(tenant.slug):
        assert (await bulk.import_members(content, filename="m.csv")).created == 6
        assert len(checked) == 6
        checked.clear()
        again = await bulk.import_members(content, filename="m.csv")
        assert (again.unchanged, checked) == (6, [])

        # Edited since the import: that row is checked, and the file's value comes back.
        edited = await service.find_member_by_id_number(rows[2][1])
        await service.update_member(edited.id, service.MemberPatch(phone="13800000000"))
        result = await bulk.import_members(content, filename="m.csv")
        assert (result.updated, result.unchanged, checked) == (1, 5, [4])
        assert (await service.get_member(edited.id)).phone == rows[2][3]
        checked.clear()

        # The same person twice in the file: still refused, naming the first line.
        with pytest.raises(InvalidInput) as twice:
            await bulk.import_members(to_csv(headers, [*rows, rows[0]]), filename="m.csv")
        assert [(e.field, e.row) for e in twice.value.errors] == [("身份证号", 8)]

        # A union renamed since: the rows naming it by its old name are refused as on a first import.
        in_east = [n for n, r in enumerate(rows, start=2) if r[2] == "东厂工会"]
        await service.update_org(east.id, service.OrgPatch(name="东厂联合工会"))
        with pytest.raises(InvalidInput) as renamed:
            await bulk.import_members(content, filename="m.csv")
        assert in_east and sorted({e.row for e in renamed.value.errors}) == in_east
