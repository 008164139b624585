"""Skills routes under `/api/v1/t/{tenant}/`: courses, trainers, training projects and their review,
course orders, sessions and attendance, working hours, drills, competitions, recommendations,
certificates (and their import), reward rules, honours and reward runs. Thin: parse, guard, call
the service."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from msgspec import Meta

from server.infra.pagination import Page, page_of
from server.infra.params import Cursor, Id, Limit, OptCode, OptFilename, OptId, OptYear
from server.modules.skills import service
from server.modules.skills.service import (
    AdjustIn,
    AttendanceIn,
    CertificateIn,
    CertificateOut,
    CertificateRecorded,
    CompetitionIn,
    CompetitionOut,
    CourseIn,
    CourseOut,
    DrillIn,
    DrillOut,
    EntryIn,
    HonourIn,
    HonourOut,
    ImportOut,
    OrderIn,
    OrderOut,
    ProjectIn,
    ProjectOut,
    RecommendationIn,
    RecommendationOut,
    ResultIn,
    ReviewIn,
    RuleIn,
    RuleOut,
    RunIn,
    RunLineOut,
    RunOut,
    SessionIn,
    SessionOut,
    ShiftIn,
    ShiftOut,
    TrainerIn,
    TrainerOut,
)
from server.platform.auth import ADMINS, STAFF, TenantScope, roles
from server.platform.roles import Actor, Role

OFFICERS = roles(Role.tenant_admin, Role.org_officer)


class CourseController(Controller):
    """订单式课程 The course catalogue (综合素质, 技能提升, 安全法律法规)."""

    path = "/courses"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Add a course to the catalogue")
    async def create(self, data: CourseIn, actor: Actor, in_tenant: TenantScope) -> CourseOut:
        async with in_tenant:
            return await service.create_course(data, actor)

    @get("/", summary="The course catalogue")
    async def list_courses(
        self, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None, category: OptCode = None
    ) -> Page[CourseOut]:
        async with in_tenant:
            return await service.list_courses(category=category, limit=limit, cursor=cursor)

    @get("/{course_id:int}", summary="Show a course")
    async def show(self, course_id: Id, in_tenant: TenantScope) -> CourseOut:
        async with in_tenant:
            return await service.get_course(course_id)


class TrainerController(Controller):
    """培训师智库 The trainer pool (点将式)."""

    path = "/trainers"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Add a trainer to the pool")
    async def create(self, data: TrainerIn, actor: Actor, in_tenant: TenantScope) -> TrainerOut:
        async with in_tenant:
            return await service.create_trainer(data, actor)

    @get("/", summary="The trainer pool, by speciality")
    async def list_trainers(
        self, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None, speciality: OptCode = None
    ) -> Page[TrainerOut]:
        async with in_tenant:
            return await service.list_trainers(speciality=speciality, limit=limit, cursor=cursor)

    @get("/{trainer_id:int}", summary="Show a trainer")
    async def show(self, trainer_id: Id, in_tenant: TenantScope) -> TrainerOut:
        async with in_tenant:
            return await service.get_trainer(trainer_id)

    @get("/{trainer_id:int}/calendar", summary="A trainer's bookings between two times")
    async def calendar(
        self,
        trainer_id: Id,
        actor: Actor,
        in_tenant: TenantScope,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        limit: Limit = 100,
        cursor: Cursor = None,
    ) -> Page[SessionOut]:
        async with in_tenant:
            return await service.list_sessions(
                trainer_id=trainer_id, start=start, end=end, actor=actor, limit=limit, cursor=cursor
            )


class ProjectController(Controller):
    """点题式 Training projects: declared, reviewed, carried out, supervised."""

    path = "/training-projects"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Declare a training project (waits for review)")
    async def declare(self, data: ProjectIn, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.declare_project(data, actor)

    @get("/", summary="Projects (state=declared is the review queue)")
    async def list_projects(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        limit: Limit = 50,
        cursor: Cursor = None,
        project_state: Annotated[str | None, Parameter(query="state", max_length=64)] = None,
    ) -> Page[ProjectOut]:
        async with in_tenant:
            return await service.list_projects(state=project_state, actor=actor, limit=limit, cursor=cursor)

    @get("/{project_id:int}", summary="A project with its sessions, person-times, spend, feedback and events")
    async def show(self, project_id: Id, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.get_project(project_id, actor)

    @post("/{project_id:int}/review", status_code=200, guards=[ADMINS], summary="Approve, return or reject")
    async def review(self, project_id: Id, data: ReviewIn, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.review_project(project_id, data, actor)

    @post("/{project_id:int}/redeclare", status_code=200, guards=[OFFICERS], summary="Declare a returned project again")
    async def redeclare(self, project_id: Id, data: ProjectIn, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.redeclare_project(project_id, data, actor)

    @post("/{project_id:int}/start", status_code=200, guards=[OFFICERS], summary="Carry out an approved project")
    async def start(self, project_id: Id, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.start_project(project_id, actor)

    @post("/{project_id:int}/adjustments", status_code=200, guards=[OFFICERS], summary="Record a dated adjustment")
    async def adjust(self, project_id: Id, data: AdjustIn, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.adjust_project(project_id, data, actor)

    @post("/{project_id:int}/complete", status_code=200, guards=[OFFICERS], summary="Complete a running project")
    async def complete(self, project_id: Id, actor: Actor, in_tenant: TenantScope) -> ProjectOut:
        async with in_tenant:
            return await service.complete_project(project_id, actor)


class OrderController(Controller):
    """点菜式 Course orders of enterprise unions."""

    path = "/course-orders"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Order catalogue courses for a unit's workers")
    async def create(self, data: OrderIn, actor: Actor, in_tenant: TenantScope) -> OrderOut:
        async with in_tenant:
            return await service.order_courses(data, actor)

    @get("/", summary="Course orders")
    async def list_orders(
        self, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[OrderOut]:
        async with in_tenant:
            return await service.list_orders(actor=actor, limit=limit, cursor=cursor)

    @get("/{order_id:int}", summary="Show an order")
    async def show(self, order_id: Id, actor: Actor, in_tenant: TenantScope) -> OrderOut:
        async with in_tenant:
            return await service.get_order(order_id, actor)


class SessionController(Controller):
    """培训场次 Sessions: the schedule, trainer bookings, off-hours delivery, attendance."""

    path = "/training-sessions"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Schedule a session and book its trainer (409 trainer_busy on overlap)")
    async def book(self, data: SessionIn, actor: Actor, in_tenant: TenantScope) -> SessionOut:
        async with in_tenant:
            return await service.book_session(data, actor)

    @get("/", summary="The schedule (off_hours marks sessions at the workplace outside working hours)")
    async def schedule(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        org_id: OptId = None,
        trainer_id: OptId = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[SessionOut]:
        async with in_tenant:
            return await service.list_sessions(
                org_id=org_id, trainer_id=trainer_id, start=start, end=end, actor=actor, limit=limit, cursor=cursor
            )

    @get("/{session_id:int}", summary="Show a session")
    async def show(self, session_id: Id, actor: Actor, in_tenant: TenantScope) -> SessionOut:
        async with in_tenant:
            return await service.get_session(session_id, actor)

    @post("/{session_id:int}/cancel", status_code=200, guards=[OFFICERS], summary="Cancel: frees the trainer")
    async def cancel(self, session_id: Id, actor: Actor, in_tenant: TenantScope) -> SessionOut:
        async with in_tenant:
            return await service.cancel_session(session_id, actor)

    @post(
        "/{session_id:int}/attendance",
        status_code=200,
        guards=[OFFICERS],
        summary="Roster and feedback, or a head count",
    )
    async def attendance(self, session_id: Id, data: AttendanceIn, actor: Actor, in_tenant: TenantScope) -> SessionOut:
        async with in_tenant:
            return await service.record_attendance(session_id, data, actor)


class ShiftController(Controller):
    """上班时间 An enterprise's working hours (off-hours sessions fall outside them)."""

    path = "/work-shifts"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", status_code=200, guards=[OFFICERS], summary="Set a unit's working hours")
    async def set_shift(self, data: ShiftIn, actor: Actor, in_tenant: TenantScope) -> ShiftOut:
        async with in_tenant:
            return await service.set_shift(data, actor)


class DrillController(Controller):
    """岗位练兵 Drill sessions."""

    path = "/drills"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Record a drill session")
    async def create(self, data: DrillIn, actor: Actor, in_tenant: TenantScope) -> DrillOut:
        async with in_tenant:
            return await service.record_drill(data, actor)

    @get("/", summary="Drill sessions")
    async def list_drills(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        year: OptYear = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[DrillOut]:
        async with in_tenant:
            return await service.list_drills(year=year, actor=actor, limit=limit, cursor=cursor)


class CompetitionController(Controller):
    """劳动竞赛 技能大赛 Competitions: enterprises, participants, results."""

    path = "/competitions"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Create a competition")
    async def create(self, data: CompetitionIn, actor: Actor, in_tenant: TenantScope) -> CompetitionOut:
        async with in_tenant:
            return await service.create_competition(data, actor)

    @get("/", summary="Competitions with their participation")
    async def list_competitions(
        self, in_tenant: TenantScope, year: OptYear = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[CompetitionOut]:
        async with in_tenant:
            return await service.list_competitions(year=year, limit=limit, cursor=cursor)

    @get("/{competition_id:int}", summary="Show a competition")
    async def show(self, competition_id: Id, in_tenant: TenantScope) -> CompetitionOut:
        async with in_tenant:
            return await service.get_competition(competition_id)

    @post("/{competition_id:int}/entries", status_code=200, guards=[ADMINS], summary="Add participating enterprises")
    async def entries(
        self,
        competition_id: Id,
        data: Annotated[list[EntryIn], Meta(max_length=10_000)],
        actor: Actor,
        in_tenant: TenantScope,
    ) -> CompetitionOut:
        async with in_tenant:
            return await service.add_entries(competition_id, data, actor)

    @post("/{competition_id:int}/results", status_code=200, guards=[ADMINS], summary="Record ranks and prizes")
    async def results(
        self,
        competition_id: Id,
        data: Annotated[list[ResultIn], Meta(max_length=10_000)],
        actor: Actor,
        in_tenant: TenantScope,
    ) -> CompetitionOut:
        async with in_tenant:
            return await service.record_results(competition_id, data, actor)


class RecommendationController(Controller):
    """推荐参赛 Members recommended to regional and national contests."""

    path = "/contest-recommendations"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Recommend a member to a regional or national contest")
    async def create(self, data: RecommendationIn, actor: Actor, in_tenant: TenantScope) -> RecommendationOut:
        async with in_tenant:
            return await service.recommend(data, actor)

    @get("/", summary="Recommendations")
    async def list_recommendations(
        self, actor: Actor, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[RecommendationOut]:
        async with in_tenant:
            return await service.list_recommendations(actor=actor, limit=limit, cursor=cursor)


class CertificateController(Controller):
    """晋级 Certificates: recorded or imported; each raises the member's level."""

    path = "/certificates"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[OFFICERS], summary="Record a certificate (raises the member's level)")
    async def create(self, data: CertificateIn, actor: Actor, in_tenant: TenantScope) -> CertificateRecorded:
        async with in_tenant:
            return await service.record_certificate(data, actor)

    @post(
        "/import",
        status_code=200,
        guards=[OFFICERS],
        request_max_body_size=64 * 1024 * 1024,
        summary="Import certificates from CSV or XLSX (multipart `file` or the raw body): all or nothing",
    )
    async def import_certificates(
        self, request: Request, actor: Actor, in_tenant: TenantScope, filename: OptFilename = None
    ) -> ImportOut:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            upload = (await request.form()).get("file")
            content = b"" if upload is None or isinstance(upload, str) else await upload.read()
            filename = None if upload is None or isinstance(upload, str) else upload.filename
        else:
            content = await request.body()
        async with in_tenant:
            return await service.import_certificates(content, filename, actor)

    @get("/", summary="Certificates")
    async def list_certificates(
        self,
        actor: Actor,
        in_tenant: TenantScope,
        member_id: OptId = None,
        year: OptYear = None,
        level: Annotated[int | None, Parameter(ge=1, le=5)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> Page[CertificateOut]:
        async with in_tenant:
            return await service.list_certificates(
                member_id=member_id, year=year, level_=level, actor=actor, limit=limit, cursor=cursor
            )

    @get("/{certificate_id:int}", summary="Show a certificate")
    async def show(self, certificate_id: Id, actor: Actor, in_tenant: TenantScope) -> CertificateOut:
        async with in_tenant:
            return await service.get_certificate(certificate_id, actor)


class RewardRuleController(Controller):
    """凤城工匠助推奖励 Reward rules, versioned by effective date."""

    path = "/reward-rules"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Add a rule version")
    async def create(self, data: RuleIn, actor: Actor, in_tenant: TenantScope) -> RuleOut:
        async with in_tenant:
            return await service.create_rule(data, actor)

    @get("/", summary="Every rule version")
    async def list_rules(self, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None) -> Page[RuleOut]:
        async with in_tenant:
            return page_of(await service.list_rules(), limit=limit, cursor=cursor)


class HonourController(Controller):
    """凤城工匠 十佳五小 Named honours with their own awards."""

    path = "/honours"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Award an honour (paid by the next reward run)")
    async def create(self, data: HonourIn, actor: Actor, in_tenant: TenantScope) -> HonourOut:
        async with in_tenant:
            return await service.award_honour(data, actor)

    @get("/", summary="Honours")
    async def list_honours(
        self, in_tenant: TenantScope, year: OptYear = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[HonourOut]:
        async with in_tenant:
            return await service.list_honours(year=year, limit=limit, cursor=cursor)


class RewardRunController(Controller):
    """奖励发放 Reward runs: compute, preview, approve (pays through the disbursement engine)."""

    path = "/reward-runs"
    tags = ["skills"]
    guards = [STAFF]

    @post("/", guards=[ADMINS], summary="Compute who is owed what (a run in preview)")
    async def create(self, data: RunIn, actor: Actor, in_tenant: TenantScope) -> RunOut:
        async with in_tenant:
            return await service.create_run(data, actor)

    @get("/", summary="Reward runs")
    async def list_runs(
        self, in_tenant: TenantScope, year: OptYear = None, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[RunOut]:
        async with in_tenant:
            return await service.list_runs(year=year, limit=limit, cursor=cursor)

    @get("/{run_id:int}", summary="The preview: totals by level and rule version, honours, payment progress")
    async def show(self, run_id: Id, in_tenant: TenantScope) -> RunOut:
        async with in_tenant:
            return await service.get_run(run_id)

    @get("/{run_id:int}/lines", summary="The run's lines")
    async def lines(
        self, run_id: Id, in_tenant: TenantScope, limit: Limit = 50, cursor: Cursor = None
    ) -> Page[RunLineOut]:
        async with in_tenant:
            return await service.run_lines(run_id, limit=limit, cursor=cursor)

    @post("/{run_id:int}/approve", status_code=200, guards=[ADMINS], summary="Approve: one payout batch, queued")
    async def approve(self, run_id: Id, actor: Actor, in_tenant: TenantScope) -> RunOut:
        async with in_tenant:
            return await service.approve_run(run_id, actor)

    @post("/{run_id:int}/cancel", status_code=200, guards=[ADMINS], summary="Drop a run in preview")
    async def cancel(self, run_id: Id, actor: Actor, in_tenant: TenantScope) -> RunOut:
        async with in_tenant:
            return await service.cancel_run(run_id, actor)


CONTROLLERS = [
    CourseController,
    TrainerController,
    ProjectController,
    OrderController,
    SessionController,
    ShiftController,
    DrillController,
    CompetitionController,
    RecommendationController,
    CertificateController,
    RewardRuleController,
    HonourController,
    RewardRunController,
]
