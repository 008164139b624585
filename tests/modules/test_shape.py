"""Every implemented module follows the floor plan in `server/modules/README.md`."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from server.modules import registry

MODULES_DIR = Path(__file__).resolve().parents[2] / "server" / "modules"
PROJECT = MODULES_DIR.parents[1]
IMPLEMENTED = sorted(p.parent.name for p in MODULES_DIR.glob("*/module.py"))
MAX_LINES = 900
PICCOLO_QUERIES = {"select", "insert", "update", "delete", "objects", "raw", "count", "exists"}


def files(name: str) -> list[Path]:
    return sorted((MODULES_DIR / name).rglob("*.py"))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_catalogue_knows_every_implemented_module():
    assert IMPLEMENTED, "no module has a module.py"
    assert set(IMPLEMENTED) <= set(registry.NAMES)
    for name in IMPLEMENTED:
        assert registry.get(name).name == name


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_required_rooms(name: str):
    room = MODULES_DIR / name
    for required in ("__init__.py", "README.md", "module.py", "messages.py"):
        assert (room / required).is_file(), f"{name}: {required} is missing"
    assert "## Rooms" in (room / "README.md").read_text(encoding="utf-8"), f"{name}: README.md has no Rooms table"
    assert ast.get_docstring(tree(room / "__init__.py")), f"{name}: __init__.py says nothing of what it owns"
    assert (room / "service.py").is_file() or (room / "service" / "__init__.py").is_file(), f"{name}: no service"
    assert not ((room / "service.py").is_file() and (room / "service").is_dir()), f"{name}: two services"


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_module_py_only_declares(name: str):
    body = tree(MODULES_DIR / name / "module.py").body
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue  # the docstring
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["MODULE"]:
            continue
        pytest.fail(f"{name}/module.py line {node.lineno}: only imports and MODULE = Module(...) belong here")


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_each_declared_part_sits_in_its_room(name: str):
    module = registry.get(name)
    base = f"server.modules.{name}"

    def room(file: str) -> object:
        return importlib.import_module(f"{base}.{file}")

    assert module.messages is room("messages"), f"{name}: MODULE.messages is not {base}.messages"
    if module.controllers:
        assert list(module.controllers) == list(room("api").CONTROLLERS), f"{name}: controllers not api.CONTROLLERS"
    if module.report is not None:
        assert module.report.__module__ == f"{base}.report", f"{name}: the report is not in report.py"
        assert module.figures is room("report").FIGURES, f"{name}: MODULE.figures is not report.FIGURES"
        assert module.report_years == room("report").YEARS_SQL, f"{name}: MODULE.report_years is not report.YEARS_SQL"
    if module.columns:
        assert module.columns is room("columns").COLUMNS, f"{name}: MODULE.columns is not columns.COLUMNS"
    if module.jobs or module.cron_jobs:
        jobs = room("jobs")
        assert list(module.jobs) == list(jobs.JOBS), f"{name}: jobs not jobs.JOBS"
        assert list(module.cron_jobs) == list(jobs.CRON_JOBS), f"{name}: cron jobs not jobs.CRON_JOBS"
    if module.cli is not None:
        assert module.cli is room("cli").cli, f"{name}: MODULE.cli is not cli.cli"
    for group in module.cli_groups.values():
        assert any(group is value for value in vars(room("cli")).values()), f"{name}: a CLI group outside cli.py"
    if module.demo is not None:
        assert module.demo is room("demo").load, f"{name}: the demo is not demo.load"
    if module.piccolo_app is not None:
        assert module.piccolo_app == f"{base}.piccolo_app"
        assert (MODULES_DIR / name / "tables.py").is_file(), f"{name}: tables outside tables.py"
        assert (PROJECT / "server" / "migrations" / name).is_dir(), (
            f"{name}: migrations not in server/migrations/{name}/"
        )
    if module.bot is not None:
        assert (MODULES_DIR / name / "bot.py").is_file(), f"{name}: its part of the bot is not in bot.py"
        assert module.bot.router is None or module.bot.router.startswith(f"{base}.bot:")


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_no_file_is_a_package_in_disguise(name: str):
    for path in files(name):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(PROJECT)}: {lines} lines; split it along its seams"


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_one_way_for_shared_things(name: str):
    for path in files(name):
        where = path.relative_to(PROJECT)
        module_tree = tree(path)
        tables: set[str] = set()
        for node in ast.walk(module_tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module not in ("server.cli", "server.app"), f"{where}: imports the composition root"
                assert not (
                    node.module.startswith("server.modules.")
                    and node.module.endswith(".tables")
                    and node.module != f"server.modules.{name}.tables"
                ), f"{where}: another module's tables"
                if node.module.endswith(".tables"):
                    tables |= {alias.asname or alias.name for alias in node.names}
            if isinstance(node, ast.FunctionDef) and node.name in ("conn", "_conn"):
                pytest.fail(f"{where}: defines its own conn(); use server.infra.tenancy.conn")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("encode_cursor", "decode_cursor"), f"{where}: builds a cursor by hand"
        for node in ast.walk(module_tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in PICCOLO_QUERIES
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in tables
            ):
                pytest.fail(
                    f"{where}:{node.lineno}: {node.func.value.id}.{node.func.attr}(): queries are SQL on conn()"
                )


@pytest.mark.parametrize("name", IMPLEMENTED)
def test_api_defines_no_structs(name: str):
    path = MODULES_DIR / name / "api.py"
    if not path.is_file():
        return
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(b) for b in node.bases}
            assert not bases & {"Struct", "msgspec.Struct"}, f"{name}/api.py: Struct {node.name} belongs to the service"
