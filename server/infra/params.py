"""The bounded types of `server.infra.types` for path and query parameters: Litestar reads
`Parameter(...)` into the OpenAPI document (it ignores msgspec's `Meta` on parameters), and
enforces it before the handler runs."""

from __future__ import annotations

from typing import Annotated

from litestar.openapi.spec import Example
from litestar.params import Parameter

from server.infra.types import CODE_MAX, ID_MAX, LEVEL_MAX, LEVEL_MIN, MAX_YEAR, MIN_YEAR, SLUG_MAX

# The tenant in a path, with an example for the docs page (an unknown slug is the tenant guard's 404).
Slug = Annotated[
    str, Parameter(max_length=SLUG_MAX, description="the tenant's slug", examples=[Example(value="yinchuan")])
]
Id = Annotated[int, Parameter(ge=1, le=ID_MAX, description="a record's id (1 … 2³¹−1)")]
OptId = Annotated[int | None, Parameter(ge=1, le=ID_MAX, description="a record's id (1 … 2³¹−1)")]
Year = Annotated[int, Parameter(ge=MIN_YEAR, le=MAX_YEAR)]
OptYear = Annotated[int | None, Parameter(ge=MIN_YEAR, le=MAX_YEAR)]
OptLevel = Annotated[
    int | None, Parameter(ge=LEVEL_MIN, le=LEVEL_MAX, description="a qualification level: 1 高级技师 … 5 初级工")
]
# A kind, a state, a status, a trade, a module's name: a word of a closed list (the service says which).
Code = Annotated[str, Parameter(max_length=CODE_MAX)]
OptCode = Annotated[str | None, Parameter(max_length=CODE_MAX)]
Limit = Annotated[int, Parameter(ge=1, le=500, description="rows per page (1 … 500)")]
# What a person typed into a search box: a name, words of a text, a phone, an ID number, a reference.
Query = Annotated[str | None, Parameter(max_length=100, description="words to look for")]
# The `next_cursor` of the previous page, sent back (`server.infra.pagination`: 16 characters at most).
Cursor = Annotated[str | None, Parameter(max_length=32, description="the previous page's `next_cursor`")]
# An uploaded file's name, to tell CSV from XLSX (the longest name a file system holds).
OptFilename = Annotated[str | None, Parameter(max_length=255, description="the file's name (a .csv or an .xlsx)")]
