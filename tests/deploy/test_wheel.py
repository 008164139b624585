"""The package as an operator installs it: a wheel built from the sources the Docker image copies,
installed into a fresh virtual environment in another folder, runs every role from there.

The new environment gets its dependencies from this test's own environment (a `.pth` line naming
its site-packages: no network, no second copy), so only `saishang` itself comes from the wheel."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import asyncpg
import httpx

from server.infra import db
from server.infra.servers import EmbeddedRedis, free_port
from server.settings import PROJECT_ROOT, Settings
from tests.cli_helpers import cli_env

SOURCES = ["pyproject.toml", "README.md", "server", "tui"]  # what docker/Dockerfile copies


def build_wheel(tmp: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("saishang-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed; returns its bin folder."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Appended after the new environment's own site-packages: the wheel's `server` comes first.
    Path(site, "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def wait_until(check, what: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"{what}: the process exited ({proc.returncode}): {proc.stdout.read() if proc.stdout else ''}"
            )
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} not within {timeout:.0f} s")


async def beat_in(database_url: str, worker: subprocess.Popen, timeout: float = 90) -> None:
    """Wait until the worker's first heartbeat is in the database."""
    connection = await asyncpg.connect(**db.asyncpg_config(database_url))
    try:
        deadline = time.monotonic() + timeout
        while not await connection.fetchval("SELECT count(*) FROM platform.worker_beat"):
            assert worker.poll() is None, f"the worker exited ({worker.returncode}): {worker.stdout.read()}"
            assert time.monotonic() < deadline, f"no heartbeat within {timeout:.0f} s"
            await asyncio.sleep(0.1)
    finally:
        await connection.close()


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        output, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    return output or ""


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


async def test_the_installed_wheel_migrates_serves_works_and_reports_outside_the_checkout(
    tmp_path: Path, settings: Settings, empty_database: str
) -> None:
    bin_dir = fresh_venv(tmp_path, build_wheel(tmp_path))
    elsewhere = tmp_path / "operator"  # not the checkout: nothing of it is on the path
    elsewhere.mkdir()
    redis = EmbeddedRedis(tmp_path / "redis-home")  # its own Redis: the session's queue is not shared
    env = cli_env(settings, elsewhere / "home", DATABASE_URL=empty_database, REDIS_URL=redis.start())
    env.pop("PYTHONPATH", None)
    env["SAISHANG_LANG"] = "en"

    def saishang(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(bin_dir / "saishang"), *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=timeout
        )

    try:
        where = subprocess.run(
            [
                str(bin_dir / "python"),
                "-c",
                "import server, server.bot.i18n as i; print(server.__file__); "
                "print(type(i.translations('zh-CN')).__name__)",
            ],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert where[0].startswith(str(tmp_path / "venv")), where  # the wheel's code, not the checkout's
        assert where[1] == "GNUTranslations", where  # the bot's compiled catalogues came along

        migrated = saishang("migrate")
        assert migrated.returncode == 0, migrated.stderr
        assert "migrated platform and 0 tenant schema(s)" in migrated.stdout

        # The tenant files and the audit standards travel in the package: the demo loads from them.
        demo = saishang("demo", "--tenant", "wuzhong")
        assert demo.returncode == 0, demo.stderr
        listed = saishang("tenant", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert {"yinchuan", "shizuishan", "wuzhong", "xixia", "qingtongxia"} <= set(listed.stdout.split('"')), (
            listed.stdout
        )

        report = saishang("report", "audit", "--tenant", "wuzhong", "--year", "2025", "--json")
        assert report.returncode == 0, report.stderr
        assert '"module": "audit"' in report.stdout and '"tenant": "wuzhong"' in report.stdout

        port = free_port()
        api = subprocess.Popen(
            [str(bin_dir / "saishang"), "serve", "--port", str(port)],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        worker = subprocess.Popen(
            [str(bin_dir / "saishang"), "worker"],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), "the API answering", api)
            await beat_in(empty_database, worker)  # read in the database: no CLI process per look
            assert saishang("worker", "--check", timeout=60).returncode == 0  # the health check sees it too
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
            assert ready.status_code == 200, ready.text
        finally:
            api_log, worker_log = stop(api), stop(worker)
        assert "Traceback" not in api_log, api_log
        assert "Traceback" not in worker_log, worker_log
    finally:
        redis.stop()


def test_a_missing_file_is_not_called_a_database_problem(tmp_path: Path, settings: Settings) -> None:
    """A command failing on a file (as the installed package once did on its migrations) says so."""
    script = (
        "from server.platform.console import exit_on_error, run\n"
        "async def body(settings):\n"
        "    open('/nowhere/migrations/platform/x.py')\n"
        "exit_on_error(lambda: run(body))\n"
    )
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "cannot reach the database" not in result.stderr, result.stderr
    assert result.stderr.strip().startswith("error: cannot read or write a file or folder: [Errno 2]"), result.stderr
    assert "/nowhere/migrations/platform/x.py" in result.stderr


def test_an_unreachable_database_is_one_line(tmp_path: Path, settings: Settings) -> None:
    from tests.cli_helpers import saishang

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en", DATABASE_URL=f"postgresql://u:p@127.0.0.1:{port}/db")
    result = saishang("tenant", "list", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: cannot reach the database"), result.stderr
    assert "Traceback" not in result.stderr
