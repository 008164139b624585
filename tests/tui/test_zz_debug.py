import sys, time
sys.path.insert(0, "/tmp/tp")
from shot import text_shot
from server.modules.contract import DemoContext
from server.modules.pairing.module import MODULE
from server.modules.voice import demo as vdemo
from tests.tui.conftest import SIZE, settle


async def test_debug(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=["orgs", "pairing", "voice"])
    await MODULE.demo(DemoContext(tenant=tenant.slug, extras={"dataset": "shizuishan"}))
    await vdemo.load(DemoContext(tenant=tenant.slug))
    app = make_tui(await make_token("tenant_admin", tenant.slug, name="主任"), tenant=tenant.slug, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_area("pairing.programmes")
        await settle(pilot)
        open("/tmp/tp/demo-programmes.txt", "w").write(text_shot(app))
        await pilot.press("enter")
        await settle(pilot)
        t0 = time.perf_counter()
        await pilot.press("p")
        await settle(pilot)
        print("PROPOSE", time.perf_counter() - t0)
        app.clear_notifications()
        await pilot.pause()
        open("/tmp/tp/demo-proposal.txt", "w").write(text_shot(app))
        await app.open_area("voice.queue")
        await settle(pilot)
        open("/tmp/tp/demo-queue.txt", "w").write(text_shot(app))
        await app.open_area("voice.orders")
        await settle(pilot)
        open("/tmp/tp/demo-orders.txt", "w").write(text_shot(app))
        await app.open_area("pairing.agreements")
        await settle(pilot)
        open("/tmp/tp/demo-agreements.txt", "w").write(text_shot(app))
