"""The member export of 66,000 members as XLSX and as CSV through the API, and the p99 of a
concurrent `GET /me` while each is written, against its p99 with the API idle just before.

    .venv/bin/python -m bench.export [MEMBERS]
"""

from __future__ import annotations

import asyncio
import sys

import aiohttp

from bench._api_env import SLUG, free_port, load, process, saishang_api, system


async def main(members: int) -> None:
    async with system(members) as s:
        port = free_port()
        base = f"http://127.0.0.1:{port}/api/v1/t/{SLUG}"
        async with process(saishang_api(s.env, port), s.env, f"http://127.0.0.1:{port}"):
            runs = {}
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:
                for fmt in ("csv", "xlsx", "csv", "xlsx"):  # each twice, alternating; the second counts
                    # The idle p99 right before each export: the machine's load changes from minute to minute.
                    idle = await load(f"{base}/me", s.headers, 1, 3)
                    done = asyncio.Event()

                    async def export(fmt: str = fmt, done: asyncio.Event = done) -> tuple[float, int]:
                        started = asyncio.get_running_loop().time()
                        async with session.get(f"{base}/members/export?format={fmt}", headers=s.headers) as r:
                            body = await r.read()
                            assert r.status == 200, r.status
                        done.set()
                        return asyncio.get_running_loop().time() - started, len(body)

                    (took, size), during = await asyncio.gather(
                        export(), load(f"{base}/me", s.headers, 1, 600, until=done.is_set)
                    )
                    runs[fmt] = (took, size, during, idle)
    for fmt, (took, size, during, idle) in runs.items():
        print(
            f"{fmt.upper():5s} export of {members:,} members  {took:6.2f} s  {size / 1e6:5.1f} MB   "
            f"/me meanwhile: {during.count} answered, p99 {during.pct(0.99):.1f} ms "
            f"({during.pct(0.99) / idle.pct(0.99):.1f}x idle: p50 {idle.p50:.1f} ms, p99 {idle.pct(0.99):.1f} ms "
            "just before)"
        )
    xlsx, csv = runs["xlsx"][0], runs["csv"][0]
    print(f"XLSX / CSV: {xlsx / csv:.2f}x (goal within 2x) -> {'met' if xlsx <= 2 * csv else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 66_000))
