"""The module contract: what a domain module hands the platform.

A module lives in `server/modules/<name>/` with `tables.py`, `service.py`,
`api.py`, optional `jobs.py`, `piccolo_app.py` and `module.py`; `module.py`
exposes `MODULE`, a `Module` describing its routes, report, demo data and jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReportQuery:
    tenant: str
    year: int
    org: int | None = None
    as_of: dt.date | None = None


Figures = dict[str, int | float]


@dataclass(frozen=True)
class DemoContext:
    tenant: str
    seed: int = 2017
    progress: Callable[[str], None] = lambda message: None
    # Services a demo may need beyond the database (the payment channel URL, ...).
    extras: dict[str, Any] = field(default_factory=dict)


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
    controllers: Sequence[type] = ()
    # Report figures computed from the records at request time.
    report: Callable[[ReportQuery], Awaitable[Figures]] | None = None
    # Loads the module's demo dataset for one tenant, inside its scope.
    demo: Callable[[DemoContext], Awaitable[None]] | None = None
    jobs: Sequence[Callable] = ()
    cron_jobs: Sequence[Any] = ()
    # A typer.Typer mounted as `saishang <name> ...` (e.g. `saishang pairing propose`).
    cli: Any = None
    # Extra top-level CLI commands, e.g. `saishang import members` lives in orgs:
    # a mapping of group name -> typer.Typer merged under that name.
    cli_groups: dict[str, Any] = field(default_factory=dict)
