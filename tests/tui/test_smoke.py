from tests.tui.conftest import SIZE, settle


async def test_platform_admin_sees_tenants(make_tui, make_token, tenant):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        print(app.screen, app.screen_stack)
        from textual.widgets import DataTable
        table = app.screen.query_one("#tenants", DataTable)
        assert tenant.slug in [r.value for r in table.rows]
        app.save_screenshot("/tmp/tui1.svg")
