"""Resident identity card numbers (公民身份号码, GB 11643-1999).

18 characters: a 6-digit region code, the birth date YYYYMMDD, a 3-digit
sequence whose last digit is odd for men and even for women, and an ISO 7064
MOD 11-2 check character (0-9 or X).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from operator import mul
from typing import Any

from server.messages import Msg
from server.modules.orgs.messages import ID_BIRTH, ID_BIRTH_RANGE, ID_CHECK, ID_LENGTH, ID_REGION, ID_SHAPE

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# The first two digits: provinces, autonomous regions, municipalities (and HK/MO/TW).
PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    }
)
SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII digits only: \d would take full-width ３
EARLIEST_BIRTH = dt.date(1900, 1, 1)

# Region codes of Ningxia used by the demo datasets (宁夏回族自治区).
NINGXIA_REGIONS = {
    "yinchuan": ["640104", "640105", "640106", "640121", "640122", "640181"],
    "shizuishan": ["640202", "640205", "640221"],
    "wuzhong": ["640302", "640303", "640323", "640324", "640381"],
    "xixia": ["640105"],
    "qingtongxia": ["640381"],
}


def _today() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # Asia/Shanghai


class IdNumberError(ValueError):
    """Why an ID number is not valid: a catalogue entry and its parameters (`str()` is the English)."""

    def __init__(self, msg: Msg, **params: Any):
        self.msg, self.params = msg, params
        super().__init__(msg.render("en", params))


_ASCII_ZERO_TOTAL = 48 * sum(WEIGHTS)


def check_char(first17: str) -> str:
    # On the ASCII bytes: each digit is its code minus 48 (hot in bulk imports).
    total = sum(map(mul, first17.encode("ascii"), WEIGHTS)) - _ASCII_ZERO_TOTAL
    return CHECK_CHARS[total % 11]


def normalize(id_number: str) -> str:
    return (id_number or "").strip().upper()


def validate(id_number: str, *, today: dt.date | None = None) -> tuple[dt.date, str]:
    """Return (birth_date, gender "M"/"F") of a valid number; raise IdNumberError otherwise."""
    value = normalize(id_number)
    if len(value) != 18:
        raise IdNumberError(ID_LENGTH)
    if not SHAPE.fullmatch(value):
        raise IdNumberError(ID_SHAPE)
    if value[:2] not in PROVINCES:
        raise IdNumberError(ID_REGION, region=value[:6])
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise IdNumberError(ID_BIRTH, birth=value[6:14]) from None
    if birth < EARLIEST_BIRTH or birth > (today or _today()):
        raise IdNumberError(ID_BIRTH_RANGE, birth=birth.isoformat())
    if check_char(value[:17]) != value[17]:
        raise IdNumberError(ID_CHECK)
    return birth, "M" if int(value[16]) % 2 else "F"


def is_valid(id_number: str) -> bool:
    try:
        validate(id_number)
    except IdNumberError:
        return False
    return True


def mask(id_number: str) -> str:
    """`640102********1234`: region and last four shown, birth date and sequence hidden."""
    value = normalize(id_number)
    if len(value) != 18:
        return "*" * len(value)
    return value[:6] + "*" * 8 + value[14:]


def make(region: str, birth: dt.date, seq: int) -> str:
    """The number for a region, birth date and 3-digit sequence (its parity is the gender)."""
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError(f"region {region!r} must be 6 digits")
    if not 0 <= seq <= 999:
        raise ValueError("seq must be 0..999")
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def generate(rng: random.Random, birth: dt.date, gender: str = "M", region: str = "640102") -> str:
    """A random valid number for demo datasets (seeded `rng` keeps them reproducible)."""
    seq = rng.randrange(0, 500) * 2 + (1 if gender.upper().startswith("M") else 0)
    return make(region, birth, seq)
