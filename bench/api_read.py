"""`GET /t/{tenant}/members?limit=50` against a bare Litestar app doing the same query and the
same token check (bench/_bare_api.py), at 1 and 10 clients, and Saishang with 2 API processes.
The load comes from this process (aiohttp, keep-alive), on the same cores: read the ratios.

    .venv/bin/python -m bench.api_read [MEMBERS] [SECONDS]
"""

from __future__ import annotations

import asyncio
import sys

from bench._api_env import SLUG, free_port, load, process, saishang_api, system


async def main(members: int, seconds: float) -> None:
    async with system(members) as s:
        path = f"/api/v1/t/{SLUG}/members?limit=50"
        bare_port, api_port, two_port = free_port(), free_port(), free_port()
        results = {}
        bare = [sys.executable, "-m", "bench._bare_api", str(bare_port)]
        async with process(bare, s.env, f"http://127.0.0.1:{bare_port}"):
            for clients in (1, 10):
                results["bare", clients] = await load(
                    f"http://127.0.0.1:{bare_port}{path}", s.headers, clients, seconds
                )
        async with process(saishang_api(s.env, api_port), s.env, f"http://127.0.0.1:{api_port}"):
            for clients in (1, 10):
                results["saishang", clients] = await load(
                    f"http://127.0.0.1:{api_port}{path}", s.headers, clients, seconds
                )
        async with process(saishang_api(s.env, two_port, workers=2), s.env, f"http://127.0.0.1:{two_port}"):
            results["saishang x2", 10] = await load(f"http://127.0.0.1:{two_port}{path}", s.headers, 10, seconds)
    print(f"{'':24s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s}   ratio to bare (req/s)")
    for (who, clients), r in results.items():
        base = results["bare", clients]
        print(
            f"{who + f', {clients} clients':24s} {r.rate:8.0f} {r.p50:8.1f} {r.pct(0.99):8.1f}   {r.rate / base.rate:5.2f}x"
        )
    one, two = results["saishang", 10], results["saishang x2", 10]
    print(f"1 -> 2 API processes (10 clients): {one.rate:.0f} -> {two.rate:.0f} req/s, {two.rate / one.rate:.2f}x")
    print(f"goal: at least 0.7x the bare app -> {'met' if one.rate >= 0.7 * results['bare', 10].rate else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 66_000, float(sys.argv[2]) if len(sys.argv) > 2 else 8))
