"""A download in a process of its own, as another user's browser would make it: `bench.export`
measures `GET /me` from its own process while this one takes the file, so the bench's event loop
never spends time on the file it measures the API's answers against. The process starts (the
interpreter, its imports, the database connection) before it is measured: it prints "ready" and
waits for a line on stdin, so the starting of a Python process is not counted against the API.

    python -m bench._fetch URL TOKEN     # prints "ready", then "<bytes> <seconds>"
    python -m bench._fetch --copy QUERY  # PostgreSQL alone: COPY the rows to nowhere, COPIES times
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request


def ready() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def download(url: str, token: str) -> None:
    ready()
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as r:
        assert r.status == 200, r.status
        while chunk := r.read(1 << 16):
            size += len(chunk)
    print(size, time.perf_counter() - started)


COPIES = 5  # one COPY takes 0.2-0.4 s: too few /me answers for a p99; five in a row make a floor


async def copy(query: str) -> None:
    import asyncpg

    from server.infra.db import asyncpg_config

    connection = await asyncpg.connect(**asyncpg_config(os.environ["DATABASE_URL"]))
    await asyncio.to_thread(ready)
    started = time.perf_counter()
    try:
        for _ in range(COPIES):
            await connection.copy_from_query(query, output=os.devnull, format="csv")
    finally:
        await connection.close()
    print(0, time.perf_counter() - started)


if __name__ == "__main__":
    if sys.argv[1] == "--copy":
        asyncio.run(copy(sys.argv[2]))
    else:
        download(sys.argv[1], sys.argv[2])
