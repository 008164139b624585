"""The welfare screens against the real API: a campaign approved from the TUI behind a
confirmation, and its progress screen following the ledger while the real engine pays
through the simulated channel — refreshed by its timer, with no key pressed."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, ProgressBar, Static

from server.infra.tenancy import tenant_scope
from server.modules.welfare import disbursement as engine
from server.modules.welfare import service
from server.modules.welfare.channels.http import HttpChannel
from server.modules.welfare.channels.simulated import SimulatedChannelServer
from tests.modules.welfare.conftest import admin, build_world, holiday
from tests.tui.conftest import SIZE, notices, settle, until
from tui.app import SaishangApp
from tui.screens.confirm import ConfirmModal
from tui.screens.welfare.campaign_form import NewCampaignModal
from tui.screens.welfare.campaigns import CampaignProgressScreen, CampaignsScreen
from tui.widgets.paged_table import PagedTable


@pytest.fixture(autouse=True)
def fast_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CampaignProgressScreen, "INTERVAL", 0.05)


@pytest.fixture
async def channel():
    sim = SimulatedChannelServer()
    url = await sim.start()
    client = HttpChannel(url, timeout=5)
    yield client
    await client.aclose()
    await sim.stop()


def counts(app: SaishangApp) -> str:
    return str(app.screen.query_one("#payout-counts", Static).render())


def figure(app: SaishangApp, label: str) -> str:
    match = re.search(rf"^{re.escape(label)}\s+(\S+)$", counts(app), re.M)
    assert match, counts(app)
    return match.group(1)


async def stop_polling(pilot) -> None:
    """Stop the progress timers and let a refresh in flight finish before the app exits: in-process,
    cancelling a request cancels the API handler too, which can strand its database connection."""
    for screen in pilot.app.screen_stack:
        if isinstance(screen, CampaignProgressScreen) and screen.timer is not None:
            screen.timer.stop()
    await settle(pilot)


async def ledger(slug: str) -> tuple[str, int, int]:
    async with tenant_scope(slug):
        c = service.conn()
        status = await c.fetchval("SELECT status FROM relief_campaign ORDER BY id DESC LIMIT 1")
        payouts = await c.fetchval("SELECT count(*) FROM payout")
        return status, payouts, await c.fetchval("SELECT count(*) FROM payout_outbox")


async def open_campaigns(app: SaishangApp, pilot) -> PagedTable:
    await settle(pilot)
    app.navigate(app.open_area("welfare.campaigns"))
    await settle(pilot)
    assert isinstance(app.screen, CampaignsScreen)
    table = app.screen.query_one(PagedTable)
    table.focus()
    return table


async def test_approval_is_confirmed_first_and_the_progress_screen_follows_the_payments(
    make_tui, make_token, tenant, channel
):
    world = await build_world(tenant.slug, n=6)
    async with tenant_scope(tenant.slug):
        campaign = await service.create_campaign(holiday(budget_fen=500_000, fen=50_000), admin(tenant.slug))

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_campaigns(app, pilot)
        assert table.get_row(str(campaign.id))[1:6] == ["两节送温暖", "holiday relief", "2017", "5,000.00", "draft"]

        # Declining the confirmation creates nothing.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one("#question", Static).render())
        assert "6 beneficiaries, ¥3,000.00 in all (budget ¥5,000.00)" in question
        await pilot.press("n")
        await settle(pilot)
        assert await ledger(tenant.slug) == ("draft", 0, 0)

        # Confirming approves once: payouts and the outbox entry, then the progress screen.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert await ledger(tenant.slug) == ("approved", 6, 1)
        screen = app.screen
        assert isinstance(screen, CampaignProgressScreen)
        await until(pilot, lambda: screen.progress is not None, "the payouts")
        assert (figure(app, "Payouts"), figure(app, "Pending"), figure(app, "Paid")) == ("6", "6", "0")
        assert figure(app, "Amount paid") == "¥0.00" and figure(app, "Amount due") == "¥3,000.00"

        # A worker claims two: the screen shows them in flight, by itself.
        async with tenant_scope(tenant.slug):
            claim = await engine.claim(screen.campaign.batch_id, limit=2, lease_seconds=60)
        assert len(claim.payouts) == 2
        await until(pilot, lambda: figure(app, "In flight") == "2", "two payouts in flight")
        assert figure(app, "Pending") == "4"

        # The channel pays them: paid 2, ¥1,000.00, the bar a third of the way.
        settled = await engine.send(channel, claim.payouts)
        async with tenant_scope(tenant.slug):
            await engine.record(claim, settled, channel_name=channel.name)
        await until(pilot, lambda: figure(app, "Paid") == "2", "two payouts paid")
        assert figure(app, "Amount paid") == "¥1,000.00" and figure(app, "In flight") == "0"
        bar = screen.query_one("#payout-bar", ProgressBar)
        assert (bar.total, bar.progress) == (6, 2)

        # The rest is paid; the screen ends on "all settled" and stops asking.
        progress = await engine.pay_until_settled(tenant.slug, screen.campaign.batch_id, channel, chunk=2, timeout=30)
        assert progress.done and progress.paid == 6
        await until(pilot, lambda: screen.progress is not None and screen.progress.done, "every payout settled")
        assert (figure(app, "Paid"), figure(app, "Failed"), figure(app, "Unknown")) == ("6", "0", "0")
        assert figure(app, "Amount paid") == "¥3,000.00"
        assert (bar.total, bar.progress) == (6, 6)
        assert "All settled" in str(screen.query_one("#payout-state", Static).render())
        readings = screen.readings
        await pilot.pause(0.3)
        assert screen.readings == readings  # done: the timer no longer asks the API

        # Back on the list the campaign is approved; approving again is not offered.
        await pilot.press("escape")
        await settle(pilot)
        assert table.get_row(str(campaign.id))[5] == "approved"
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert "“两节送温暖” is already approved" in notices(app)
    assert await ledger(tenant.slug) == ("approved", 6, 1)
    assert world.households  # six households, each paid once
    async with tenant_scope(tenant.slug):
        paid = await service.conn().fetch("SELECT beneficiary, count(*) AS n FROM payout GROUP BY 1")
    assert len(paid) == 6 and all(r["n"] == 1 for r in paid)


async def test_over_budget_is_said_before_asking_and_nothing_is_created(make_tui, make_token, tenant):
    await build_world(tenant.slug, n=3)
    async with tenant_scope(tenant.slug):
        campaign = await service.create_campaign(holiday(budget_fen=100_000, fen=50_000), admin(tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_campaigns(app, pilot)
        assert table.row_count == 1
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert "Over budget: ¥1,500.00 needed, budget ¥1,000.00" in notices(app)

        # The progress screen of a draft says nothing is being paid, and keeps the UI free.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CampaignProgressScreen)
        assert "Not approved yet" in counts(app)
        await stop_polling(pilot)
    assert await ledger(tenant.slug) == ("draft", 0, 0)
    async with tenant_scope(tenant.slug):
        assert (await service.get_campaign(campaign.id)).status == "draft"


async def test_an_org_officer_s_approval_is_refused_by_the_api_and_changes_nothing(make_tui, make_token, tenant):
    world = await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        await service.create_campaign(holiday(), admin(tenant.slug))
    app = make_tui(await make_token("org_officer", tenant.slug, org_id=world.city), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_campaigns(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)  # the API decides who may approve
        await pilot.press("y")
        await settle(pilot)
        assert any(n.startswith("403") for n in notices(app))
    assert await ledger(tenant.slug) == ("draft", 0, 0)


async def test_a_failing_refresh_is_reported_once_then_waits_for_r(make_tui, make_token, tenant, app):
    import httpx

    from tests.tui.conftest import Faults

    await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        campaign = await service.create_campaign(holiday(), admin(tenant.slug))
        await service.approve_campaign(campaign.id, admin(tenant.slug))
    faults = Faults(app)
    faults.fail(f"/api/v1/t/{tenant.slug}/campaigns/{campaign.id}/progress", 500, "the ledger is down")
    tui = make_tui(
        await make_token("tenant_admin", tenant.slug), tenant=tenant.slug, transport_=httpx.ASGITransport(app=faults)
    )
    async with tui.run_test(size=SIZE) as pilot:
        await open_campaigns(tui, pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = tui.screen
        assert isinstance(screen, CampaignProgressScreen)
        await pilot.pause(0.3)  # six intervals: still one notice, and the timer waits
        assert [n for n in notices(tui) if "the ledger is down" in n] == [notices(tui)[-1]]
        assert "paused" in str(screen.query_one("#payout-state", Static).render())
        readings = screen.readings

        faults.rules.clear()
        await pilot.press("r")
        await until(pilot, lambda: screen.readings > readings + 2, "refreshing again")
        assert figure(tui, "Pending") == "2"
        assert "refreshes every" in str(screen.query_one("#payout-state", Static).render())
        await stop_polling(pilot)


async def test_a_slow_progress_answer_never_freezes_the_screen(make_tui, make_token, tenant, transport):
    import asyncio

    import httpx

    from tui.screens.help import HelpScreen

    class Slow(httpx.AsyncBaseTransport):
        """The real API, with the progress route taking its time (a busy ledger)."""

        def __init__(self) -> None:
            self.started = asyncio.Event()
            self.release = asyncio.Event()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/progress"):
                self.started.set()
                await self.release.wait()
            return await transport.handle_async_request(request)

    await build_world(tenant.slug, n=2)
    async with tenant_scope(tenant.slug):
        campaign = await service.create_campaign(holiday(), admin(tenant.slug))
        await service.approve_campaign(campaign.id, admin(tenant.slug))
    slow = Slow()
    tui = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug, transport_=slow)
    async with tui.run_test(size=SIZE) as pilot:
        await open_campaigns(tui, pilot)
        await pilot.press("enter")
        await asyncio.wait_for(slow.started.wait(), 10)
        screen = tui.screen
        assert isinstance(screen, CampaignProgressScreen) and screen.progress is None

        # While the answer is held back, the keys still work: help opens and closes.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(tui.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert tui.screen is screen
        # ...and the timer does not pile up requests behind the slow one.
        assert sum(1 for w in tui.workers if w.group == "campaign-progress" and not w.is_finished) == 1

        slow.release.set()
        await until(pilot, lambda: screen.progress is not None, "the answer")
        assert figure(tui, "Pending") == "2"
        await stop_polling(pilot)


async def test_an_officer_creates_a_campaign_in_the_tui_and_a_field_error_shows_under_its_field(
    make_tui, make_token, make_tenant
):
    tenant = await make_tenant(modules=["welfare"])
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_campaigns(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewCampaignModal)

        # Letters in a money field are refused before sending; the API names what it refuses.
        form.query_one("#budget_fen", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "enter an amount" in str(form.query_one("#budget_fen-error", Static).render())
        form.query_one("#budget_fen", Input).value = "5000"
        form.query_one("#amount_rule__fen", Input).value = "500"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # nothing created: the name is missing
        assert "name" in str(form.query_one("#name-error", Static).render()).lower()
        assert not form.query_one("#budget_fen-error", Static).display
        async with tenant_scope(tenant.slug):
            assert await service.conn().fetchval("SELECT count(*) FROM relief_campaign") == 0

        form.query_one("#name", Input).value = "2027 两节送温暖"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CampaignsScreen)
        async with tenant_scope(tenant.slug):
            row = await service.conn().fetchrow("SELECT name, budget_fen, status, amount_rule FROM relief_campaign")
        assert (row["name"], row["budget_fen"], row["status"]) == ("2027 两节送温暖", 500_000, "draft")
        assert '"fen": 50000' in row["amount_rule"]
        table = app.screen.query_one(PagedTable)
        assert any("2027 两节送温暖" in str(cell) for r in table.ordered_rows for cell in table.get_row(r.key))
