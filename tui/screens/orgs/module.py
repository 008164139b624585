"""组织与会员: what the orgs package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import PaletteCommand, ScreenEntry, TuiModule
from tui.screens.orgs import ADMINS, WRITERS


def _tree(app):
    from tui.screens.orgs.tree import OrgTreeScreen

    return OrgTreeScreen()


def _members(app):
    from tui.screens.orgs.members import MembersScreen

    return MembersScreen()


def _importer(app):
    from tui.screens.orgs.importer import ImportScreen

    return ImportScreen()


def _plans(app):
    from tui.screens.orgs.plans import PlansScreen

    return PlansScreen()


async def _found_member(app, member_id: int):
    from tui.screens.orgs.members import MemberDetailScreen

    return MemberDetailScreen(member_id)


async def _found_org(app, org_id: int):
    from tui.screens.orgs.api import OrgsApi
    from tui.screens.orgs.members import MembersScreen

    return MembersScreen(await OrgsApi.of(app).org(org_id))


MODULE = TuiModule(
    "orgs",
    screens=[
        ScreenEntry("orgs.tree", L("组织树", "Org tree"), _tree),
        ScreenEntry("orgs.members", L("会员查询", "Members"), _members),
        ScreenEntry("orgs.import", L("会员导入", "Import members"), _importer, roles=WRITERS),
        ScreenEntry("orgs.plans", L("组织调整", "Restructuring"), _plans, roles=ADMINS),
    ],
    commands=[
        PaletteCommand(
            L("导入会员名册", "Import a member file"),
            L("从 CSV 或 XLSX 文件导入会员", "Import members from CSV or XLSX"),
            lambda app: app.navigate(app.open_area("orgs.import")),
            roles=WRITERS,
        ),
    ],
    finds={"members": _found_member, "orgs": _found_org},
)
