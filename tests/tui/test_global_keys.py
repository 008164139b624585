"""The global keys (`[` `]` `?` `q`) work on every screen, also when a search box, a filter
or a path field has the focus (they used to type into it); in a form they type."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import SIZE, settle
from tui.app import SaishangApp
from tui.screens.confirm import ConfirmModal
from tui.screens.help import HelpScreen
from tui.widgets.sidebar import Sidebar

MODULES = ["orgs", "pairing", "welfare", "voice", "skills"]


def focus_an_input(app: SaishangApp) -> Input | None:
    """Focus the screen's first input, emptied (`q` is text once something is typed)."""
    fields = [f for f in app.screen.query(Input) if f.display and f.focusable]
    if fields:
        fields[0].value = ""
        fields[0].focus()
    return fields[0] if fields else None


async def walk_every_area(app: SaishangApp, pilot) -> list[str]:
    """Walk every area forwards with `]` and back with `[` (each area opens twice, not three
    times); where it has an input, focus it and press every global key."""
    with_input = []
    ids = [a.id for a in app.areas()]
    app.navigate(app.open_area(ids[0]))
    await settle(pilot)
    for index, area in enumerate(ids):
        assert app.current_area == area
        if focus_an_input(app):
            await pilot.pause()
            with_input.append(area)

            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen), area
            await pilot.press("question_mark")  # `?` again closes it
            await settle(pilot)

            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal), f"{area}: q did not ask to quit"
            await pilot.press("n")
            await settle(pilot)
            assert app.is_running
            focus_an_input(app)
            if isinstance(app.focused, Input) and app.focused.type == "text":
                await pilot.press("x", "q")  # once something is typed, q is text
                assert app.focused.value == "xq", area
                app.focused.value = ""

        field = focus_an_input(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.current_area == ids[(index + 1) % len(ids)], f"{area}: ] did not move on"
        assert field is None or "]" not in field.value, f"{area}: ] typed into {field.id}"
    for step in range(len(ids)):  # back from the first area round to the last, and on to the first
        area = ids[-step % len(ids)]
        assert app.current_area == area
        field = focus_an_input(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.current_area == ids[(-step - 1) % len(ids)], f"{area}: [ did not come back"
        assert field is None or "[" not in field.value, f"{area}: [ typed into {field.id}"
    return with_input


async def test_global_keys_work_on_every_tenant_screen_with_a_focused_input(make_tui, make_token, make_tenant):
    tenant = await make_tenant(modules=MODULES)
    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with_input = await walk_every_area(app, pilot)
        assert {"core.activity", "orgs.members", "orgs.import", "voice.statistics"} <= set(with_input)

        # The sidebar fits its labels: none is cut short.
        sidebar = app.screen.query_one(Sidebar)
        prompts = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert len(prompts) > 15 and not [p for p in prompts if "…" in p]


async def test_global_keys_work_on_the_platform_screens_and_type_in_a_form(make_tui, make_token):
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "tenants" in await walk_every_area(app, pilot)

        # In a form the same keys are text: `q`, `?`, `[` and `]` go into the field.
        app.navigate(app.open_area("tenants"))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("q", "question_mark", "left_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.focused is not None and getattr(app.focused, "value", None) == "q?[]"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")  # no input has the focus: q quits at once
        await settle(pilot)
    assert not app.is_running


async def test_on_and_off_show_as_a_mark_not_only_a_colour():
    from textual.app import App
    from textual.widgets.selection_list import Selection

    from tui.widgets.toggles import Tick, TickList

    class Toggles(App):
        def compose(self):
            yield Tick("anonymous", False, id="tick")
            yield TickList(Selection("orgs", "orgs", True), Selection("voice", "voice", False), id="list")

    app = Toggles()
    async with app.run_test() as pilot:
        tick = app.query_one(Tick)
        assert "✓" not in str(tick.render())
        tick.toggle()
        await pilot.pause()
        assert "✓" in str(tick.render())
        lines = ["".join(seg.text for seg in app.query_one(TickList).render_line(y)) for y in range(2)]
        assert lines[0].startswith("▐✓▌") and lines[1].startswith("▐ ▌")
