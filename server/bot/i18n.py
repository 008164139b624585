"""The bot's languages: gettext catalogues in `server/bot/locales/<lang>/LC_MESSAGES/`.

Message ids are the English text; `zh_CN` translates them. The `.po` files are
the source and the `.mo` files are compiled from them (`saishang bot compile-messages`
or `compile_catalogues()`); a test checks the committed `.mo` match their `.po`.
A user's language: their `/lang` choice, else their Telegram language
(`zh*` → zh-CN), else the tenant's default, zh-CN.
"""

from __future__ import annotations

import ast
import gettext
import struct
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "saishang_bot"
LANGUAGES = ("zh-CN", "en")
DEFAULT = "zh-CN"
_DIRS = {"zh-CN": "zh_CN", "en": "en"}


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    if chosen in LANGUAGES:
        return chosen
    if telegram_code:
        return "zh-CN" if telegram_code.lower().startswith("zh") else "en"
    return DEFAULT


@cache
def translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALES_DIR, languages=[_DIRS.get(language, "zh_CN")], fallback=True)


def t(language: str, message: str, **params: object) -> str:
    text = translations(language).gettext(message)
    return text.format(**params) if params else text


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet."""
    return message


# --- a small msgfmt: .po -> .mo (no Babel needed) ---------------------------------


def parse_po(text: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if value or key == "":
                messages[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    flush()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    offsets, pos_id, pos_str = [], 0, 0
    for k in keys:
        kb, vb = k.encode(), messages[k].encode()
        offsets.append((len(kb), key_start + pos_id, len(vb), value_start + pos_str))
        pos_id += len(kb) + 1
        pos_str += len(vb) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    table_ids = b"".join(struct.pack("ii", length, off) for length, off, _, _ in offsets)
    table_strs = b"".join(struct.pack("ii", length, off) for _, _, length, off in offsets)
    return header + table_ids + table_strs + ids + strs


def compile_catalogues() -> list[Path]:
    written = []
    for po in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    translations.cache_clear()
    return written
