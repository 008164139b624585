"""Benchmark: the region's report across tenants (`region_report`, one tenant scope after another)
over 10, 50 and 100 tenants, one of them holding Xixia's 2017 demo (orgs and rotation), the others
with the module on and no records. In the same run it times the one-tenant report of the demo
tenant and of an empty tenant: the baseline the per-tenant cost is compared with.

    .venv/bin/python -m bench.region_report [--rounds 5] [--sizes 10,50,100]

The sizes are nested subtrees of tenants (`region_report(root=...)`, the route a city admin's
rollup takes), so the rounds interleave them. Prints the median time per size, the time per
tenant against an empty tenant's report alone, and how the total grows with the number of tenants
(linear: the ratios of time follow the ratios of tenants).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

from bench._orgs_env import bench_tenant
from server.modules.contract import DemoContext, ReportQuery
from server.modules.orgs.module import MODULE as ORGS
from server.modules.rotation.module import MODULE as ROTATION
from server.platform import service
from server.platform.service import TenantIn
from server.reports import region_report, report

MODULE = "rotation"


async def _tenant(parent: str | None) -> str:
    slug = f"bench{uuid.uuid4().hex[:8]}"
    await service.create_tenant(
        TenantIn(slug=slug, name_zh="基准测试", name_en="Bench", parent=parent, modules=["orgs", MODULE])
    )
    return slug


async def main(rounds: int, sizes: list[int]) -> None:
    """The sizes are nested subtrees (the first size's root under the second's, and so on), so one
    set of tenants serves every size and the rounds interleave the sizes: a busy machine slows
    them alike."""
    async with bench_tenant() as first:
        await service.set_modules(first, enable=[MODULE])
        start = time.monotonic()
        extras = {"dataset": "xixia"}
        await ORGS.demo(DemoContext(tenant=first, extras=extras))
        await ROTATION.demo(DemoContext(tenant=first, extras=extras))
        print(f"xixia demo loaded in {time.monotonic() - start:.1f}s", flush=True)
        roots = {sizes[0]: first}
        count, root = 1, first
        start = time.monotonic()
        for size in sizes:
            if size != sizes[0]:
                root = await _tenant(None)
                await service.update_tenant(roots[max(roots)], service.TenantPatch(parent=root))
                roots[size] = root
                count += 1
            while count < size:
                await _tenant(root)
                count += 1
        print(f"{count} tenants created in {time.monotonic() - start:.0f}s", flush=True)
        for size, root in roots.items():
            out = await region_report(MODULE, 2017, root=root)
            assert out.tenants_on == size and out.totals["units"] == 27, (size, out.tenants_on, out.totals)
        empty = (await region_report(MODULE, 2017, root=roots[sizes[-1]])).tenants[0].tenant
        times: dict[str, list[float]] = {"demo": [], "empty": [], **{str(n): [] for n in sizes}}
        for _ in range(rounds):  # interleaved
            for name, call in [
                ("demo", lambda: report(MODULE, ReportQuery(tenant=first, year=2017))),
                ("empty", lambda: report(MODULE, ReportQuery(tenant=empty, year=2017))),
                *[(str(n), lambda r=r: region_report(MODULE, 2017, root=r)) for n, r in roots.items()],
            ]:
                t = time.perf_counter()
                await call()
                times[name].append(time.perf_counter() - t)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(
            f"one tenant's report: the demo tenant {med['demo'] * 1000:.1f} ms, an empty tenant {med['empty'] * 1000:.1f} ms"
        )
        print(f"{'tenants':>8} {'total ms':>10} {'ms/tenant':>10} {'per tenant / empty report':>27}")
        for n in sizes:
            per = med[str(n)] / n
            print(f"{n:>8} {med[str(n)] * 1000:>10.1f} {per * 1000:>10.2f} {per / med['empty']:>27.2f}")
        base = sizes[0]
        for n in sizes[1:]:
            print(f"{n} vs {base} tenants: time x{med[str(n)] / med[str(base)]:.2f} for x{n / base:.1f} the tenants")
        extra = (med[str(sizes[-1])] - med[str(base)]) / (sizes[-1] - base)
        print(
            f"each tenant beyond the first {base} adds {extra * 1000:.2f} ms "
            f"= {extra / med['empty']:.2f} x an empty tenant's report alone (the constant)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="10,50,100")
    args = parser.parse_args()
    asyncio.run(main(args.rounds, [int(n) for n in args.sizes.split(",")]))
