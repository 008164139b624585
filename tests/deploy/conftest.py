"""Helpers for the deployment tests: a throwaway database on the session's PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from server.infra import db
from server.settings import Settings


def with_database(url: str, name: str) -> str:
    """`url` naming database `name` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
async def empty_database(settings: Settings) -> AsyncIterator[str]:
    """The URL of a new, empty database on the session's PostgreSQL, dropped afterwards."""
    name = f"deploy_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(**db.asyncpg_config(settings.database_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield with_database(settings.database_url, name)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
