"""Apply and roll back the 650-union plan (48 direct unions + 602 enterprise unions under
3 new zone federations and 3 new industry unions), against a baseline measured in
the same run (one `SELECT 1` round trip per org, what a row-by-row apply would at
least cost). Prints seconds, ratios and the number of SQL statements; the count
must not grow with the number of orgs moved (compare the 65-union plan).

    .venv/bin/python -m bench.orgs_restructure
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from bench._orgs_env import bench_tenant
from server.infra.tenancy import tenant_scope
from server.modules.orgs import restructure
from server.modules.orgs.diagnostics import count_statements
from server.modules.orgs.restructure import PlanIn, PlanMoveIn, PlanNewOrg
from server.modules.orgs.service import OrgIn, conn, create_org

DAY = dt.date(2017, 3, 28)


async def build(scale: float) -> PlanIn:
    city = await create_org(OrgIn(name=f"市总工会{scale}", type="city_federation", founded_on=dt.date(1960, 1, 1)))
    counties = [
        await create_org(
            OrgIn(
                name=f"县区总工会{scale}-{i}",
                type="county_federation",
                parent_id=city.id,
                founded_on=dt.date(1987, 1, 1),
            )
        )
        for i in range(3)
    ]
    c = conn()
    n_direct, n_county = int(48 * scale), int(602 * scale)
    # Bulk-create the unions to move (the set-up is not what is measured).
    direct = [
        r["id"]
        for r in await c.fetch(
            """INSERT INTO org (name, type, parent_id, founded_on, created_at)
           SELECT '直属' || g || '-' || $3, 'enterprise_union', $1, $2, now() FROM generate_series(1, $4) g
           RETURNING id""",
            city.id,
            dt.date(1995, 1, 1),
            str(scale),
            n_direct,
        )
    ]
    county = [
        r["id"]
        for r in await c.fetch(
            """INSERT INTO org (name, type, parent_id, founded_on, created_at)
           SELECT '企业' || g || '-' || $3, 'enterprise_union', ($1::int[])[1 + g % 3], $2, now()
           FROM generate_series(1, $4) g RETURNING id""",
            [x.id for x in counties],
            dt.date(2000, 1, 1),
            str(scale),
            n_county,
        )
    ]
    await c.execute(
        """INSERT INTO org_link (org_id, parent_id, valid_from)
                       SELECT id, parent_id, founded_on FROM org WHERE id = ANY($1::int[])""",
        direct + county,
    )
    return PlanIn(
        name=f"开发区改革 x{scale}",
        effective_on=DAY,
        new_orgs=[
            PlanNewOrg(ref=f"zone{i}", name=f"开发区{i}总工会{scale}", type="zone_federation", parent_id=city.id)
            for i in range(3)
        ]
        + [
            PlanNewOrg(ref=f"ind{i}", name=f"产业{i}工会{scale}", type="industry_union", parent_id=city.id)
            for i in range(3)
        ],
        moves=[
            PlanMoveIn(org_id=o, parent_ref=f"ind{i % 3}" if i % 2 else f"zone{i % 3}") for i, o in enumerate(direct)
        ]
        + [PlanMoveIn(org_id=o, parent_ref=f"zone{i % 3}") for i, o in enumerate(county)],
    )


async def measure(slug: str, scale: float) -> dict:
    async with tenant_scope(slug):
        plan = await restructure.create_plan(await build(scale))
    result = {"moves": len(plan.moves)}
    for step, fn in (("apply", restructure.apply_plan), ("rollback", restructure.rollback_plan)):
        started = time.perf_counter()
        async with tenant_scope(slug):
            with count_statements() as counted:
                await fn(plan.id)
        result[step] = (time.perf_counter() - started, counted.n)
    async with tenant_scope(slug):
        started = time.perf_counter()
        for _ in range(result["moves"]):
            await conn().fetchval("SELECT 1")
        result["baseline"] = time.perf_counter() - started
    return result


async def main() -> None:
    async with bench_tenant() as slug:
        small = await measure(slug, 0.1)
        full = await measure(slug, 1.0)
    base = full["baseline"]
    print(f"{full['moves']} moves + 6 new orgs (the 2017 Shizuishan plan)")
    print(f"baseline: {full['moves']} single-row round trips   {base:6.3f} s   1.00x")
    for step in ("apply", "rollback"):
        seconds, statements = full[step]
        print(
            f"{step:8s} {seconds:6.3f} s  {seconds / base:5.2f}x  {statements} SQL statements "
            f"(65-union plan: {small[step][1]})  goal < 1 s: {'met' if seconds < 1 else 'NOT met'}"
        )


if __name__ == "__main__":
    asyncio.run(main())
