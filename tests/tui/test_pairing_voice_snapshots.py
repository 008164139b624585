"""Snapshots of the pairing proposal and the voice queue, in both languages, at the
fixed terminal size; worlds built through the services on fixed days.
Update with `pytest tests/tui/test_module_snapshots.py --snapshot-update` and look
at the SVGs before committing them."""

from __future__ import annotations

import datetime as dt

from server.modules.voice import service as voice
from tests.tui.conftest import LANGS, SIZE, screenshot, settle, until
from tests.tui.test_pairing import small_programme
from tests.tui.test_voice import ON, voice_world
from tui.screens.voice.queue import FormQueueScreen


@LANGS
async def test_pairing_proposal(make_tui, make_token, make_tenant, svg, lang):
    tenant = await make_tenant(modules=["orgs", "pairing"], name_zh="石嘴山市总工会", name_en="Shizuishan FTU")
    await small_programme(tenant.slug)
    app = make_tui(await make_token("tenant_admin", tenant.slug, name="李主任"), tenant=tenant.slug, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.programmes")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")  # proposed in the TUI: by the signed-in account
        await until(pilot, lambda: app.screen.proposal is not None and not app.screen.solving, "the proposal")
        assert await screenshot(app, pilot) == svg


@LANGS
async def test_voice_queue(make_tui, make_token, make_tenant, svg, lang, monkeypatch):
    tenant = await make_tenant(modules=["orgs", "voice"], name_zh="青铜峡市总工会", name_en="Qingtongxia FTU")
    # Complaint and order numbers carry the year they are filed in: file them on a fixed day.
    for room in (voice.complaints, voice.orders):
        monkeypatch.setattr(room, "today", lambda: dt.date(2025, 9, 25))
    await voice_world(tenant.slug)
    monkeypatch.undo()
    app = make_tui(await make_token("tenant_admin", tenant.slug, name="王主任"), tenant=tenant.slug, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.show(FormQueueScreen(on=ON))
        assert await screenshot(app, pilot) == svg
