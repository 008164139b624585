"""The one spreadsheet writer never fails on a text a member or org may hold."""

from __future__ import annotations

import asyncio
import io
import os
import threading
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from server.infra import sheets
from server.infra.tenancy import conn, tenant_scope
from tests.conftest import blocking_another
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
        member = await make_member(union.id, name="张三")
        # Stored before members refused invisible characters (check_member_fields): written directly.
        await conn().execute("UPDATE member SET name = $2 WHERE id = $1", member.id, "张\x18三")
    for fmt in ("xlsx", "csv"):
        r = await client.get(f"/api/v1/t/{tenant.slug}/members/export?format={fmt}", headers=tenant_headers)
        assert r.status_code == 200, r.text


@pytest.mark.parametrize("small_export", [sheets.SMALL_EXPORT, 0], ids=["in-a-thread", "in-a-child-process"])
async def test_while_an_export_is_written_the_api_answers_and_no_connection_is_held(
    client, tenant, tenant_headers, monkeypatch, small_export
):
    """Rows the API read (the orgs' export): the file is written after the scope closed, in a
    worker thread (small) or a child process fed from one (large): the test holds the rows on an
    event and meanwhile asks for /me; it is answered, and the pool has every connection back."""
    from server.infra import db
    from server.modules.orgs import export_rows

    monkeypatch.setattr(sheets, "SMALL_EXPORT", small_export)

    async with tenant_scope(tenant.slug):
        await make_org("张三工会")
    started, release = threading.Event(), threading.Event()
    real_rows = export_rows.org_rows

    async def held_rows(**kw):
        headers, rows = await real_rows(**kw)

        def held():
            started.set()
            release.wait(30)
            yield from rows

        return headers, held()

    monkeypatch.setattr(export_rows, "org_rows", held_rows)
    pool = db.pool()
    in_use = pool.get_size() - pool.get_idle_size()
    for fmt in ("xlsx", "csv"):
        started.clear()
        release.clear()
        url = f"/api/v1/t/{tenant.slug}/orgs/export?format={fmt}"
        export = asyncio.create_task(client.get(url, headers=tenant_headers))
        try:
            assert await asyncio.to_thread(started.wait, 30), "the writer never started"
            me = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=tenant_headers)
            assert me.status_code == 200
            assert pool.get_size() - pool.get_idle_size() == in_use
            assert not export.done()
        finally:
            release.set()
        r = await export
        assert r.status_code == 200, r.text
        assert r.headers["content-disposition"] == f'attachment; filename="{tenant.slug}-orgs.{fmt}"'
        assert r.headers["content-type"].startswith("text/csv" if fmt == "csv" else sheets.XLSX)
        assert int(r.headers["content-length"]) == len(r.content)
        if fmt == "xlsx":
            rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
            assert rows[1][1] == "张三工会"
        else:
            assert "张三工会" in r.content.decode("utf-8-sig")


async def test_a_large_member_export_is_read_by_the_child_in_the_tenants_scope_alone(
    client, tenant, make_tenant, tenant_headers, monkeypatch
):
    """Past SMALL_EXPORT the writer child reads the members itself: the file holds what the
    in-process rows hold (full ID numbers decrypted, words), and no other tenant's member."""
    import datetime as dt

    from server.modules.orgs import export_rows
    from tests.modules.orgs.factories import id_number

    other = await make_tenant()
    async with tenant_scope(other.slug):
        await make_member((await make_org("别家工会")).id, name="别家会员")
    async with tenant_scope(tenant.slug):
        union = await make_org("工会")
        numbers = [id_number(dt.date(1988, 5, 4)) for _ in range(3)]
        for name, number in zip(("张三", "李四", "王五"), numbers, strict=True):
            await make_member(union.id, name=name, id_number=number)
        headers, rows = await export_rows.member_rows(reveal=False)
        expected = [headers, *([str(v) for v in row] for row in rows)]
    monkeypatch.setattr(sheets, "SMALL_EXPORT", 1)
    url = f"/api/v1/t/{tenant.slug}/members/export"
    r = await client.get(url, params={"format": "csv", "reveal": "false"}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    lines = [line.split(",") for line in r.content.decode("utf-8-sig").splitlines()]
    assert lines == expected and "别家会员" not in r.text
    r = await client.get(url, params={"format": "xlsx", "reveal": "true"}, headers=tenant_headers)
    assert r.status_code == 200, r.text
    sheet = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in sheet[1:]] == ["张三", "李四", "王五"]
    assert [row[1] for row in sheet[1:]] == numbers  # decrypted in the child


def _export_children() -> list[int]:
    """This process's children writing an export (the API runs in the test's process)."""
    me = os.getpid()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read().rpartition(")")[2].split()
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        if int(stat[1]) == me and b"server.infra.sheets" in cmdline:
            found.append(int(pid))
    return found


@pytest.mark.parametrize("then", ["lock-released", "child-killed"])
async def test_while_the_child_reads_a_large_export_the_api_answers_and_holds_no_connection(
    client, tenant, tenant_headers, monkeypatch, then
):
    """The child's read waits on an advisory lock the test holds (added to the scope statement it
    runs): meanwhile /me is answered, the request holds no pool connection, the export waits;
    once the lock goes the file arrives whole. A child killed meanwhile is an error answered
    (problem+json, no file), not a hung request, and the API goes on."""
    import signal

    import asyncpg

    from server.infra import db, tenancy
    from server.infra.db import asyncpg_config
    from server.modules.orgs import export_rows

    async with tenant_scope(tenant.slug):
        union = await make_org("工会")
        for name in ("张三", "李四"):
            await make_member(union.id, name=name)
    monkeypatch.setattr(sheets, "SMALL_EXPORT", 1)
    key = 424_242_001
    scope = tenancy.scope_statement
    monkeypatch.setattr(
        export_rows,
        "tenancy",
        SimpleNamespace(scope_statement=lambda: f"SELECT pg_advisory_xact_lock({key}); {scope()}"),
    )
    pool = db.pool()
    in_use = pool.get_size() - pool.get_idle_size()
    holder = await asyncpg.connect(**asyncpg_config(db.DB.config["dsn"]))
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", key)
        url = f"/api/v1/t/{tenant.slug}/members/export?format=csv"
        export = asyncio.create_task(client.get(url, headers=tenant_headers))
        await blocking_another(holder)  # the child started, connected and waits on the lock
        assert not export.done(), export.result().text
        me = await client.get(f"/api/v1/t/{tenant.slug}/me", headers=tenant_headers)
        assert me.status_code == 200
        assert pool.get_size() - pool.get_idle_size() == in_use
        if then == "child-killed":
            (child,) = _export_children()
            os.kill(child, signal.SIGKILL)
            r = await export
        await holder.execute("SELECT pg_advisory_unlock($1)", key)
        if then == "lock-released":
            r = await export
    finally:
        await holder.close()
    if then == "child-killed":
        assert r.status_code == 500 and r.headers["content-type"].startswith("application/problem+json"), r.text
        assert not _export_children()
        assert (await client.get(f"/api/v1/t/{tenant.slug}/me", headers=tenant_headers)).status_code == 200
        assert pool.get_size() - pool.get_idle_size() == in_use
    else:
        assert r.status_code == 200, r.text
        assert "张三" in r.text and "李四" in r.text


def test_outside_a_tenant_scope_there_is_no_scope_statement_to_give_a_child():
    from server.infra import tenancy

    with pytest.raises(RuntimeError):
        tenancy.scope_statement()


async def test_a_large_export_written_by_the_child_process_holds_what_the_thread_would_write(monkeypatch):
    """Every sheet, number format, date, Decimal, empty cell and formula-like text arrives as the
    in-process writer writes it; CSV takes the first sheet."""
    import datetime as dt
    from decimal import Decimal

    def book() -> list[sheets.Sheet]:
        rows = [["=1+1", i, Decimal("12.50"), dt.date(2017, 3, i % 28 + 1), None, "张三"] for i in range(1, 8)]
        return [
            sheets.Sheet("发放明细", ["a", "b", "c", "d", "e", "f"], iter(rows), number_formats={3: "0.00"}),
            sheets.Sheet("汇总", [], iter([["total", 7]])),
        ]

    def values(body: bytes) -> list[list[tuple]]:
        return [list(ws.iter_rows(values_only=True)) for ws in load_workbook(io.BytesIO(body)).worksheets]

    monkeypatch.setattr(sheets, "SMALL_EXPORT", 3)
    monkeypatch.setattr(sheets, "CHUNK", 2)
    for fmt in ("xlsx", "csv"):
        stream = await sheets.download(fmt, "x", *book())
        body = b"".join([chunk async for chunk in stream.iterator])  # type: ignore[union-attr]
        if fmt == "xlsx":
            assert values(body) == values(sheets.to_xlsx(*book()))
        else:
            first = book()[0]
            assert body == sheets.to_csv(first.headers, first.rows)
