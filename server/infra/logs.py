"""Structured logs (structlog): one line per request with tenant, route, status, duration."""

from __future__ import annotations

import logging
import sys
import time
from typing import cast

import structlog
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

_configured = False


def configure(level: str = "info") -> None:
    global _configured
    if _configured:
        return
    _configured = True
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


access = structlog.get_logger("saishang.access")


def request_log(app: ASGIApp) -> ASGIApp:
    """ASGI middleware; Litestar's own logging middleware writes a request and a
    response line separately, without the duration, so we write the one line ourselves."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        method = cast("HTTPScope", scope)["method"]  # an HTTP scope: the line above
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            access.info(
                "request",
                method=method,
                route=scope.get("path_template") or scope["path"],
                path=scope["path"],
                tenant=(scope.get("path_params") or {}).get("tenant"),
                status=status,
                duration_ms=round((time.perf_counter() - start) * 1000, 2),
            )

    return middleware
