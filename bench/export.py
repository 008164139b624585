"""The member export of 66,000 members as XLSX and as CSV through the API, and the p99 of a
concurrent `GET /me` while each is written, against its p99 with the API idle just before.

The file is taken by another process (bench/_fetch.py), as another user would take it, so this
process only asks `/me`. A third measurement is the floor: PostgreSQL alone reading the same
rows (COPY of the export's own query to nowhere, five times in a row, no API involved) while
`/me` is asked. On a machine with few cores that alone slows `/me` (the database's reading
competes with the API and PostgreSQL's `/me` work for the cores); the export's ratio beside the
floor's is what the API's own share of the export costs other requests.

    .venv/bin/python -m bench.export [MEMBERS]
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from bench._api_env import SLUG, Load, free_port, load, process, saishang_api, system
from bench._fetch import COPIES
from server.modules.orgs.export_shape import EXPORT_SELECT
from server.modules.orgs.service.common import ACTIVE


async def fetch(env: dict[str, str], *argv: str) -> Callable[[], Awaitable[tuple[int, float]]]:
    """Start bench._fetch and wait until it is ready; the work returned tells it to go."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench._fetch",
        *argv,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    assert await child.stdout.readline() == b"ready\n", f"bench._fetch {argv[0]} did not start"

    async def go() -> tuple[int, float]:
        out, _ = await child.communicate(b"go\n")
        assert child.returncode == 0, f"bench._fetch {argv[0]} failed"
        size, took = out.split()
        return int(size), float(took)

    return go


async def during(me: str, headers: dict[str, str], work: Callable[[], Awaitable[tuple[int, float]]]) -> tuple:
    """The idle `/me` just before, then `/me` asked in a loop while `work` runs."""
    idle = await load(me, headers, 1, 3)
    done = asyncio.Event()

    async def run() -> tuple[int, float]:
        try:
            return await work()
        finally:
            done.set()

    (size, took), busy = await asyncio.gather(run(), load(me, headers, 1, 600, until=done.is_set))
    return size, took, busy, idle


def line(what: str, took: float, size: int, busy: Load, idle: Load) -> str:
    ratio = busy.pct(0.99) / idle.pct(0.99)
    file = f"{size / 1e6:5.1f} MB" if size else "        "
    return (
        f"{what:44s} {took:6.2f} s {file}   /me meanwhile: {busy.count} answered, p99 {busy.pct(0.99):.1f} ms "
        f"({ratio:.1f}x idle: p50 {idle.p50:.1f} ms, p99 {idle.pct(0.99):.1f} ms just before)"
    )


async def main(members: int) -> None:
    async with system(members) as s:
        port = free_port()
        base = f"http://127.0.0.1:{port}/api/v1/t/{SLUG}"
        floor_sql = EXPORT_SELECT.replace("FROM member m JOIN org o", f'FROM "t_{SLUG}".member m JOIN "t_{SLUG}".org o')
        floor_sql += f" WHERE {ACTIVE} ORDER BY m.id"
        runs: dict[str, tuple] = {}
        async with process(saishang_api(s.env, port), s.env, f"http://127.0.0.1:{port}"):
            # Each twice, alternating; the second counts (the first warms caches and the API).
            for what in ("csv", "xlsx", "database", "csv", "xlsx", "database"):
                if what == "database":
                    work = await fetch(s.env, "--copy", floor_sql)
                else:
                    work = await fetch(s.env, f"{base}/members/export?format={what}", s.token)
                runs[what] = await during(f"{base}/me", s.headers, work)
    names = {
        "csv": f"CSV  export of {members:,} members",
        "xlsx": f"XLSX export of {members:,} members",
        "database": f"PostgreSQL alone reading them {COPIES} times",
    }
    for what, (size, took, busy, idle) in runs.items():
        print(line(names[what], took, size, busy, idle))
    xlsx, csv = runs["xlsx"][1], runs["csv"][1]
    print(f"XLSX / CSV: {xlsx / csv:.2f}x (goal within 2x) -> {'met' if xlsx <= 2 * csv else 'NOT met'}")
    floor = runs["database"][2].pct(0.99) / runs["database"][3].pct(0.99)
    for what in ("csv", "xlsx"):
        _, _, busy, idle = runs[what]
        ratio = busy.pct(0.99) / idle.pct(0.99)
        print(
            f"/me p99 during the {what.upper()} export: {ratio:.1f}x idle (goal within 2x) -> "
            f"{'met' if ratio <= 2 else 'NOT met'}; the database alone reading the rows: {floor:.1f}x"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 66_000))
