"""Counting the SQL statements a piece of work issues (tests and benchmarks use it
to show that plans and imports do not grow their statement count with their size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from server.infra.tenancy import conn


class StatementCount:
    def __init__(self) -> None:
        self.n = 0
        self.queries: list[str] = []


@contextmanager
def count_statements() -> Iterator[StatementCount]:
    """Count statements on the current tenant transaction's connection."""
    counter = StatementCount()

    def log(record) -> None:
        counter.n += 1
        counter.queries.append(record.query)

    c = conn()
    c.add_query_logger(log)
    try:
        yield counter
    finally:
        c.remove_query_logger(log)
