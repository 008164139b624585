"""五位一体 skills: what the skills package brings to the TUI (read by tui/modules.py)."""

from __future__ import annotations

from tui.i18n import L
from tui.kit.contract import ScreenEntry, TuiModule

STAFF = frozenset({"tenant_admin", "org_officer", "auditor"})
ADMINS = frozenset({"tenant_admin"})


def _projects(app):
    from tui.screens.skills.projects import ProjectsScreen

    return ProjectsScreen()


def _trainers(app):
    from tui.screens.skills.trainers import TrainersScreen

    return TrainersScreen()


def _runs(app):
    from tui.screens.skills.runs import RunsScreen

    return RunsScreen()


MODULE = TuiModule(
    "skills",
    screens=[
        ScreenEntry("skills.projects", L("项目评审", "Project review"), _projects, roles=STAFF),
        ScreenEntry("skills.trainers", L("培训师排期", "Trainer calendar"), _trainers, roles=STAFF),
        ScreenEntry("skills.runs", L("工匠奖励发放", "Reward runs"), _runs, roles=ADMINS),
    ],
)
