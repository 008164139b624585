"""`GET /t/{tenant}/members?limit=50` against a bare Litestar app doing the same query and the
same token check (bench/_bare_api.py), at 1 and 10 clients, alternating, and Saishang with 2 API
processes; and each server's CPU time per request. The load comes from this process (aiohttp,
keep-alive), on the same cores: read the ratios.

    .venv/bin/python -m bench.api_read [MEMBERS] [SECONDS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys

from bench._api_env import SLUG, Load, cpu_seconds, free_port, load, process, saishang_api, system


async def main(members: int, seconds: float) -> None:
    async with system(members) as s:
        path = f"/api/v1/t/{SLUG}/members?limit=50"
        results: dict[tuple[str, int], list[Load]] = {}
        cpu: dict[str, list[float]] = {}
        bare_port, api_port, two_port = free_port(), free_port(), free_port()
        bare = [sys.executable, "-m", "bench._bare_api", str(bare_port)]
        async with (
            process(bare, s.env, f"http://127.0.0.1:{bare_port}") as bare_proc,
            process(saishang_api(s.env, api_port), s.env, f"http://127.0.0.1:{api_port}") as api_proc,
        ):
            # Alternating, twice each, both servers up all along: the machine's load falls on both alike.
            for _ in range(2):
                for who, port, proc in (("bare", bare_port, bare_proc), ("saishang", api_port, api_proc)):
                    for clients in (1, 10):
                        before = cpu_seconds(proc)
                        r = await load(f"http://127.0.0.1:{port}{path}", s.headers, clients, seconds / 2)
                        cpu.setdefault(who, []).append((cpu_seconds(proc) - before) / max(r.count, 1) * 1000)
                        results.setdefault((who, clients), []).append(r)
        async with process(saishang_api(s.env, two_port, workers=2), s.env, f"http://127.0.0.1:{two_port}"):
            results["saishang x2", 10] = [await load(f"http://127.0.0.1:{two_port}{path}", s.headers, 10, seconds)]
    merged = {key: merge(runs) for key, runs in results.items()}
    print(f"{'':24s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s}   ratio to bare (req/s)")
    for (who, clients), r in merged.items():
        base = merged["bare", clients]
        print(
            f"{who + f', {clients} clients':24s} {r.rate:8.0f} {r.p50:8.1f} {r.pct(0.99):8.1f}   {r.rate / base.rate:5.2f}x"
        )
    bare_cpu, api_cpu = statistics.median(cpu["bare"]), statistics.median(cpu["saishang"])
    print(f"server CPU per request: bare {bare_cpu:.2f} ms, saishang {api_cpu:.2f} ms ({api_cpu / bare_cpu:.2f}x)")
    one, two = merged["saishang", 10], merged["saishang x2", 10]
    print(f"1 -> 2 API processes (10 clients): {one.rate:.0f} -> {two.rate:.0f} req/s, {two.rate / one.rate:.2f}x")
    print(f"goal: at least 0.7x the bare app -> {'met' if one.rate >= 0.7 * merged['bare', 10].rate else 'NOT met'}")


def merge(runs: list[Load]) -> Load:
    return Load(sum(r.count for r in runs), sum(r.seconds for r in runs), [x for r in runs for x in r.latencies])


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 66_000, float(sys.argv[2]) if len(sys.argv) > 2 else 8))
