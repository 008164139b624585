"""The bounded types every Struct and every path or query parameter uses, so the OpenAPI
document says what is valid and nothing out of range reaches PostgreSQL (issue 13).

An id is a PostgreSQL `integer` (serial); money is integer fen, capped so that a year's
sums of many amounts still fit a `bigint`; a count is small; a year lies in 1949..2100 and a date in
1900..2100 (dates cannot carry a range in msgspec's schema: the edge checks them, see
`server.infra.edge`); text has a length. NUL and lone surrogates are refused for every
string at the edge, not here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

ID_MAX = 2**31 - 1
FEN_MAX = 10**12  # ¥10,000,000,000.00: a million of these still sum inside a bigint
COUNT_MAX = 1_000_000
MIN_YEAR, MAX_YEAR = 1949, 2100  # a campaign's, a programme's, a holiday schedule's year
# Any date: wider than MIN_YEAR, since a retired member's birth or an old union's founding
# may predate 1949; narrow enough that no date arithmetic leaves Python's or PostgreSQL's range.
DATE_MIN_YEAR, DATE_MAX_YEAR = 1900, MAX_YEAR
YUAN_MAX = Decimal(FEN_MAX) / 100

Id = Annotated[int, Meta(ge=1, le=ID_MAX, description="a record's id (1 … 2³¹−1)")]
Fen = Annotated[int, Meta(ge=0, le=FEN_MAX, description="an amount in fen (分), a whole number, never a string")]
Count = Annotated[int, Meta(ge=0, le=COUNT_MAX)]
PositiveCount = Annotated[int, Meta(ge=1, le=COUNT_MAX)]
Year = Annotated[int, Meta(ge=MIN_YEAR, le=MAX_YEAR)]
Days = Annotated[int, Meta(ge=1, le=3660, description="a number of days, at most ten years")]
# A member's vocational qualification level (职业资格等级), as the `member.level` CHECK says.
LEVEL_MIN, LEVEL_MAX = 1, 5
Level = Annotated[int, Meta(ge=LEVEL_MIN, le=LEVEL_MAX, description="a qualification level: 1 高级技师 … 5 初级工")]
Score = Annotated[int, Meta(ge=0, le=100, description="a score out of 100")]  # a panel's mark, a ballot's
Rating = Annotated[int, Meta(ge=1, le=5, description="a rating from 1 to 5")]  # a trainee's feedback on a session
# A count a `smallint` column holds, at least one: a constituency's seats, a course's hours, a rank.
SMALLINT_MAX = 2**15 - 1
SmallCount = Annotated[int, Meta(ge=1, le=SMALLINT_MAX, description="a whole number from 1 to 32767")]

CODE_MAX, NAME_MAX = 64, 200
SLUG_MAX = 32  # a tenant's slug: `platform.tenant.slug` is a varchar(32)
Code = Annotated[str, Meta(max_length=CODE_MAX)]  # slugs, kinds, statuses, roles, categories
Name = Annotated[str, Meta(max_length=NAME_MAX)]  # names, titles, labels
Text = Annotated[str, Meta(max_length=4000)]  # notes, reasons, descriptions
LongText = Annotated[str, Meta(max_length=20000)]
# An amount in yuan as a person writes it ("12800.50", a string or a number). msgspec bounds no
# Decimal: the service refuses any outside 0 … YUAN_MAX or finer than a fen, and every such amount
# is written in YUAN_TEXT_MAX characters (the docs plugin writes it as the text's maxLength).
YUAN_TEXT_MAX = 24
Yuan = Annotated[
    Decimal,
    Meta(
        description='an amount in yuan, at most two decimals ("12800.50")',
        extra_json_schema={"maxLength": YUAN_TEXT_MAX},
    ),
]
