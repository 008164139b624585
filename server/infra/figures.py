"""What a report's figure counts (`Unit`) and how a client is told what a figure is
(`FigureLabel`): the modules' contract declares figures with them, the reports answer them, and
the platform's review labels the figures a nomination claims (the platform imports no module,
so they live below both)."""

from __future__ import annotations

from enum import Enum

import msgspec


class Unit(Enum):
    """What a figure counts, so a client can show it (`fen` as yuan, `ratio` as a percent) and a
    region can tell which figures add up across tenants."""

    fen = "fen"  # money, integer fen; shown as yuan: ¥1,300,000.00
    count = "count"  # things: orgs, campaigns, cases, sessions
    person = "person"  # people, each once (人)
    person_time = "person_time"  # attendances, a person once per time (人次)
    ratio = "ratio"  # a share between 0 and 1, shown as a percent
    days = "days"  # working days, a median or a mean
    score = "score"  # points, a mean
    m2 = "m2"  # square metres
    flag = "flag"  # 1 yes, 0 no

    @property
    def additive(self) -> bool:
        return self in _ADDITIVE


_ADDITIVE = {Unit.fen, Unit.count, Unit.person, Unit.person_time, Unit.m2}


class FigureLabel(msgspec.Struct):
    """What a figure is: its label in both languages, its unit, and whether it adds up across tenants."""

    zh: str
    en: str
    unit: Unit
    additive: bool
