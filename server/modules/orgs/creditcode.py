"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (digits and capitals without
I, O, Z, S, V): registration authority, organisation kind, 6-digit region
code, 9-character organisation code, and a MOD 31 check character.
"""

from __future__ import annotations

import random
from typing import Any

from server.messages import Msg
from server.modules.orgs.messages import CREDIT_CODE_CHARS, CREDIT_CODE_CHECK, CREDIT_CODE_LENGTH, CREDIT_CODE_REGION

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714 organisation code check (the 9th character of the organisation code).
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class CreditCodeError(ValueError):
    """Why a credit code is not valid: a catalogue entry and its parameters (`str()` is the English)."""

    def __init__(self, msg: Msg, **params: Any):
        self.msg, self.params = msg, params
        super().__init__(msg.render("en", params))


def normalize(code: str) -> str:
    return (code or "").strip().upper()


def check_char(first17: str) -> str:
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return the normalised code; raise CreditCodeError if it is not valid."""
    value = normalize(code)
    if len(value) != 18:
        raise CreditCodeError(CREDIT_CODE_LENGTH)
    bad = sorted({c for c in value if c not in VALUE})
    if bad:
        raise CreditCodeError(CREDIT_CODE_CHARS, chars="".join(bad))
    if not value[2:8].isdigit():
        raise CreditCodeError(CREDIT_CODE_REGION)
    if check_char(value[:17]) != value[17]:
        raise CreditCodeError(CREDIT_CODE_CHECK)
    return value


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True


def _org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(body, ORG_WEIGHTS))
    check = 11 - total % 11
    check_c = "X" if check == 10 else "0" if check == 11 else str(check)
    return body + check_c


def generate(rng: random.Random, region: str = "640200", kind: str = "91") -> str:
    """A random valid code (`91` = enterprise registered with market regulation)."""
    first17 = kind + region + _org_code(rng)
    return first17 + check_char(first17)
