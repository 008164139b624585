"""The `saishang` CLI: help everywhere, tokens on the last line, errors as one line."""

from __future__ import annotations

import asyncio

import pytest

from tests.cli_helpers import cli_env, saishang

COMMANDS = [
    [],
    ["up"],
    ["serve"],
    ["worker"],
    ["migrate"],
    ["demo"],
    ["report"],
    ["tenant"],
    ["tenant", "create"],
    ["tenant", "list"],
    ["tenant", "show"],
    ["tenant", "disable"],
    ["tenant", "enable-module"],
    ["tenant", "disable-module"],
    ["token"],
    ["token", "create"],
    ["token", "revoke"],
    ["token", "list"],
]


def test_every_command_has_help():
    from typer.testing import CliRunner

    from server.cli import app

    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output
    # ...and so does every command a module brings (saishang welfare ..., saishang import ...),
    # loaded when it runs.
    from server.cli import _lazy_commands

    for name in _lazy_commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Commands" in result.output, name


def test_the_catalogue_declares_the_commands_each_module_mounts():
    """`saishang --help` lists a module's commands from the registry without loading the module;
    what the registry declares is what the module brings."""
    from server.modules import registry

    for stub in registry.CATALOG:
        module = registry.modules()[stub.name]
        brought = ([module.name] if module.cli is not None else []) + list(module.cli_groups)
        assert sorted(stub.commands) == sorted(brought), stub.name


def test_the_cli_loads_no_module_until_one_of_its_commands_runs():
    import subprocess
    import sys

    probe = (
        "import sys, server.cli\n"
        "from typer.testing import CliRunner\n"
        "assert CliRunner().invoke(server.cli.app, ['--help']).exit_code == 0\n"
        "heavy = ('aiogram', 'ortools', 'numpy', 'litestar', 'server.modules.orgs.module')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "assert CliRunner().invoke(server.cli.app, ['audit', '--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('server.modules.') and m.endswith('.module')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "['server.modules.audit.module']"]


def test_token_create_prints_the_token_last_and_it_works(settings, tmp_path):
    env = cli_env(settings, tmp_path)
    made = saishang("tenant", "create", "cli_t1", "--name-zh", "测试", "--name-en", "CLI test", "-m", "orgs", env=env)
    assert made.returncode == 0, made.stderr
    result = saishang("token", "create", "--role", "tenant_admin", "--tenant", "cli_t1", env=env)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("ss_") and len(token) > 30
    # what it says of the token on stderr, in the CLI's language (the role in words)
    assert "请立即保存" in result.stderr and "tenant_admin" not in result.stderr, result.stderr
    listed = saishang("token", "list", "--tenant", "cli_t1", "--json", env=env)
    assert token[:10] in listed.stdout and token not in listed.stdout
    # the table in the CLI's language: its words and the role in words, the prefix as `token revoke` takes it
    zh = saishang("token", "list", "--tenant", "cli_t1", env=env).stdout
    assert all(w in zh for w in ("前缀", "角色", "账号", token[:6])) and "tenant_admin" not in zh, zh
    en = saishang("token", "list", "--tenant", "cli_t1", env={**env, "SAISHANG_LANG": "en"}).stdout
    assert all(w in en for w in ("prefix", "role", "account", "City")) and "角色" not in en, en
    shown = saishang("tenant", "show", "cli_t1", "--json", env=env)
    assert '"modules": [\n    "orgs"\n  ]' in shown.stdout or '"orgs"' in shown.stdout
    switched = saishang("tenant", "enable-module", "cli_t1", "welfare", env=env)
    assert "测试（cli_t1）已开启 2 个模块" in switched.stdout and "（代码 orgs, welfare）" in switched.stdout, switched
    off = saishang("tenant", "disable-module", "cli_t1", "welfare", env={**env, "SAISHANG_LANG": "en"})
    assert "CLI test (cli_t1) has 1 module(s) on: " in off.stdout and "(codes orgs)" in off.stdout, off.stdout
    switched = saishang("tenant", "enable-module", "cli_t1", "welfare", env=env)
    report = saishang("report", "platform", "--tenant", "cli_t1", "--year", "2017", "--json", env=env)
    assert report.returncode == 0, report.stderr
    assert '"modules_enabled": 2' in report.stdout
    # the tenant's table in words, in the CLI's language (the slug and module codes as commands take them)
    zh = saishang("tenant", "show", "cli_t1", env=env).stdout
    assert all(word in zh for word in ("代码", "上级", "状态", "全区", "启用", "cli_t1")), zh
    en = saishang("tenant", "show", "cli_t1", env={**env, "SAISHANG_LANG": "en"}).stdout
    assert all(word in en for word in ("slug", "parent", "status", "region", "active")) and "状态" not in en, en
    off = saishang("tenant", "disable", "cli_t1", env=env)
    assert off.returncode == 0 and "已停用租户 测试（cli_t1）" in off.stdout, off.stdout
    on = saishang("tenant", "enable", "cli_t1", env={**env, "SAISHANG_LANG": "en"})
    assert on.returncode == 0 and "tenant CLI test (cli_t1) enabled again" in on.stdout, on.stdout
    # made and revoked, each said in the CLI's language
    made = saishang("token", "create", "--role", "auditor", "--tenant", "cli_t1", env={**env, "SAISHANG_LANG": "en"})
    assert "store it now" in made.stderr and "expires never" in made.stderr, made.stderr
    prefix = made.stdout.strip().splitlines()[-1][:10]
    gone = saishang("token", "revoke", "--prefix", prefix, env=env)
    assert gone.returncode == 0 and "吊销" in gone.stdout and "revoked" not in gone.stdout, gone.stdout
    gone = saishang("token", "revoke", "--prefix", token[:10], env={**env, "SAISHANG_LANG": "en"})
    assert gone.returncode == 0 and "revoked at" in gone.stdout, gone.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["tenant", "show", "nowhere"], "tenant nowhere not found"),
        (["tenant", "create", "Bad-Slug", "--name-zh", "x", "--name-en", "x"], "slug: must match"),
        (["token", "create", "--role", "king"], "role: unknown role"),
        (["token", "create", "--role", "tenant_admin"], "tenant: a tenant_admin token needs a tenant"),
        (["tenant", "enable-module", "cli_none", "orgs"], "tenant cli_none not found"),
        (["report", "platform", "--tenant", "nowhere", "--year", "2017"], "tenant nowhere not found"),
        (["report", "orgs", "--tenant", "x", "--year", "2017", "--as-of", "yesterday"], "--as-of"),
    ],
)
def test_errors_are_one_clear_line_and_a_non_zero_exit(settings, tmp_path, args, message):
    result = saishang(*args, env=cli_env(settings, tmp_path, SAISHANG_LANG="en"))
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serve_and_worker_with_an_unreachable_database_stop_with_one_line(settings, tmp_path, command):
    """Not uvicorn's traceback, nor a worker waiting for ever as if Redis were lost."""
    from server.infra.servers import free_port

    env = cli_env(
        settings, tmp_path, SAISHANG_LANG="en", DATABASE_URL=f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    )
    result = (
        saishang(command, "--port", str(free_port()), env=env) if command == "serve" else saishang(command, env=env)
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the database: "), result.stderr


def test_errors_are_in_chinese_unless_saishang_lang_asks_for_english(settings, tmp_path):
    zh = saishang("tenant", "show", "nowhere", env=cli_env(settings, tmp_path))
    assert zh.returncode == 1 and "error: 租户 nowhere 不存在" in zh.stderr, zh.stderr
    bad = saishang("token", "create", "--role", "tenant_admin", env=cli_env(settings, tmp_path))
    assert bad.returncode == 1 and "tenant: tenant_admin 令牌须指定租户" in bad.stderr, bad.stderr


def test_a_command_typed_in_another_folder_uses_the_checkouts_home(tmp_path, monkeypatch):
    """`saishang ...` from /tmp joins the servers `make up` runs, rather than starting an empty ./var there."""
    from server.settings import PROJECT_ROOT, Settings

    monkeypatch.chdir(tmp_path)
    assert Settings.from_env({}).home == (PROJECT_ROOT / "var").resolve()
    assert Settings.from_env({"SAISHANG_HOME": str(tmp_path / "elsewhere")}).home == tmp_path / "elsewhere"


def test_the_api_loads_no_aiogram_nor_the_solver_s_libraries_until_used():
    """Building the app (every module's routes, the bot's webhook) leaves aiogram unloaded: it
    comes with the first update of a tenant that has a bot (server/bot/webhook.py). OR-Tools and
    numpy come with the first pairing solved (server/modules/pairing/solver)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom server.app import create_app\ncreate_app()\n"
        "heavy = ('aiogram', 'ortools', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]"]


async def test_a_module_s_command_refuses_a_tenant_that_has_the_module_off(settings, tmp_path, make_tenant):
    tenant = await make_tenant(modules=["welfare"])  # orgs and welfare; no voice
    env = cli_env(settings, tmp_path, SAISHANG_LANG="en")
    result = await asyncio.to_thread(saishang, "voice", "link-code", "--tenant", tenant.slug, "--member", "1", env=env)
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip() == f"error: module voice is not switched on for tenant {tenant.slug}"
    zh = await asyncio.to_thread(saishang, "voice", "queue", "--tenant", tenant.slug, env=cli_env(settings, tmp_path))
    assert zh.returncode == 1 and f"租户 {tenant.slug} 未开通模块 voice" in zh.stderr, zh.stderr


async def test_demo_says_each_step_in_the_cli_language(settings, tmp_path, make_tenant):
    """What `saishang demo` and `up` print, in the language they pass (the CLI's). Called, not run
    as a command: `demo` migrates every tenant first, which alone takes seconds."""
    from dataclasses import replace

    from server.demo import load_demo
    from server.infra.tenancy import tenant_scope
    from tests.modules.orgs.factories import make_org

    tenant = await make_tenant(modules=["orgs"])
    async with tenant_scope(tenant.slug):
        await make_org()  # an org already: the orgs demo skips, saying so in the language asked for
    empty = replace(settings, tenants_dir=tmp_path)  # no reviews to load
    said: list[str] = []
    await load_demo(empty, [tenant.slug], progress=said.append, lang="zh-CN")
    zh = [f"{tenant.slug}/orgs：{w}" for w in ("正在载入", "组织已存在，跳过演示数据", "完成")]
    assert said == zh, said
    said.clear()
    await load_demo(empty, [tenant.slug], progress=said.append, lang="en")
    assert said == [f"{tenant.slug}/orgs: already loaded"]
