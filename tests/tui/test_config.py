"""Where `saishang tui` finds its server and token, and how it keeps them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tui.config import TuiConfig, config_path


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_with_make_up_running_the_token_file_is_enough(tui_home, monkeypatch):
    home = tui_home / "home"
    home.mkdir()
    (home / "platform-admin.token").write_text("ss_from_make_up\n")
    monkeypatch.setenv("SAISHANG_PORT", "8123")
    config = TuiConfig.load()
    assert config.url == "http://127.0.0.1:8123"
    assert config.token == "ss_from_make_up" and config.token_source == "token-file"
    assert config.lang == "zh-CN"


def test_the_config_file_comes_before_the_token_file_and_the_environment_before_both(tui_home, monkeypatch):
    home = tui_home / "home"
    home.mkdir()
    (home / "platform-admin.token").write_text("ss_file")
    write_config('url = "http://api.example:9000"\ntoken = "ss_config"\ntenant = "yinchuan"\nlang = "en"\n')
    config = TuiConfig.load()
    assert (config.url, config.token, config.tenant, config.lang) == (
        "http://api.example:9000",
        "ss_config",
        "yinchuan",
        "en",
    )

    monkeypatch.setenv("SAISHANG_URL", "http://env.example/")
    monkeypatch.setenv("SAISHANG_TOKEN", "ss_env")
    config = TuiConfig.load()
    assert (config.url, config.token, config.token_source) == ("http://env.example", "ss_env", "env")

    config = TuiConfig.load(url="http://cli.example", token="ss_cli", lang="zh")
    assert (config.url, config.token, config.lang) == ("http://cli.example", "ss_cli", "zh-CN")


def test_saving_writes_a_private_file_that_reads_back(tui_home):
    config = TuiConfig.load().signed_in("http://h:1", "ss_secret", "xixia")
    config = TuiConfig(**{**config.__dict__, "keymap": {"app.quit": "ctrl+q"}})
    path = config.save()
    assert path == tui_home / "config" / "saishang" / "tui.toml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = TuiConfig.load()
    assert (again.url, again.token, again.tenant, again.keymap) == (
        "http://h:1",
        "ss_secret",
        "xixia",
        {"app.quit": "ctrl+q"},
    )


def test_no_token_anywhere_means_the_login_screen(tui_home):
    config = TuiConfig.load()
    assert config.token is None and config.token_source == "none"


def test_a_broken_config_file_is_ignored_not_fatal(tui_home):
    write_config("this is = = not toml")
    assert TuiConfig.load().token is None


def test_an_unknown_language_is_refused_by_the_cli(tui_home):
    from server.cli import app

    result = CliRunner().invoke(app, ["tui", "--lang", "fr"])
    assert result.exit_code != 0
    with pytest.raises(ValueError):
        TuiConfig.load(lang="fr")


def test_exports_go_to_the_environment_s_folder_then_the_config_file_s_and_a_save_keeps_it(tui_home, monkeypatch):
    monkeypatch.delenv("SAISHANG_EXPORT_DIR")
    assert TuiConfig.load().export_dir == Path.home() / "Downloads" / "saishang"
    write_config('export_dir = "~/报表"\n')
    config = TuiConfig.load()
    assert config.export_dir == Path.home() / "报表"
    config.signed_in("http://h:1", "ss_secret", None).save()
    assert TuiConfig.load().export_dir == Path.home() / "报表"
    monkeypatch.setenv("SAISHANG_EXPORT_DIR", str(tui_home / "out"))
    assert TuiConfig.load().export_dir == tui_home / "out"
