"""What the rotation screens share: the area picker every screen starts from."""

from __future__ import annotations

from textual import work
from textual.widgets import Select

from tui.i18n import L
from tui.screens.rotation.api import Area, RotationApi
from tui.widgets.base import SaishangNode

AREA = L("轮值片区", "Rotation area")
NO_AREA = L("先选择一个轮值片区", "Choose a rotation area first")


class InArea(SaishangNode):
    """A screen working in one rotation area: `#area` lists them, the first is chosen; the screen
    reloads on `Select.Changed` from `#area` (its own handler)."""

    areas: dict[int, Area]

    def area_picker(self) -> Select[int]:
        self.areas = {}
        return Select[int]([], prompt=str(AREA), id="area", compact=True)

    @work(exclusive=True, group="rotation-areas", exit_on_error=False)
    async def load_areas(self) -> None:
        page = await RotationApi.of(self.app).areas()
        self.areas = {a.id: a for a in page.items}
        picker = self.query_one("#area", Select)
        picker.set_options([(a.name, a.id) for a in page.items])
        if page.items:
            picker.value = page.items[0].id

    @property
    def area(self) -> Area | None:
        value = self.query_one("#area", Select).value
        return self.areas.get(value) if isinstance(value, int) else None

    def need_area(self) -> Area | None:
        area = self.area
        if area is None:
            self.notify(str(NO_AREA), severity="warning", markup=False)
        return area
