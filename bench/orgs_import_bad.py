"""Two all-bad member uploads at once: peak memory, and the size of the problems they answer with.

Issue 13: a 58 MB all-bad CSV answered with a 103.7 MB problem body and took the API from 345 MB
to 1.65 GB. Now the error list stops at `importfile.MAX_ROW_ERRORS` (with the totals) and a CSV is
parsed as it is read. This runs two imports of an all-bad CSV of MB megabytes (default 10) at
once, in two tenants, and prints the peak of the Python heap above what it was before the two
imports started (tracemalloc; the files' bytes, read from the request before, are not in it) and the
process's peak RSS, and checks the stated bound:

    peak heap of the two imports  <=  2 x (the two files' bytes) + 32 MB

What stays is a keyed hash per row (32 bytes, packed in one buffer), a chunk of rows being checked
and the first 1,000 errors; no longer the file's text, its rows' cells or an error per row.
Measured with 10 MB files (210,649 bad rows each): problem bodies of 81 kB each, peak heap 47 MB
(69 MB with a `bytes` object per hash), bound 72 MB; peak RSS of the process 214 MB.

    .venv/bin/python -m bench.orgs_import_bad [MB]
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
import tracemalloc

import msgspec

from bench._orgs_env import another_tenant, bench_tenant
from server.errors import InvalidInput
from server.infra.tenancy import tenant_scope
from server.modules.orgs import bulk, importfile
from server.modules.orgs.service import OrgIn, create_org

UNION = "银河厂工会"


def bad_csv(megabytes: float) -> tuple[bytes, int]:
    """Rows whose ID numbers name 30 February: every row is bad."""
    lines = ["姓名,身份证号,所属工会"]
    size, i = 0, 0
    while size < megabytes * 1e6:
        line = f"职工{i},64020219800230{i % 10000:04d},{UNION}"
        lines.append(line)
        size += len(line.encode()) + 1
        i += 1
    return ("\n".join(lines) + "\n").encode(), i


async def refuse(slug: str, content: bytes) -> tuple[int, dict]:
    try:
        async with tenant_scope(slug):
            await bulk.import_members(content, filename="members.csv")
    except InvalidInput as exc:
        body = msgspec.json.encode(exc.problem(lang="en"))
        return len(body), exc.problem(lang="en")
    raise AssertionError("an all-bad file was imported")


async def main(megabytes: float) -> None:
    async with bench_tenant() as first:
        second = await another_tenant()
        for slug in (first, second):
            async with tenant_scope(slug):
                await create_org(OrgIn(name=UNION, type="enterprise_union"))
        files = [bad_csv(megabytes) for _ in range(2)]
        total_bytes = sum(len(c) for c, _ in files)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        started = time.perf_counter()
        answers = await asyncio.gather(refuse(first, files[0][0]), refuse(second, files[1][0]))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mb = (peak - base) / 1e6
    bound_mb = 2 * total_bytes / 1e6 + 32
    for (size, problem), (content, rows) in zip(answers, files):
        print(
            f"{len(content) / 1e6:.1f} MB, {rows:,} bad rows: problem body {size / 1e3:.0f} kB, "
            f"{len(problem['errors'])} errors listed of {problem.get('error_count')} "
            f"(errors_truncated={problem.get('errors_truncated')})"
        )
        assert len(problem["errors"]) == importfile.MAX_ROW_ERRORS and problem["error_count"] == rows
    print(f"two uploads at once: {elapsed:.1f} s (under tracemalloc)")
    print(f"peak Python heap above baseline: {peak_mb:.0f} MB (the two files: {total_bytes / 1e6:.0f} MB)")
    print(f"process peak RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after")
    print(f"bound: 2 x files + 32 MB = {bound_mb:.0f} MB -> {'ok' if peak_mb <= bound_mb else 'EXCEEDED'}")
    assert peak_mb <= bound_mb


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 10))
