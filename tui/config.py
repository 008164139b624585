"""Where the TUI finds its server, token, language and key map.

Order, first found wins, per value: command-line options, the environment
(`SAISHANG_URL`, `SAISHANG_TOKEN`, `SAISHANG_TENANT`, `SAISHANG_LANG`), the
user's config file (`$XDG_CONFIG_HOME/saishang/tui.toml`, default
`~/.config/saishang/tui.toml`, written with mode 600 because it holds a
token), and last the platform-admin token file that `saishang up` writes
(`$SAISHANG_HOME/platform-admin.token`, default `./var/platform-admin.token`).
No token at all: the login screen asks for one.

Exports (a list or a report saved as XLSX) go to `SAISHANG_EXPORT_DIR`, else the config
file's `export_dir`, else `~/Downloads/saishang`.

The config file may remap any key binding by its id:

    [keymap]
    "app.quit" = "q,ctrl+q"
    "tenants.new" = "insert"
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.i18n import Lang, parse_lang


def config_path(env: Mapping[str, str] | None = None) -> Path:
    values = os.environ if env is None else env
    base = values.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "saishang" / "tui.toml"


def default_url(env: dict[str, str]) -> str:
    """The public URL if set, else the API a running `saishang up` serves (its run file), else host:port."""
    from server.settings import default_home, read_run

    run = read_run(Path(env.get("SAISHANG_HOME") or default_home()))
    if run is not None and not env.get("SAISHANG_PUBLIC_URL"):
        return run.api_url
    host = env.get("SAISHANG_HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return env.get("SAISHANG_PUBLIC_URL") or f"http://{host}:{env.get('SAISHANG_PORT') or '8000'}"


def default_export_dir() -> Path:
    return Path.home() / "Downloads" / "saishang"


def admin_token_file(env: dict[str, str]) -> Path:
    home = Path(env.get("SAISHANG_HOME") or Path.cwd() / "var")
    return home / "platform-admin.token"


@dataclass(frozen=True)
class TuiConfig:
    url: str
    token: str | None = None
    tenant: str | None = None
    lang: Lang = "zh-CN"
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the config file (saved to after a login)
    token_source: str = "none"  # cli, env, config, token-file or none: shown on the login screen
    export_dir: Path = field(default_factory=default_export_dir)  # where exports are saved
    export_dir_saved: str | None = None  # the config file's `export_dir`, kept when the file is rewritten

    @classmethod
    def load(
        cls,
        *,
        url: str | None = None,
        token: str | None = None,
        tenant: str | None = None,
        lang: str | None = None,
        env: dict[str, str] | None = None,
    ) -> TuiConfig:
        env = dict(os.environ if env is None else env)
        path = config_path(env)
        saved = read_file(path)
        source = "none"
        if token:
            source = "cli"
        elif env.get("SAISHANG_TOKEN"):
            token, source = env["SAISHANG_TOKEN"], "env"
        elif saved.get("token"):
            token, source = str(saved["token"]), "config"
        else:
            file = admin_token_file(env)
            if file.is_file():
                token = file.read_text(encoding="utf-8").strip() or None
                source = "token-file" if token else "none"
        keymap = saved.get("keymap") or {}
        saved_exports = str(saved["export_dir"]) if saved.get("export_dir") else None
        exports = env.get("SAISHANG_EXPORT_DIR") or saved_exports
        return cls(
            url=(url or env.get("SAISHANG_URL") or saved.get("url") or default_url(env)).rstrip("/"),
            token=token,
            tenant=tenant or env.get("SAISHANG_TENANT") or saved.get("tenant") or None,
            lang=parse_lang(lang or env.get("SAISHANG_LANG") or saved.get("lang")),
            keymap={str(k): str(v) for k, v in keymap.items()},
            path=path,
            token_source=source,
            export_dir=Path(exports).expanduser() if exports else default_export_dir(),
            export_dir_saved=saved_exports,
        )

    def signed_in(self, url: str, token: str, tenant: str | None) -> TuiConfig:
        return replace(self, url=url.rstrip("/"), token=token, tenant=tenant or None, token_source="config")

    def save(self) -> Path | None:
        """Write url, token, tenant, language and key map to the config file, mode 600."""
        if self.path is None:
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            "# saishang tui: written after a successful sign-in; holds a token, keep it private",
            f"url = {_toml_str(self.url)}",
        ]
        if self.token:
            lines.append(f"token = {_toml_str(self.token)}")
        if self.tenant:
            lines.append(f"tenant = {_toml_str(self.tenant)}")
        lines.append(f"lang = {_toml_str(self.lang)}")
        if self.export_dir_saved:
            lines.append(f"export_dir = {_toml_str(self.export_dir_saved)}")
        if self.keymap:
            lines += ["", "[keymap]"] + [f"{_toml_str(k)} = {_toml_str(v)}" for k, v in self.keymap.items()]
        # Create with mode 600 from the start: the token never sits in a world-readable file.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        self.path.chmod(0o600)
        return self.path


def read_file(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, UTF-8 kept as is).
    return json.dumps(value, ensure_ascii=False)
