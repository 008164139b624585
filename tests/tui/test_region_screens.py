"""The region's screens against the real API: the dashboard's per-tenant rows, its chart and a
tenant with the module off shown as "not on"; the review board's scoring form showing the API's
field error under the criterion's field, then the score kept and the selection published; a tenant admin's nomination form
refusing a claim it cannot send and showing the API's error under the claims, then submitted."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import openpyxl
from textual.widgets import DataTable, Input, Select, SelectionList, Static
from textual_plotext import PlotextPlot

from server.infra.db import DB
from server.infra.workdays import today
from server.platform import review
from tests.tui.conftest import SIZE, settle, until
from tui.app import SaishangApp
from tui.client import FigureLabel
from tui.kit.form import FormModal
from tui.screens.region.board import NominationForm, PublishForm, ResultScreen, ReviewBoard, ScoreForm, entered
from tui.screens.region.dashboard import RegionScreen
from tui.screens.region.review_forms import CriteriaForm, EditReviewForm, ReviewForm

_years = itertools.count(2080, -1)  # review years of this file's own (test_review counts down from 2100)


def error_under(form: FormModal, field: str) -> str:
    shown = form.query_one(f"#{field}-error", Static)
    return str(shown.render()) if shown.display else ""


def drawn(screen, plot: str) -> str:
    """What a chart shows, as text (the zero-width spaces that align Chinese labels removed)."""
    return screen.query_one(f"#{plot}", PlotextPlot).render().plain.replace("\u200b", "")


def exported(home: Path) -> list[Path]:
    return sorted((home / "exports").glob("*.xlsx"))


async def open_area(app: SaishangApp, pilot, area: str) -> None:
    await settle(pilot)
    app.navigate(app.open_area(area))
    await settle(pilot)


async def test_the_dashboard_draws_each_tenant_and_shows_a_tenant_with_the_module_off(
    make_tui, make_token, make_tenant, tui_home
):
    parent = await make_tenant(modules=["orgs", "audit"], name_zh="银川市总工会", name_en="Yinchuan FTU")
    child = await make_tenant(modules=["orgs"], parent=parent.slug, name_zh="西夏区工会", name_en="Xixia FTU")
    # a platform admin working in Yinchuan: its rollup (itself and Xixia), then the whole region
    app = make_tui(await make_token("platform_admin"), tenant=parent.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "core.rollup")
        screen = app.screen
        assert isinstance(screen, RegionScreen) and screen.rollup
        screen.query_one("#year", Input).value = "2017"
        screen.query_one("#module", Select).value = "audit"
        await settle(pilot)
        await until(pilot, lambda: screen.report is not None and screen.report.module == "audit", "the audit rollup")
        table = screen.table
        assert [row.key.value for row in table.ordered_rows] == [parent.slug, child.slug]
        on, off = table.get_row(parent.slug), table.get_row(child.slug)
        assert on[:2] == ["Yinchuan FTU", "on"] and len(on) == 2 + len(screen.codes) > 2
        assert off[:2] == ["Xixia FTU", "not on"] and set(off[2:]) == {"—"}  # never zeros
        assert on[2:] == [screen.report.tenants[0].text[c] for c in screen.codes]  # the server's words
        totals = str(screen.query_one("#totals", Static).render())
        assert "1 tenants on, 1 not on" in totals and "Not added up" in totals
        figure = screen.query_one("#figure", Select).value
        assert figure in screen.report.totals  # the chart opens on a figure that adds up
        chart = drawn(screen, "by-tenant")
        assert "By tenant" in chart and "Yinchuan FTU" in chart and "Xixia" not in chart
        # Ctrl+S saves the table as shown: the rollup's export for that year
        screen.table.focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        [saved] = exported(tui_home)
        sheet = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
        assert [row[1] for row in sheet[1:3]] == [parent.slug, child.slug]

        await open_area(app, pilot, "region")
        region = app.screen
        assert isinstance(region, RegionScreen) and not region.rollup
        await until(pilot, lambda: region.report is not None, "the region")  # orgs, this year: every tenant
        assert region.report.module == "orgs" and region.report.root is None
        assert {parent.slug, child.slug} <= {row.key.value for row in region.table.ordered_rows}
        assert "Tenants on, by day" in drawn(region, "adoption")
        assert "Yinchuan FTU" in str(region.query_one("#adopters", Static).render())
        region.query_one("#module", Select).value = "audit"  # off in Xixia: named, not by its slug
        await settle(pilot)
        await until(pilot, lambda: "Xixia FTU" in str(region.query_one("#adopters", Static).render()), "Xixia off")
        adopters = str(region.query_one("#adopters", Static).render())
        assert child.slug not in adopters
        # audit's pioneer: Wuzhong's tenant by its name, or the city as the module registry names it
        assert "Pioneer: Wuzhong" in adopters and "wuzhong" not in adopters


async def free_year() -> int:
    """A review year no other test has taken (reviews are the platform's, shared by the session)."""
    year = next(_years)
    while await DB.run_ddl(f"SELECT 1 FROM platform.review WHERE year = {year}"):
        year = next(_years)
    return year


async def deadline_passes(year: int) -> None:
    """The day after the review's deadline comes: its published deadline becomes yesterday (the
    database keeps a published deadline, so its triggers are left out of this one statement)."""
    yesterday = today() - dt.timedelta(days=1)
    async with DB.pool.acquire() as c, c.transaction():
        await c.execute("SET LOCAL session_replication_role = replica")
        await c.execute("UPDATE platform.review SET deadline = $1 WHERE year = $2", yesterday, year)


async def test_the_platform_admin_creates_a_review_sets_its_criteria_opens_it_and_closes_nominations(
    make_tui, make_token
):
    year = await free_year()
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "review")
        board = app.screen
        assert isinstance(board, ReviewBoard)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReviewForm)
        form.query_one("#year", Input).value = str(year)
        form.query_one("#title_zh", Input).value = "创新项目评选"
        form.query_one("#title_en", Input).value = "Innovation review"
        form.query_one("#deadline", Input).value = (today() - dt.timedelta(days=1)).isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "before today" in error_under(form, "deadline")  # the API's word
        form.query_one("#deadline", Input).value = today().isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await until(pilot, lambda: board.review() is not None and board.review().year == year, "the new review")
        assert board.check_action("open_review", ()) and not board.check_action("close_nominations", ())
        await pilot.press("d")  # a draft's deadline moves: not into the past
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditReviewForm)
        form.query_one("#deadline", Input).value = (today() - dt.timedelta(days=1)).isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "before today" in error_under(form, "deadline")
        later = today() + dt.timedelta(days=3)
        form.query_one("#deadline", Input).value = later.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await until(pilot, lambda: board.review().deadline == later, "the deadline moved")
        assert later.isoformat() in str(board.query_one("#review-line", Static).render())

        await pilot.press("k")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CriteriaForm)
        for field, value in {"c0_name_zh": "创新性", "c0_name_en": "Novelty", "c0_max_score": "40"}.items():
            form.query_one(f"#{field}", Input).value = value
        for field, value in {"c1_name_zh": "实施效果", "c1_name_en": "Results", "c1_max_score": "150"}.items():
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "100" in error_under(form, "c1_max_score")  # the API's: full marks ≤ 100
        assert not error_under(form, "c0_max_score")
        form.query_one("#c1_max_score", Input).value = "60"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await until(pilot, lambda: len(board.review().criteria) == 2, "the criteria")
        assert "Novelty (of 40)" in str(board.query_one("#review-line", Static).render())

        await pilot.press("o")
        await settle(pilot)
        await pilot.press("y")  # publish the criteria: asked first
        await until(pilot, lambda: board.review().state == "open", "the review open")
        await deadline_passes(year)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await until(pilot, lambda: board.review().state == "scoring", "nominations closed")
    done = await review.get_review(year)
    assert (done.state, [(c.name_en, c.max_score) for c in done.criteria]) == (
        "scoring",
        [("Novelty", 40), ("Results", 60)],
    )


async def test_a_reviewer_scores_and_sees_the_field_error_under_the_criterion(
    make_tui, make_token, make_tenant, tui_home
):
    year = await free_year()
    tenant = await make_tenant(modules=["orgs"], name_zh="吴忠市总工会")
    await review.create_review(review.ReviewIn(year, "创新项目评选", "Innovation review", today()))
    criteria = [review.CriterionIn("创新性", "Novelty", 40), review.CriterionIn("实施效果", "Results", 60)]
    novelty, results = (await review.set_criteria(year, review.CriteriaIn(criteria))).criteria
    await review.open_review(year)
    made = await review.create_nomination(year, tenant.slug, review.NominationIn(title="三单四制", module="orgs"), None)
    await review.submit_nomination(year, tenant.slug, made.id)
    await review.close_nominations(year, on=today() + dt.timedelta(days=1))

    app = make_tui(await make_token("reviewer", name="评审专家丙"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, ReviewBoard) and [a.id for a in app.areas()] == ["review"]
        board.query_one("#year", Select).value = year
        await settle(pilot)
        await until(pilot, lambda: str(made.id) in board.records, "the submitted nomination")
        board.table.move_cursor(row=board.table.get_row_index(str(made.id)))
        board.table.focus()
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ScoreForm)
        form.query_one(f"#score_{novelty.id}", Input).value = "50"  # above the criterion's 40
        form.query_one(f"#score_{results.id}", Input).value = "55"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "40" in error_under(form, f"score_{novelty.id}") and not error_under(form, f"score_{results.id}")
        form.query_one(f"#score_{novelty.id}", Input).value = "35"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
    standing = next(s for s in await review.standings(year) if s.nomination == made.id)
    assert (standing.total, standing.reviewers, standing.scores) == (90.0, 1, 2)

    # the platform admin publishes the selection ticked among the standings, then reads the result
    app = make_tui(await make_token("platform_admin"))
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "review")
        board = app.screen
        board.query_one("#year", Select).value = year
        await settle(pilot)
        await until(pilot, lambda: str(made.id) in board.records, "the nomination")
        row = board.table.get_row(str(made.id))
        assert row[5] == "90"  # every score: the total
        assert (row[0], row[2]) == ("Test FTU", "Organisations & members")  # in words, not codes
        board.table.focus()
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PublishForm)
        form.query_one("#nominations", SelectionList).select(made.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        await until(pilot, lambda: str(made.id) in app.screen.records, "the result")
        app.screen.table.focus()
        await pilot.press("ctrl+s")  # the result as XLSX
        await settle(pilot)
        [saved] = exported(tui_home)
        assert list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))[1][3] == "三单四制"
    assert [n.id for n in (await review.result(year)).selected] == [made.id]


async def test_a_tenant_admin_files_and_submits_a_nomination_with_its_claims(make_tui, make_token, make_tenant):
    # reps and pairing: modules with few figures, so each form mounts few inputs (an input per
    # figure: what is asserted holds for any module, and mounting is most of a pilot's time)
    year = await free_year()
    tenant = await make_tenant(modules=["orgs", "reps", "pairing"], name_zh="石嘴山市总工会")
    await review.create_review(review.ReviewIn(year, "创新项目评选", "Innovation review", today()))
    await review.set_criteria(year, review.CriteriaIn([review.CriterionIn("创新性", "Novelty", 100)]))
    await review.open_review(year)

    app = make_tui(await make_token("tenant_admin", tenant.slug), tenant=tenant.slug)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(app, pilot, "core.review")
        board = app.screen
        assert isinstance(board, ReviewBoard) and not board.panel
        board.query_one("#year", Select).value = year
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NominationForm)
        form.query_one("#title", Input).value = "三单四制"
        form.query_one("#module", Select).value = "reps"
        await settle(pilot)
        # an input per figure of the module chosen, by its label and the unit it is entered in
        loss = form.query_one("#claim__reps__loss_avoided_fen", Input)
        assert not form.query("#claim__pairing__programmes")  # only the chosen module's
        labels = [str(w.render()) for w in form.query(".claim.field-label")]
        assert "Claimed · Loss avoided (yuan)" in labels and len(labels) == 14
        loss.value = "12.345"  # not an amount in yuan: refused before the API sees it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "1200.50" in error_under(form, "claim__reps__loss_avoided_fen")
        loss.value = "-5"  # an amount, but the API takes no claim below zero: its word under the field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_under(form, "claim__reps__loss_avoided_fen")
        loss.value = "1,200.50"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await until(pilot, lambda: len(board.records) == 1, "the new nomination")
        [first] = (await review.tenant_nominations(year, tenant.slug)).items
        assert [(c.figure, c.claimed) for c in first.figures] == [("loss_avoided_fen", 120050)]  # fen

        # a claim of a figure the module's report no longer has (stored before a figure was
        # retired: the API refuses such a code at filing): the form says it is not kept
        await DB.run_ddl(
            "INSERT INTO platform.nomination_figure (nomination, position, figure, claimed) "
            f"VALUES ({first.id}, 2, 'retired_figure', 7)"
        )
        board.action_refresh()
        await settle(pilot)

        # rewritten on pairing: its figures' inputs, "many" refused under one, then a number
        board.table.focus()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NominationForm)
        assert form.query_one("#claim__reps__loss_avoided_fen", Input).value == "1200.50"  # in yuan
        about = str(form.query_one(".form-about", Static).render())
        assert "not kept" in about and "retired_figure = 7" in about and "Loss avoided" not in about
        form.query_one("#module", Select).value = "pairing"
        await settle(pilot)
        programmes = form.query_one("#claim__pairing__programmes", Input)
        assert not form.query("#claim__reps__loss_avoided_fen")
        programmes.value = "many"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "number" in error_under(form, "claim__pairing__programmes")
        programmes.value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        await until(pilot, lambda: next(iter(board.records.values())).module == "pairing", "rewritten")
        board.table.focus()
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")  # claimed beside computed, each figure by its label
        await settle(pilot)
        claims = app.screen.query_one("#claims", DataTable)
        assert [claims.get_row_at(0)] == [["Programmes", "0", "0", "✓"]]
    [mine] = (await review.tenant_nominations(year, tenant.slug)).items
    assert (mine.title, mine.module, mine.state) == ("三单四制", "pairing", "submitted")
    assert [(c.figure, c.claimed) for c in mine.figures] == [("programmes", 0)]


def test_a_claim_being_edited_is_written_as_it_is_typed():
    unit = {u: FigureLabel("", "", u) for u in ("fen", "ratio", "count")}
    assert entered(120050, unit["fen"]) == 120050  # fen: the money input shows it as 1200.50 yuan
    assert [entered(v, unit["ratio"]) for v in (0, 0.875, 1)] == ["0", "87.5", "100"]  # a percent
    assert [entered(v, unit["count"]) for v in (1234567, 2.5)] == ["1234567", "2.5"]  # whole, never 1.23e+06
