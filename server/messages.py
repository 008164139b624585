"""One message policy: every text a user reads in an error has a stable code and both
languages, zh-CN first.

A `Msg` is a catalogue entry: `Msg("outside_subtree", "组织 {org} 不在你的管辖范围内",
"org {org} is outside your subtree")`. Errors carry the `Msg` and its parameters and are
rendered at the edge, in the language the client asked for (`Accept-Language` over HTTP,
`SAISHANG_LANG` in the CLI), zh-CN when it asked for none we have. Each module keeps its
entries in its own `messages.py`; `server.modules.registry.catalogue()` gathers them all
with the shared ones below, and `tests/test_messages.py` holds every code to both
languages and every raise site to the catalogue.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"


@dataclass(frozen=True)
class Msg:
    """A catalogue entry: a stable code and the same text in zh-CN and English."""

    code: str
    zh: str
    en: str

    def render(self, lang: str = DEFAULT_LANGUAGE, params: Mapping[str, Any] | None = None) -> str:
        template = self.en if lang == "en" else self.zh
        if not params:
            return template
        return template.format_map(_Lenient(params))

    def fields(self) -> tuple[set[str], set[str]]:
        """The placeholders of each language (they must be the same)."""
        return _placeholders(self.zh), _placeholders(self.en)


class _Lenient(dict[str, Any]):
    """A missing parameter shows as `{name}` instead of failing the error that names it."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def negotiate(accept_language: str | None) -> str:
    """The language of an `Accept-Language` header we can answer in; zh-CN by default."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:  # q=0 (or a q that is not a number) means "not this one"
            ranked.append((-quality, i, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh") or tag == "*":
            return "zh-CN"
    return DEFAULT_LANGUAGE


def entries(*namespaces: ModuleType) -> list[Msg]:
    """Every `Msg` defined at the top of the given modules (a module's `messages.py`)."""
    return [value for ns in namespaces for value in vars(ns).values() if isinstance(value, Msg)]


def catalogue(groups: Iterable[Iterable[Msg]]) -> dict[str, Msg]:
    """One code, one entry: a code defined twice with different text is a programming error."""
    merged: dict[str, Msg] = {}
    for group in groups:
        for msg in group:
            if merged.get(msg.code, msg) != msg:
                raise ValueError(f"message code {msg.code!r} is defined twice with different text")
            merged[msg.code] = msg
    return merged


# --- shared entries: what any module's field errors and lookups say -----------------------

BAD_REQUEST = Msg("bad_request", "请求无效", "bad request")
INVALID_INPUT = Msg("invalid_input", "输入有误", "invalid input")
NOT_FOUND = Msg("not_found", "{what} {key} 不存在", "{what} {key} not found")
CONFLICT = Msg("conflict", "与现有记录冲突", "conflicts with an existing record")
FORBIDDEN = Msg("forbidden", "无权进行此操作", "you may not do this")
UNAUTHORIZED = Msg("unauthorized", "未登录或令牌无效", "not signed in or the token is not valid")
RULE_VIOLATION = Msg("rule_violation", "不符合业务规则", "a rule forbids this")
INTERNAL_ERROR = Msg("internal_error", "服务器出错，错误已记录", "the server failed; the error was logged")
TENANT_NOT_FOUND = Msg("tenant_not_found", "租户 {key} 不存在或已停用", "tenant {key} not found or disabled")

REQUIRED = Msg("field.required", "必填", "is required")
EMPTY = Msg("field.empty", "不能为空", "must not be empty")
TOO_LONG = Msg("field.too_long", "不超过{limit}个字符", "must be at most {limit} characters")
BETWEEN = Msg("field.between", "应在{low}到{high}之间", "must be between {low} and {high}")
AT_LEAST = Msg("field.at_least", "不能小于{low}", "must be at least {low}")
AT_MOST = Msg("field.at_most", "不能大于{high}", "must be at most {high}")
NOT_NEGATIVE = Msg("field.not_negative", "不能为负数", "must not be negative")
TOO_MANY = Msg("field.too_many", "最多{limit}项", "must hold at most {limit} items")
TOO_FEW = Msg("field.too_few", "至少{low}项", "must hold at least {low} item(s)")
TOO_SHORT = Msg("field.too_short", "至少{low}个字符", "must be at least {low} characters")
ONE_OF = Msg("field.one_of", "应为以下之一：{choices}", "must be one of {choices}")
NOT_A_DATE = Msg("field.not_a_date", "不是有效日期（YYYY-MM-DD）", "is not a date (YYYY-MM-DD)")
DATE_ORDER = Msg("field.date_order", "早于{other}", "is before {other}")
NO_SUCH = Msg("field.no_such", "{what} #{key} 不存在", "no {what} #{key}")
LISTED_TWICE = Msg("field.listed_twice", "重复", "is listed twice")
UNKNOWN_FIELD = Msg("field.unknown", "未知字段", "is not a field of this record")
BAD_CURSOR = Msg("field.bad_cursor", "不是本服务器签发的游标", "is not a cursor this server issued")

# --- the edge (server.infra.edge) and the last line of defence (server.infra.problems) ----

INVISIBLE_CHARACTER = Msg(
    "field.invisible_character",
    "含有不可见字符 {char}（控制字符、零宽字符或文字方向符），请删去后再提交",
    "contains the invisible character {char} (a control, zero-width or text-direction character); delete it "
    "and try again",
)
NUL_CHARACTER = Msg(
    "field.nul_character", "含有空字符（NUL），无法保存", "contains a NUL character, which cannot be stored"
)
LONE_SURROGATE = Msg(
    "field.lone_surrogate",
    "含有不成对的 UTF-16 代理字符，不是有效文本",
    "contains a lone UTF-16 surrogate, which is not text",
)
TOO_DEEP = Msg("field.too_deep", "JSON 嵌套超过{limit}层", "JSON nests deeper than {limit} levels")
NOT_FINITE = Msg(
    "field.not_finite", "应为有限的数（不能是 NaN 或无穷大）", "must be a finite number (not NaN or infinity)"
)
YEAR_RANGE = Msg("field.year_range", "年份应在{low}到{high}之间", "the year must be between {low} and {high}")
FIELD_INVALID = Msg("field.invalid", "格式或取值不符合接口定义：{reason}", "does not match the API's schema: {reason}")
OUT_OF_RANGE = Msg(
    "input.out_of_range",
    "输入的数值、日期或文本超出了允许的范围",
    "a number, date or text in the input is out of the range that can be stored",
)
XLSX_DTD = Msg(
    "file.xlsx_dtd",
    "表格文件的 {part} 含有 DTD 或实体声明，出于安全原因拒收；请用 Excel 或 WPS 另存为 .xlsx 后再上传",
    "the workbook's {part} declares a DTD or entities, refused for safety; save it again as .xlsx "
    "from Excel or WPS and upload that",
)
XLSX_TOO_LARGE = Msg(
    "file.xlsx_too_large", "表格文件解压后超过 {limit} MB", "the workbook unpacks to more than {limit} MB"
)
XLSX_TOO_MANY_CELLS = Msg(
    "file.xlsx_too_many_cells",
    "表格的单元格跨 {rows} 行、{columns} 列，超过 {limit} 个单元格；请删去远处的空白单元格或格式，另存后再上传",
    "the sheet's cells span {rows} rows and {columns} columns, more than {limit} cells; delete the far-off "
    "empty cells or formatting, save it again and upload that",
)

# --- the installation key (server.infra.secrets, server.platform.keys) ---------------------

KEY_MISSING = Msg(
    "key.missing",
    "未配置安装密钥：设置了 DATABASE_URL（生产环境）时，必须设置 SAISHANG_ID_KEY（32 字节密钥的 base64）"
    "或 SAISHANG_ID_KEY_FILE（存放该密钥的文件路径），所有进程使用同一把密钥；可用 `saishang key generate` 生成",
    "no installation key: with DATABASE_URL set (production) set SAISHANG_ID_KEY (base64 of 32 bytes) or "
    "SAISHANG_ID_KEY_FILE (a file holding it), the same on every process; `saishang key generate` makes one",
)
KEY_MALFORMED = Msg(
    "key.malformed",
    "{source} 不是 32 字节密钥的 base64 编码（可用 `saishang key generate` 生成）",
    "{source} is not the base64 of a 32-byte key (`saishang key generate` makes one)",
)
KEY_FILE_UNREADABLE = Msg(
    "key.file_unreadable", "无法读取密钥文件 {path}：{error}", "cannot read the key file {path}: {error}"
)
KEY_MISMATCH = Msg(
    "key.mismatch",
    "此进程的安装密钥（{source}）不是本数据库所用的那一把，打不开已加密的数据；请给所有进程配置同一个 "
    "SAISHANG_ID_KEY 或 SAISHANG_ID_KEY_FILE",
    "this process's installation key ({source}) is not the one this database's data is sealed with; give every "
    "process the same SAISHANG_ID_KEY or SAISHANG_ID_KEY_FILE",
)
KEY_ROTATING = Msg(
    "key.rotating",
    "密钥轮换尚未完成：请先用旧密钥运行 `saishang key rotate --new-key-file <新密钥文件>` 完成轮换，再用新密钥启动各进程",
    "a key rotation is under way: finish it with `saishang key rotate --new-key-file <new key file>` (under the old "
    "key), then start every process with the new key",
)
KEY_ROTATION_OTHER = Msg(
    "key.rotation_other",
    "已有一次轮换到另一把密钥的操作未完成：请用同一个新密钥文件继续",
    "a rotation to another key is under way: continue it with the same new key file",
)
KEY_ROTATION_SAME = Msg("key.rotation_same", "新密钥与当前密钥相同", "the new key is the current key")
KEY_NOT_MIGRATED = Msg(
    "key.not_migrated",
    "数据库尚未迁移（缺少 platform.key_check）：请先运行 `saishang migrate`",
    "the database is not migrated (no platform.key_check): run `saishang migrate` first",
)
MEMBER_GONE = Msg(
    "member_gone",
    "所填会员不存在（可能刚被删除），未作任何保存；请刷新后重新选择会员",
    "the member named does not exist (it may have been deleted just now); nothing was saved: "
    "refresh and choose the member again",
)
KEY_NOT_OPENING = Msg(
    "key.not_opening",
    "存储的加密数据无法用本服务器的安装密钥打开：请管理员为所有进程配置同一个 SAISHANG_ID_KEY",
    "a sealed value does not open with this server's installation key: the operator must give every process "
    "the same SAISHANG_ID_KEY",
)
KEY_ROW_NOT_OPENING = Msg(
    "key.row_not_opening",
    "{table} 中编号 {id} 的记录无法用当前密钥打开，轮换停止；已轮换的部分已保存，可修正后重新运行",
    "row {id} of {table} does not open under the current key; the rotation stopped (what it did is kept: run it "
    "again once that row is mended)",
)
