"""The federation assigns an officer to several acceptance forms at once from the queue
(marked with the space bar), the API's field error first under the field; an anonymous
complaint is marked as such to staff."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Static

from server.infra import tenancy
from server.infra.tenancy import tenant_scope
from tests.tui.conftest import SIZE, settle
from tests.tui.test_voice import ON, admin_app, voice_world
from tui import i18n
from tui.screens.voice.api import Complaint
from tui.screens.voice.assign import AssignOfficerModal
from tui.screens.voice.common import worker
from tui.screens.voice.queue import FormQueueScreen


async def officers(slug: str) -> dict[int, str]:
    async with tenant_scope(slug):
        rows = await tenancy.conn().fetch("SELECT id, officer_name FROM acceptance_form")
    return {r["id"]: r["officer_name"] for r in rows}


async def test_an_officer_is_assigned_to_the_marked_forms(make_tui, make_token, tenant):
    world = await voice_world(tenant.slug)
    before = await officers(tenant.slug)
    app = await admin_app(make_tui, make_token, tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        await settle(pilot)
        queue = app.screen
        table = queue.query_one("#list", DataTable)
        table.focus()
        await pilot.press("space", "space")  # the two nearest deadlines: wages, canteen
        await settle(pilot)
        assert [str(table.get_row_at(i)[0]).startswith("✓") for i in range(3)] == [True, True, False]
        assert "2 marked" in str(queue.query_one("#count", Static).render())

        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AssignOfficerModal)
        await pilot.press("ctrl+s")  # no name: the API names the field
        await settle(pilot)
        assert app.screen is form and form.query_one("#officer_name-error", Static).display
        assert await officers(tenant.slug) == before

        form.query_one("#officer_name", Input).value = "周干事"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is queue and not queue.marks
    after = await officers(tenant.slug)
    assert after[world.forms["wages"]] == after[world.forms["canteen"]] == "周干事"
    assert after[world.forms["safety"]] == before[world.forms["safety"]]


def test_an_anonymous_complaint_is_marked_to_staff_even_with_a_name():
    at = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    fields = dict(id=1, ref="C1", category="wages", channel="bot", text="x", status="open", org_id=1)
    fields |= dict(member_id=2, order_id=None, created_at=at)
    was = i18n.get_lang()
    i18n.set_lang("en")
    try:
        named = Complaint(**fields, anonymous=True, member_name="李娜")  # type: ignore[arg-type]
        assert worker(named) == "anonymous · 李娜"
        hidden = Complaint(**fields, anonymous=True, member_name=None)  # type: ignore[arg-type]
        assert worker(hidden) == "anonymous"
        assert worker(Complaint(**fields, anonymous=False, member_name="张伟")) == "张伟"  # type: ignore[arg-type]
    finally:
        i18n.set_lang(was)
