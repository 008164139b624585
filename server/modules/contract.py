"""The module contract: what a domain module hands the platform.

A module lives in `server/modules/<name>/`, laid out as `server/modules/README.md` says;
its `module.py` only declares `MODULE`, a `Module` naming its routes, report, demo data,
jobs, CLI, messages and its part of the workers' Telegram bot. `tests/modules/test_shape.py`
holds every implemented module to that floor plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from server.infra.figures import Unit as Unit  # what a figure counts: a module's report declares it

if TYPE_CHECKING:  # a service imports ReportQuery: the contract itself loads no framework
    import typer
    from arq.cron import CronJob
    from arq.worker import Function
    from litestar import Controller
    from litestar.types import ControllerRouterHandler

    from server.errors import FieldError
    from server.messages import Msg
    from server.platform.service import TokenIn

from server.infra.codes import CodeWords, code_values, codes, paired  # noqa: F401 - a module's columns.py declares its codes here


@dataclass(frozen=True)
class ReportQuery:
    tenant: str
    year: int
    org: int | None = None
    as_of: dt.date | None = None


Figures = dict[str, int | float]
Report = Callable[[ReportQuery], Awaitable[Figures]]


@dataclass(frozen=True)
class Figure:
    """One figure a report can emit: its code (the key in `Figures`), its label in both languages
    (zh-CN first) and its unit. `sums` is False for a count that does not add up across tenants
    (the distinct kinds of something); a unit that is a share, a mean or a flag never does."""

    code: str
    zh: str
    en: str
    unit: Unit = Unit.count
    sums: bool = True

    @property
    def additive(self) -> bool:
        return self.sums and self.unit.additive


def figure_catalogue(*figures: Figure) -> dict[str, Figure]:
    """A report's figures by code, in the order a report shows them; a code declared twice is a bug."""
    out: dict[str, Figure] = {}
    for f in figures:
        if f.code in out:
            raise ValueError(f"figure {f.code} declared twice")
        out[f.code] = f
    return out


def column_catalogue(labels: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The words of a module's export columns (`columns.py`), `field` or `Struct.field` →
    (zh, en): the header row of each `…/export` (server/platform/exports.py)."""
    for key, label in labels.items():
        if len(label) != 2 or not all(isinstance(w, str) and w.strip() for w in label):
            raise ValueError(f"column {key}: a label is (zh, en), both words")
    return labels


@dataclass(frozen=True)
class DemoContext:
    tenant: str
    seed: int = 2017
    progress: Callable[[str], None] = lambda message: None
    # Services a demo may need beyond the database (the payment channel URL, ...).
    extras: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh-CN"  # what `progress` hears is in this language (the CLI's, SAISHANG_LANG)

    def say(self, message: Msg, **params: Any) -> None:
        """Tell `progress` a step: a catalogue entry in the module's messages.py, in `lang`."""
        self.progress(message.render(self.lang, {"tenant": self.tenant, **params}))


@dataclass(frozen=True)
class BotCommand:
    """A command a module adds to the workers' bot, listed by `/help` and in Telegram's menu."""

    command: str  # without the slash: "complain"
    zh: str
    en: str
    menu: bool = True  # also a button of the main menu (its callback data is "menu:<command>")


@dataclass(frozen=True)
class Notice:
    """Something a worker is told through the bot (a payment made, a ballot open, an answer given).

    `key` makes it idempotent: the same notice is queued once, whatever retries."""

    member_id: int
    key: str
    text_zh: str
    text_en: str
    buttons: list[list[tuple[str, str]]] | None = None  # rows of (label, callback data): the zh-CN message's
    buttons_en: list[list[tuple[str, str]]] | None = None  # the English message's, where its labels differ


@dataclass(frozen=True)
class BotPart:
    """A module's part of the workers' bot (`server/bot/` is the channel itself).

    `router` is the dotted path (`package.module:name`) of an aiogram `Router`, or of a function
    that builds one, loaded only when a bot runs (aiogram is heavy); its handlers see only the
    updates of tenants that have the module on. `commands` are listed by `/help` and the menu.
    `notices` is called inside the tenant's scope with the member ids that have a linked chat
    and returns what is to be told to them now (each `Notice.key` is sent once). `linked` is
    called inside the scope when a worker links their chat: it marks told what was waiting for
    them before and is not to be replayed (voice: all of it; welfare, skills: what is older than
    30 days)."""

    router: str | None = None
    commands: Sequence[BotCommand] = ()
    notices: Callable[[list[int]], Awaitable[list[Notice]]] | None = None
    linked: Callable[[int], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Module:
    name: str
    title_zh: str
    title_en: str
    # Shared modules are on for every tenant by default; the rest are city
    # innovations any tenant may switch on.
    shared: bool = False
    pioneer: str | None = None
    always_on: bool = False
    piccolo_app: str | None = None  # dotted path of the module's piccolo_app
    # Mounted under /api/v1/t/{tenant}, answering 404 where the module is off.
    controllers: Sequence[type[Controller]] = ()
    # Mounted at the root, outside the tenant tree (webhooks a third party calls, ...).
    routes: Sequence[ControllerRouterHandler] = ()
    # Report figures computed from the records at request time.
    report: Report | None = None
    # Every figure the report can emit, with its labels and unit (`report.FIGURES`).
    figures: dict[str, Figure] = field(default_factory=dict)
    # The words of its export columns, `field` or `Struct.field` → (zh, en) (`columns.COLUMNS`).
    columns: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # The words of its code columns' values, keyed as `columns` (`columns.CODES`, `codes(...)`).
    codes: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    # A query answering the years that have records (rows of `year`), so a client opens the
    # latest of them (`report.YEARS_SQL`); run inside the tenant's scope.
    report_years: str | None = None
    # Loads the module's demo dataset for one tenant, inside its scope.
    demo: Callable[[DemoContext], Awaitable[None]] | None = None
    jobs: Sequence[Callable[..., Awaitable[Any]] | Function] = ()
    cron_jobs: Sequence[CronJob] = ()
    # Mounted as `saishang <name> ...` (e.g. `saishang pairing propose`).
    cli: typer.Typer | None = None
    # Extra top-level CLI groups, e.g. `saishang import members` lives in orgs.
    cli_groups: dict[str, typer.Typer] = field(default_factory=dict)
    # The top-level command names `cli` and `cli_groups` mount, declared in the registry's
    # catalogue so `saishang` lists them without loading the module (tests/test_cli.py checks).
    commands: Sequence[str] = ()
    # The module's `messages.py`: its part of the one message catalogue.
    messages: ModuleType | None = None
    # Its part of the workers' bot.
    bot: BotPart | None = None
    # Checks, inside the tenant's scope, what a new token names that this module owns (the org of
    # an org officer, the member of a worker): the field errors, empty when all is well.
    token_check: Callable[[TokenIn], Awaitable[list[FieldError]]] | None = None
