"""`python -m bench [NAME ...]`: run every benchmark (or the named ones), one process each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    available = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    wanted = argv or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    status = 0
    for name in wanted:
        print(f"\n=== bench.{name} ===", flush=True)
        status |= subprocess.call([sys.executable, "-m", f"bench.{name}"])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
