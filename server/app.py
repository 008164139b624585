"""The app factory: `create_app(settings) -> Litestar`."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from typing import Any

import msgspec
from litestar import Litestar, Router, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.response import Response
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from redis.asyncio import Redis
from swagger_ui_bundle import swagger_ui_path

from server.bot import api as bot_api
from server.bot import health as bot_health
from server.bot.store import OutboxHealth
from server.infra import db, edge, logs
from server.infra.problems import EXCEPTION_HANDLERS
from server.infra.secrets import current_key
from server.infra.tenancy import hold_for_request
from server.modules import registry
from server.platform import docs, exports, keys, service
from server.platform.api import (
    AdoptionController,
    PlatformEventController,
    PlatformTokenController,
    TenantAccessController,
    TenantController,
    whoami,
)
from server.platform.auth import SCOPE, module_opt, provide_actor, provide_scope, tenant_access
from server.reports import RegionReportController, ReportController
from server.review import PanelReviewController, TenantReviewController
from server.search import SearchController
from server.settings import Settings

WORKER_STALE_AFTER = dt.timedelta(seconds=90)
DOCS_STATIC = "/schema/static"


class Check(msgspec.Struct):
    ok: bool
    detail: str = ""
    last_seen: dt.datetime | None = None


class Readiness(msgspec.Struct):
    ready: bool
    postgres: Check
    redis: Check
    worker: Check
    bot: Check  # red when sending to Telegram fails in some tenant (does not gate readiness)
    outboxes: list[OutboxHealth]  # per tenant with a bot: backlog, failures, the last send error


@get("/healthz", tags=["health"], summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", tags=["health"], summary="Readiness: PostgreSQL, Redis, the worker heartbeat and the bot's outboxes")
async def readyz(state: State) -> Response[Readiness]:
    now = dt.datetime.now(dt.UTC)
    try:
        await db.DB.run_ddl("SELECT 1")
        pg = Check(True, "ok", now)
    except Exception as exc:  # readiness reports failures, it doesn't raise them
        pg = Check(False, f"{type(exc).__name__}: {exc}")
    try:
        await state.redis.ping()
        rd = Check(True, "ok", now)
    except Exception as exc:
        rd = Check(False, f"{type(exc).__name__}: {exc}")
    try:
        beat = await service.last_beat() if pg.ok else None
        if beat is None:
            wk = Check(False, "no heartbeat yet")
        else:
            fresh = now - beat["beat_at"] < WORKER_STALE_AFTER
            wk = Check(fresh, f"{beat['worker']} {'alive' if fresh else 'silent'}", beat["beat_at"])
    except Exception as exc:
        wk = Check(False, f"{type(exc).__name__}: {exc}")
    outboxes: list[OutboxHealth] = []
    try:
        if pg.ok:
            outboxes = await bot_health.outboxes()
            ok, detail = bot_health.summary(outboxes)
            bt = Check(ok, detail, now)
        else:
            bt = Check(False, "no database")
    except Exception as exc:
        bt = Check(False, f"{type(exc).__name__}: {exc}")
    # The worker's beat and the bot are reported but don't gate readiness: the API serves without them.
    body = Readiness(ready=pg.ok and rd.ok, postgres=pg, redis=rd, worker=wk, bot=bt, outboxes=outboxes)
    return Response(body, status_code=200 if body.ready else HTTP_503_SERVICE_UNAVAILABLE)


def platform_codes() -> dict[str, Any]:
    """The words of the platform's code columns, a module's name among them (from the registry:
    the platform imports no module)."""
    return exports.module_codes({m.name: (m.title_zh, m.title_en) for m in registry.CATALOG})


def tenant_router() -> Router:
    # The bot is the platform's channel: its routes answer whichever modules the tenant has on.
    # Every paged list and every report also answers as XLSX at `…/export` (server.platform.exports).
    own = [TenantAccessController, ReportController, TenantReviewController, SearchController, *bot_api.CONTROLLERS]
    handlers: list = [
        *own,
        *exports.siblings(own, exports.PLATFORM, platform_codes()),
    ]
    for module in registry.modules().values():
        if not module.controllers:
            continue
        opt = {} if module.always_on else module_opt(module.name)
        routes: list[Any] = [*module.controllers, *exports.siblings(module.controllers, module.columns, module.codes)]
        handlers.append(Router(path="/", route_handlers=routes, opt=opt))
    return Router(
        path="/api/v1/t/{tenant:str}",
        route_handlers=handlers,
        guards=[tenant_access],
        middleware=[hold_for_request],
        dependencies={"actor": Provide(provide_actor), SCOPE: Provide(provide_scope)},
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    logs.configure(settings.log_level)

    async def startup(app: Litestar) -> None:
        if settings.database_url:
            await db.connect(settings.database_url, max_size=settings.db_pool_max)
            await keys.verify(current_key())  # `serve` checked already; this guards any other host
        app.state.redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        if not gc.get_freeze_count():
            # What start-up loaded (modules, routes, the API schema: some 250,000 objects) lives as
            # long as the process: out of the collector's full passes, which walked it all and held
            # every request for 80-150 ms while an export read 66,000 members (gc.freeze; once a
            # process, a fresh app in the same process finds it done).
            gc.collect()
            gc.freeze()
            # A worker thread (an export's first rows, a small export's file, a download's reads)
            # must hand the interpreter back to the event loop: every millisecond, not Python's
            # default five, so no request waits behind one for longer.
            sys.setswitchinterval(0.001)

    async def shutdown(app: Litestar) -> None:
        if app.state.redis is not None:
            await app.state.redis.aclose()

    platform = Router(
        path="/api/v1/platform",
        route_handlers=[
            TenantController,
            PlatformTokenController,
            AdoptionController,
            RegionReportController,
            PanelReviewController,
            PlatformEventController,
            *exports.siblings(
                [
                    TenantController,
                    PlatformTokenController,
                    AdoptionController,
                    RegionReportController,
                    PanelReviewController,
                    PlatformEventController,
                ],
                exports.PLATFORM,
                platform_codes(),
            ),
        ],
        dependencies={"actor": Provide(provide_actor)},
    )
    app = Litestar(
        route_handlers=[
            healthz,
            readyz,
            whoami,
            platform,
            tenant_router(),
            create_static_files_router(
                path=DOCS_STATIC, directories=[swagger_ui_path], include_in_schema=False, name="docs-static"
            ),
            *extra_routes(settings),
        ],
        # The edge's check (NUL, lone surrogates, nesting, strict numbers, date and id ranges) for
        # every route, including those that never authenticate (Telegram's webhook, health).
        guards=[edge.refuse_bad_input],
        on_startup=[startup],
        on_shutdown=[shutdown],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[logs.request_log],
        plugins=[docs.MetaSchemaPlugin(), docs.TimeOfDaySchemaPlugin()],
        state=State({"settings": settings, "redis": None}),
        openapi_config=docs.config(
            title="Saishang 塞上 API",
            version="1.0.0",
            description="Multi-tenant platform for Ningxia trade-union federations.",
            path="/schema",
            # Swagger UI's scripts and styles are served by the app (`/schema/static`), never a CDN:
            # the docs page works on an intranet with no internet.
            render_plugins=[
                SwaggerRenderPlugin(
                    path=["/", "/swagger"],
                    js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
                    css_url=f"{DOCS_STATIC}/swagger-ui.css",
                    standalone_preset_js_url=f"{DOCS_STATIC}/swagger-ui-standalone-preset.js",
                    favicon=f"<link rel='icon' type='image/png' href='{DOCS_STATIC}/favicon-32x32.png'>",
                ),
                JsonRenderPlugin(),
            ],
        ),
        debug=False,
    )
    docs.finish(app)
    return app


def extra_routes(settings: Settings) -> list:
    """Routes outside the API tree: the bot channel's (Telegram's webhook) and each module's."""
    return [*bot_api.ROUTES, *(route for m in registry.modules().values() for route in m.routes)]
