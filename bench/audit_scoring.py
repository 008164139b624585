"""Score 1,000 audits against one standard version (the Wuzhong grade standard, 13 indicators, 26
report-form lines each), then 50 against a wide version (60 indicators). Prints the time and the
number of SQL statements per audit: it must not grow with the number of indicators.

    .venv/bin/python -m bench.audit_scoring [--audits 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import time

from bench._orgs_env import bench_tenant
from server.infra.tenancy import conn, tenant_scope
from server.modules.audit import service
from server.modules.audit.demo import _entries
from server.modules.orgs import service as orgs
from server.modules.orgs.diagnostics import count_statements
from server.platform import service as platform
from server.platform.roles import Actor, Role
from server.settings import TENANTS_DIR

COLUMNS = [
    "audit",
    "form",
    "indicator",
    "project",
    "spending_fen",
    "participants",
    "results",
    "commendations",
    "certificates",
    "chief_titles",
]


def wide(per_area: int = 10) -> service.StandardIn:
    """The same six areas, each split into `per_area` indicators (maxima still adding to 100)."""
    count = 6 * per_area
    items = []
    for n in range(count):
        points = 1.66 if n < count - 1 else round(100 - 1.66 * (count - 1), 2)
        items.append(
            service.IndicatorIn(
                code=f"W{n:02d}",
                area=service.AREAS[n // per_area],
                name=f"{service.AREAS[n // per_area]}{n % per_area + 1}",
                form=list(service.FORMS)[n % 5],
                base=service.BaseRule(max=points, per_project=round(points / 4, 2)),
                benefit=service.BenefitRule(max=0),
                bonus=service.BonusRule(max=0),
            )
        )
    return service.StandardIn(code="WIDE", title="宽指标标准", areas=list(service.AREAS), indicators=items)


async def prepare(slug: str, admin: Actor, auditor: Actor, standard_id: int, count: int, first: int) -> list[int]:
    """`count` unions, a pilot-style plan naming them, noticed and entered in bulk: the audit ids."""
    rng = random.Random(first)
    root = await orgs.create_org(orgs.OrgIn(name=f"基准市总工会{first}", type="city_federation"))
    unions = [
        (
            await orgs.create_org(
                orgs.OrgIn(  # in the audit's scope: a named union must be (non-public, above size)
                    name=f"基准企业{first + n}工会",
                    type="enterprise_union",
                    parent_id=root.id,
                    public_sector=False,
                    above_scale=True,
                )
            )
        ).id
        for n in range(count)
    ]
    plan = await service.create_plan(service.PlanIn(2017, f"基准{first}", standard_id, unions), admin)
    await service.approve_plan(plan.id, admin)
    c = conn()
    ids = [r["id"] for r in await c.fetch("SELECT id FROM audit_case WHERE plan = $1 ORDER BY id", plan.id)]
    await c.execute(
        "UPDATE audit_case SET stage = 'fieldwork', notice_on = $2, fieldwork_on = $3 WHERE plan = $1",
        plan.id,
        dt.date(2017, 5, 1),
        dt.date(2017, 5, 8),
    )
    standard = await service.get_standard(standard_id)
    rows = [row for i in ids for row in _entries(rng, standard, rng.uniform(0.5, 1.0), i)]
    await c.copy_records_to_table("audit_entry", records=rows, columns=COLUMNS)
    return ids


async def score(slug: str, ids: list[int], auditor: Actor) -> tuple[float, int]:
    started = time.perf_counter()
    async with tenant_scope(slug):
        with count_statements() as counted:
            for i in ids:
                await service.score_audit(i, None, auditor)
    return time.perf_counter() - started, counted.n


async def main(audits: int) -> None:
    async with bench_tenant() as slug:
        await platform.set_modules(slug, enable=["audit"], disable=[])
        admin = Actor(account_id=None, name="bench", role=Role.tenant_admin, tenant=slug)
        auditor = Actor(account_id=None, name="bench", role=Role.auditor, tenant=slug)
        async with tenant_scope(slug):
            grade = await service.load_standard((TENANTS_DIR / "wuzhong/audit/wz-grade.toml").read_bytes(), admin)
            broad = await service.save_standard(wide(), admin)
            t0 = time.perf_counter()
            narrow_ids = await prepare(slug, admin, auditor, grade.id, audits, 0)
            wide_ids = await prepare(slug, admin, auditor, broad.id, 50, 100_000)
            print(f"set up {audits + 50} audits in {time.perf_counter() - t0:.1f} s")
        for label, standard, ids in (("grade", grade, narrow_ids), ("wide", broad, wide_ids)):
            seconds, statements = await score(slug, ids, auditor)
            print(
                f"{label:>5}: {len(standard.indicators):3d} indicators, {len(ids):5d} audits scored in {seconds:6.2f} s "
                f"({seconds / len(ids) * 1000:5.1f} ms each), {statements} SQL statements "
                f"({statements / len(ids):.1f} per audit)"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--audits", type=int, default=1000)
    asyncio.run(main(parser.parse_args().audits))
