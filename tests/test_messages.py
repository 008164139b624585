"""One message policy: every error text has a stable code, both languages, and comes
from the catalogue; the client's language picks which one it reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from server import messages
from server.errors import FieldError, Forbidden, InvalidInput
from server.messages import Msg, negotiate
from server.modules import registry
from tests.conftest import bearer

SERVER = Path(__file__).resolve().parents[1] / "server"
RAISING = {
    "DomainError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "RuleViolation",
    "Unauthorized",
    "Forbidden",
    "FieldError",
    "invalid",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_code_has_both_languages_with_the_same_placeholders():
    catalogue = registry.catalogue()
    assert len(catalogue) > 20
    for code, msg in catalogue.items():
        assert re.fullmatch(r"[a-z][a-z0-9_.]*", code), code
        assert msg.zh.strip() and msg.en.strip(), code
        assert CJK.search(msg.zh), f"{code}: the zh-CN text has no Chinese"
        zh, en = msg.fields()
        assert zh == en, f"{code}: zh-CN has {sorted(zh)}, en has {sorted(en)}"


def test_every_module_messages_file_joins_the_catalogue():
    catalogue = registry.catalogue()
    for module in registry.modules().values():
        for msg in messages.entries(module.messages) if module.messages else []:
            assert catalogue[msg.code] is msg


def _message_argument(call: ast.Call, name: str) -> ast.expr | None:
    if name in ("FieldError", "invalid"):
        return call.args[1] if len(call.args) > 1 else None
    return call.args[0] if call.args else None


def bare_strings() -> list[str]:
    """Raise sites that pass a string instead of a catalogue entry."""
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in RAISING:
                continue
            arg = _message_argument(node, name)
            if isinstance(arg, ast.Constant | ast.JoinedStr | ast.BinOp) or any(
                k.arg == "detail" and isinstance(k.value, ast.Constant | ast.JoinedStr) for k in node.keywords
            ):
                found.append(f"{path.relative_to(SERVER.parent)}:{node.lineno}")
    return found


def test_no_raise_site_passes_a_bare_string():
    assert bare_strings() == []


def test_rendering_follows_the_language_asked_for():
    msg = Msg("test.x", "组织 #{org} 不在范围内", "org #{org} is outside")
    error = Forbidden(msg, org=7)
    assert error.code == "test.x" and error.detail == "组织 #7 不在范围内"
    assert error.problem("/p", "en")["detail"] == "org #7 is outside"
    bad = InvalidInput([FieldError("year", messages.BETWEEN, low=1949, high=2100)])
    assert bad.problem(None, "en")["errors"] == [{"field": "year", "message": "must be between 1949 and 2100"}]
    assert bad.detail == "year: 应在1949到2100之间"


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("fr-FR, en;q=0.5", "en"),
        ("fr", "zh-CN"),
        ("zh;q=0.2, en;q=0.8", "en"),
        ("en;q=x", "zh-CN"),
    ],
)
def test_negotiation(header, lang):
    assert negotiate(header) == lang


async def test_the_api_answers_in_the_client_language(client, tenant, make_token):
    headers = bearer(await make_token("tenant_admin", tenant.slug))
    url = f"/api/v1/t/{tenant.slug}/orgs?cursor=not-ours"
    zh = (await client.get(url, headers=headers)).json()
    en = (await client.get(url, headers={**headers, "Accept-Language": "en-GB,en;q=0.9"})).json()
    assert zh["code"] == en["code"] == "invalid_input"
    assert zh["errors"] == [{"field": "cursor", "message": "不是本服务器签发的游标"}]
    assert en["errors"] == [{"field": "cursor", "message": "is not a cursor this server issued"}]
    assert zh["detail"] == "cursor: 不是本服务器签发的游标"
