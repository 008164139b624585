"""How fast the commands start: `saishang --help` against typer and rich alone, `saishang
report`, and a second `saishang up` to ready (the first one, in the same run, creates the
tenants; the second finds everything in place, as a developer's every morning does).

    .venv/bin/python -m bench.startup
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

import httpx

from server.infra.servers import free_port


def timed(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def up_to_ready(env: dict[str, str], url: str) -> tuple[float, subprocess.Popen]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "up", "--no-demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Ready as `up` itself says it: its run file written once /readyz answered 200.
    run_file = os.path.join(env["SAISHANG_HOME"], "run.json")
    while not os.path.exists(run_file):
        if proc.poll() is not None:
            raise SystemExit(f"saishang up exited with {proc.returncode}")
        time.sleep(0.05)
    took = time.perf_counter() - started
    assert httpx.get(url + "/readyz", timeout=5).status_code == 200
    return took, proc


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)  # as Ctrl-C: up stops everything it started
    proc.wait(timeout=60)


def main() -> None:
    python = sys.executable
    bare = timed([python, "-c", "import typer, rich.console; typer.Typer()"])
    help_s = timed([python, "-m", "server.cli", "--help"])
    print(f"typer + rich alone                 {bare:6.2f} s   1.00x")
    print(f"saishang --help                    {help_s:6.2f} s   {help_s / bare:5.2f}x   (goal under 0.5 s)")
    with tempfile.TemporaryDirectory(prefix="saishang-bench-") as home:
        port = free_port()
        env = {
            **os.environ,
            "SAISHANG_HOME": home,
            "SAISHANG_PORT": str(port),
            "DATABASE_URL": "",
            "REDIS_URL": "",
            "SAISHANG_PAYMENT_CHANNEL_URL": "",
        }
        url = f"http://127.0.0.1:{port}"
        first, proc = up_to_ready(env, url)
        stop(proc)
        second, proc = up_to_ready(env, url)
        stop(proc)
        report_s = timed(
            [python, "-m", "server.cli", "report", "orgs", "--tenant", "shizuishan", "--year", "2017"], env
        )
    print(f"saishang up, first start, to ready {first:6.2f} s   (creates and migrates five tenants, no demo)")
    print(f"saishang up, second start, to ready{second:6.2f} s   (goal within 8 s)")
    print(f"saishang report orgs               {report_s:6.2f} s   (starts its own PostgreSQL)")


if __name__ == "__main__":
    main()
