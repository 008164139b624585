"""The platform admin's forms for running a year's review: the review itself (year, titles,
deadline) and its criteria (a row of inputs per criterion). Opening the review and closing
nominations are single calls the board asks to confirm (board.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from tui.client import ApiError
from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.region.api import Review, ReviewApi

# labels shown by this file
NEW_REVIEW = L("新建年度评选", "New yearly review")
REVIEW_YEAR = L("评选年度", "Year")
TITLE_ZH = L("名称（中文）", "Title (Chinese)")
TITLE_EN = L("名称（英文）", "Title (English)")
DEADLINE = L("申报截止日期", "Nominations until")
DATE_HINT = L("YYYY-MM-DD", "YYYY-MM-DD")
EDIT_REVIEW = L("修改年度评选", "Edit the review")
EDIT_HEADING = L("修改 {year} 年度评选", "Edit the {year} review")
CRITERIA_HEADING = L("{year} 年度评选标准", "Criteria of the {year} review")
NAME_ZH = L("标准 {n} · 名称（中文）", "Criterion {n} · name (Chinese)")
NAME_EN = L("标准 {n} · 名称（英文）", "Criterion {n} · name (English)")
MAX_SCORE = L("标准 {n} · 满分", "Criterion {n} · full marks")
DESCRIPTION = L("标准 {n} · 说明", "Criterion {n} · description")
PARTS = ("name_zh", "name_en", "max_score", "description")
BLANK_ROWS = 2  # empty rows offered below the criteria already set
MAX_CRITERIA = 20  # the API's limit


def numbered(label: L, n: int) -> L:
    """A row's label, numbered in both languages."""
    return L(label.zh.format(n=n), label.en.format(n=n))


class ReviewForm(FormModal[Review]):
    """A year's review, created as a draft: its criteria are set next, then it is opened."""

    HEADING = NEW_REVIEW
    FIELDS = (
        Field("year", REVIEW_YEAR, "int"),
        Field("title_zh", TITLE_ZH, required=True),
        Field("title_en", TITLE_EN, required=True),
        Field("deadline", DEADLINE, "date", hint=DATE_HINT),
    )

    def __init__(self) -> None:
        super().__init__({"year": dt.date.today().year})

    async def submit(self, body: dict[str, Any]) -> Review:
        return await ReviewApi(self.app.client, None).create_review(body)


class EditReviewForm(FormModal[Review]):
    """A review's titles, and a draft's deadline (once open, the deadline is published and stays).
    Only what changed is sent."""

    HEADING = EDIT_REVIEW
    PATCH = True

    def __init__(self, review: Review) -> None:
        values = {"title_zh": review.title_zh, "title_en": review.title_en, "deadline": review.deadline.isoformat()}
        super().__init__(values, title=EDIT_HEADING(year=review.year))
        self.review = review

    def fields(self) -> Sequence[Field]:
        out = [Field("title_zh", TITLE_ZH, required=True), Field("title_en", TITLE_EN, required=True)]
        if self.review.state == "draft":
            out.append(Field("deadline", DEADLINE, "date", hint=DATE_HINT))
        return out

    async def submit(self, body: dict[str, Any]) -> Review:
        return await ReviewApi(self.app.client, None).update_review(self.review.year, body)


class CriteriaForm(FormModal[Review]):
    """A draft review's criteria, a row each (name in both languages, full marks, description):
    the rows filled are sent in order and replace the criteria set before. The API names a
    problem by its place in the list sent (`criteria[1].max_score`): the form shows it under
    that row's field."""

    def __init__(self, review: Review) -> None:
        values: dict[str, Any] = {}
        for i, c in enumerate(review.criteria):
            values |= {f"c{i}_name_zh": c.name_zh, f"c{i}_name_en": c.name_en, f"c{i}_max_score": c.max_score}
            values[f"c{i}_description"] = c.description or None
        super().__init__(values, title=CRITERIA_HEADING(year=review.year))
        self.review = review
        self.rows = min(max(len(review.criteria) + BLANK_ROWS, 3), MAX_CRITERIA)
        self.sent: list[int] = []  # the rows in the order they were sent

    def fields(self) -> Sequence[Field]:
        out: list[Field] = []
        for i in range(self.rows):
            n = i + 1
            out += [
                Field(f"c{i}_name_zh", numbered(NAME_ZH, n)),
                Field(f"c{i}_name_en", numbered(NAME_EN, n)),
                Field(f"c{i}_max_score", numbered(MAX_SCORE, n), "int"),
                Field(f"c{i}_description", numbered(DESCRIPTION, n)),
            ]
        return out

    def body(self) -> dict[str, Any]:
        flat = super().body()
        self.sent = []
        criteria = []
        for i in range(self.rows):
            if not any(f"c{i}_{part}" in flat for part in PARTS):
                continue  # an empty row
            self.sent.append(i)
            criteria.append(
                {
                    "name_zh": flat.get(f"c{i}_name_zh") or "",
                    "name_en": flat.get(f"c{i}_name_en") or "",
                    "max_score": flat.get(f"c{i}_max_score"),  # null when empty: the API says so
                    "description": flat.get(f"c{i}_description") or "",
                }
            )
        return {"criteria": criteria}

    def show_problem(self, error: ApiError) -> None:
        for item in error.errors:
            found = re.search(r"criteria\[(\d+)\]\.(\w+)", item.field)
            if found and int(found[1]) < len(self.sent) and found[2] in PARTS:
                self.show_error(f"c{self.sent[int(found[1])]}_{found[2]}", item.message)
            else:
                self.show_error("c0_name_zh", item.message)

    async def submit(self, body: dict[str, Any]) -> Review:
        return await ReviewApi(self.app.client, None).set_criteria(self.review.year, body)
