"""The orgs module's screens: the org tree, member search and detail, member import,
restructuring plans. `register_screens()` plugs them into the frame (tui/modules.py);
the screens are imported only when opened."""

from __future__ import annotations

WRITERS = frozenset({"tenant_admin", "org_officer"})
ADMINS = frozenset({"tenant_admin"})


def register_screens() -> None:
    from tui.modules import PaletteCommand, ScreenEntry, register

    def tree(app):
        from tui.screens.orgs.tree import OrgTreeScreen

        return OrgTreeScreen()

    def members(app):
        from tui.screens.orgs.members import MembersScreen

        return MembersScreen()

    def importer(app):
        from tui.screens.orgs.importer import ImportScreen

        return ImportScreen()

    def plans(app):
        from tui.screens.orgs.plans import PlansScreen

        return PlansScreen()

    register(
        "orgs",
        screens=[
            ScreenEntry("orgs.tree", ("组织树", "Org tree"), tree),
            ScreenEntry("orgs.members", ("会员查询", "Members"), members),
            ScreenEntry("orgs.import", ("会员导入", "Import members"), importer, roles=WRITERS),
            ScreenEntry("orgs.plans", ("组织调整", "Restructuring"), plans, roles=ADMINS),
        ],
        commands=[
            PaletteCommand(
                ("导入会员名册", "Import a member file"),
                ("从 CSV 或 XLSX 文件导入会员", "Import members from CSV or XLSX"),
                lambda app: app.navigate(app.open_area("orgs.import")),
                roles=WRITERS,
            ),
        ],
    )
