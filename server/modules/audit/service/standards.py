"""Evaluation standards as data (《吴忠市工会经费绩效等级标准》 and the rest): versioned documents.

A standard has the six areas and its indicators; each indicator says how its three parts are
computed from the report-form entries, each capped at its maximum:

- base (基本分): `per_project` for each project plus `per_fund_unit` for each whole `fund_unit_fen`
  spent (fund flow);
- benefit (效益分): `per_participants_unit` for each whole `participants_unit` of participants (scale)
  plus `per_result` for each result;
- bonus (奖励分): `per_commendation` for each upper-level commendation, `per_certificate` for each
  certificate workers gained, `per_chief_title` for each 首席工人 / 首席技师 title.

Points are kept in hundredths (`cp`), so the arithmetic is exact. The maxima add up to 100.
A version some audit uses is frozen: editing it makes the next version, and the old audits keep
the version they were scored with. Standards load from and export to TOML a person can edit; a
field error names the line of the indicator it is about.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from server.errors import FieldError, InvalidInput, NotFound
from server.infra.edge import bound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.infra.types import PositiveCount, Text
from server.messages import NUL_CHARACTER
from server.modules.audit import messages as msg
from server.modules.audit.service.shared import AREAS, FORMS, FundUnit, Points, Rate, require_admin
from server.modules.core import service as activity
from server.platform.roles import SYSTEM, Actor

CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")


class BaseRule(msgspec.Struct, forbid_unknown_fields=True):
    max: Points
    per_project: Rate = 0
    per_fund_unit: Rate = 0
    fund_unit_fen: FundUnit = 1_000_000  # 10,000 yuan


class BenefitRule(msgspec.Struct, forbid_unknown_fields=True):
    max: Points
    per_participants_unit: Rate = 0
    participants_unit: PositiveCount = 100
    per_result: Rate = 0


class BonusRule(msgspec.Struct, forbid_unknown_fields=True):
    max: Points
    per_commendation: Rate = 0
    per_certificate: Rate = 0
    per_chief_title: Rate = 0


class IndicatorIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Text
    area: Text
    name: Text
    form: Text
    base: BaseRule
    benefit: BenefitRule
    bonus: BonusRule


class StandardIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Text
    title: Text
    areas: Annotated[list[Text], Meta(max_length=100)]
    indicators: Annotated[list[IndicatorIn], Meta(max_length=1000)]


class StandardOut(msgspec.Struct):
    id: int
    code: str
    version: int
    title: str
    areas: list[str]
    indicators: list[IndicatorIn]
    used: bool = False

    def indicator(self, code: str) -> IndicatorIn | None:
        return next((i for i in self.indicators if i.code == code), None)


class Rule(msgspec.Struct, frozen=True):
    """An indicator's rule in hundredths of a point: what the scoring arithmetic reads."""

    code: str
    area: str
    base_max: int
    per_project: int
    per_fund_unit: int
    fund_unit_fen: int
    benefit_max: int
    per_participants_unit: int
    participants_unit: int
    per_result: int
    bonus_max: int
    per_commendation: int
    per_certificate: int
    per_chief_title: int

    @property
    def max(self) -> int:
        return self.base_max + self.benefit_max + self.bonus_max


def cp(points: float) -> int:
    """Points to hundredths of a point (exact for two decimals)."""
    return int((Decimal(str(points)) * 100).to_integral_value())


def rule_of(i: IndicatorIn) -> Rule:
    return Rule(
        i.code,
        i.area,
        cp(i.base.max),
        cp(i.base.per_project),
        cp(i.base.per_fund_unit),
        i.base.fund_unit_fen,
        cp(i.benefit.max),
        cp(i.benefit.per_participants_unit),
        i.benefit.participants_unit,
        cp(i.benefit.per_result),
        cp(i.bonus.max),
        cp(i.bonus.per_commendation),
        cp(i.bonus.per_certificate),
        cp(i.bonus.per_chief_title),
    )


class Tally(msgspec.Struct):
    """An indicator's entries summed: what its score is computed from."""

    projects: int = 0
    spending_fen: int = 0
    participants: int = 0
    results: int = 0
    commendations: int = 0
    certificates: int = 0
    chief_titles: int = 0


def parts(rule: Rule, t: Tally) -> tuple[int, int, int]:
    """The base, benefit and bonus of one indicator (hundredths of a point), each capped at its maximum."""
    base = t.projects * rule.per_project + (t.spending_fen // rule.fund_unit_fen) * rule.per_fund_unit
    benefit = (t.participants // rule.participants_unit) * rule.per_participants_unit + t.results * rule.per_result
    bonus = (
        t.commendations * rule.per_commendation
        + t.certificates * rule.per_certificate
        + t.chief_titles * rule.per_chief_title
    )
    return min(base, rule.base_max), min(benefit, rule.benefit_max), min(bonus, rule.bonus_max)


# --- checking a standard ---------------------------------------------------------------------


def _points(value: Any, field: str, errors: list[FieldError], row: int | None) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    if ok:
        try:
            ok = Decimal(str(value)) * 100 == (Decimal(str(value)) * 100).to_integral_value()
        except InvalidOperation:
            ok = False
    if not ok:
        errors.append(FieldError(field, msg.POINTS, row=row))


def _unit(value: Any, field: str, errors: list[FieldError], row: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(FieldError(field, msg.UNIT, row=row))


def check_standard(data: StandardIn, rows: list[int] | None = None) -> list[FieldError]:
    """Every field error of a standard; `rows` are the lines (of its file) of each indicator."""
    errors: list[FieldError] = []
    if not CODE_RE.fullmatch(data.code or ""):
        errors.append(FieldError("code", msg.CODE_FORMAT, limit=40))
    if not 1 <= len((data.title or "").strip()) <= 200:
        errors.append(FieldError("title", msg.TEXT_LENGTH, limit=200))
    choices = "、".join(AREAS)
    for area in AREAS:
        if area not in data.areas:
            errors.append(FieldError("areas", msg.AREA_MISSING, area=area))
    for area in data.areas:
        if area not in AREAS:
            errors.append(FieldError("areas", msg.AREA_UNKNOWN, area=area, choices=choices))
    if not data.indicators:
        errors.append(FieldError("indicators", msg.NO_INDICATORS))
    seen: set[str] = set()
    total = 0
    for n, i in enumerate(data.indicators):
        row = rows[n] if rows and n < len(rows) else (n + 1 if len(data.indicators) > 1 else None)
        if not CODE_RE.fullmatch(i.code or ""):
            errors.append(FieldError("indicators.code", msg.CODE_FORMAT, row=row, limit=20))
        elif i.code in seen:
            errors.append(FieldError("indicators.code", msg.CODE_TWICE, row=row, code=i.code))
        seen.add(i.code)
        if i.area not in AREAS:
            errors.append(FieldError("indicators.area", msg.AREA_UNKNOWN, row=row, area=i.area, choices=choices))
        if not 1 <= len((i.name or "").strip()) <= 200:
            errors.append(FieldError("indicators.name", msg.TEXT_LENGTH, row=row, limit=200))
        if i.form not in FORMS:
            errors.append(FieldError("indicators.form", msg.FORM_UNKNOWN, row=row, choices=", ".join(FORMS)))
        for part, rule in (("base", i.base), ("benefit", i.benefit), ("bonus", i.bonus)):
            for name, value in msgspec.structs.asdict(rule).items():
                field = f"indicators.{part}.{name}"
                if name in ("fund_unit_fen", "participants_unit"):
                    _unit(value, field, errors, row)
                else:
                    _points(value, field, errors, row)
        try:
            total += cp(i.base.max) + cp(i.benefit.max) + cp(i.bonus.max)
        except (InvalidOperation, ValueError, TypeError):
            pass
    for area in AREAS:
        if area in data.areas and not any(i.area == area for i in data.indicators):
            errors.append(FieldError("indicators", msg.AREA_EMPTY, area=area))
    if data.indicators and total != 10000:
        errors.append(FieldError("indicators", msg.MAXIMA_SUM, total=f"{Decimal(total) / 100:g}"))
    return errors


# --- storing standards -----------------------------------------------------------------------

SELECT = (
    "SELECT s.id, s.code, s.version, s.title, s.body, "
    "EXISTS (SELECT 1 FROM audit_case a WHERE a.standard = s.id) AS used FROM audit_standard s"
)


def _out(r: Any) -> StandardOut:
    body = msgspec.json.decode(r["body"]) if isinstance(r["body"], str | bytes) else r["body"]
    return StandardOut(
        id=r["id"],
        code=r["code"],
        version=r["version"],
        title=r["title"],
        areas=body["areas"],
        indicators=msgspec.convert(body["indicators"], list[IndicatorIn]),
        used=r["used"],
    )


async def save_standard(data: StandardIn, actor: Actor = SYSTEM, rows: list[int] | None = None) -> StandardOut:
    """A new standard, or an edit of one (same code): the latest version is changed in place while
    no audit uses it; once one does, the edit is the next version and old audits keep theirs."""
    require_admin(actor)
    errors = check_standard(data, rows)
    if errors:
        raise InvalidInput(errors)
    body = msgspec.json.encode({"areas": data.areas, "indicators": data.indicators}).decode()
    c = conn()
    await c.execute("SELECT pg_advisory_xact_lock(hashtext('audit_standard:' || $1))", data.code)
    latest = await c.fetchrow(
        f"{SELECT} WHERE s.code = $1 ORDER BY s.version DESC LIMIT 1",
        data.code,
    )
    if latest is not None and not latest["used"]:
        await c.execute(
            "UPDATE audit_standard SET title = $2, body = $3::jsonb WHERE id = $1",
            latest["id"],
            data.title.strip(),
            body,
        )
        sid = latest["id"]
    else:
        sid = await c.fetchval(
            "INSERT INTO audit_standard (code, version, title, body, created_at) VALUES ($1, $2, $3, $4::jsonb, now()) "
            "RETURNING id",
            data.code,
            1 if latest is None else latest["version"] + 1,
            data.title.strip(),
            body,
        )
    await activity.record("audit.standard.saved", f"standard:{sid}", {"code": data.code}, actor)
    return await get_standard(sid)


async def get_standard(standard_id: int) -> StandardOut:
    r = await conn().fetchrow(f"{SELECT} WHERE s.id = $1", standard_id)
    if r is None:
        raise NotFound(msg.STANDARD_NOT_FOUND, key=standard_id)
    return _out(r)


async def list_standards(
    *, code: str | None = None, latest: bool = False, limit: int = 50, cursor: str | None = None
) -> Page[StandardOut]:
    """The standards' versions (`latest`: each code's newest version only)."""
    rows, nxt = await keyset_sql(
        f"{SELECT} WHERE ($1::text IS NULL OR s.code = $1) AND (NOT $2 OR s.version = "
        "(SELECT max(version) FROM audit_standard x WHERE x.code = s.code))",
        code,
        latest,
        limit=limit,
        cursor=cursor,
    )
    return Page([_out(r) for r in rows], nxt)


# --- the file a person edits (TOML) ----------------------------------------------------------


_AT = re.compile(r"\s*- at `\$(.*)`$")


def _refused(exc: msgspec.ValidationError, field: str, row: int | None) -> FieldError:
    """A value of the file msgspec refused, named by its place (`indicators.benefit.per_result`);
    a bound (a rate below 0, a unit below 1) in the reader's language, as the API says it."""
    text = str(exc)
    at = _AT.search(text)
    place = at.group(1) if at else ""
    where = field + place if field else place.lstrip(".") or "file"
    reason = _AT.sub("", text)
    if said := bound(reason):
        return FieldError(where, said[0], row=row, **said[1])
    return FieldError(where, msg.BAD_FIELD, row=row, reason=reason)


def parse_toml(text: str) -> tuple[StandardIn, list[int]]:
    """A standard from its TOML text, and the line of each `[[indicators]]` (for field errors)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(FieldError("file", msg.BAD_TOML, reason=str(exc))) from None
    rows = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[indicators]]"]
    errors: list[FieldError] = []
    indicators: list[IndicatorIn] = []
    # A "\u0000" escape is valid TOML; PostgreSQL cannot store a NUL (the API's edge refuses it in JSON).
    for key, value in raw.items():
        if key != "indicators" and _holds_nul(value):
            errors.append(FieldError(key, NUL_CHARACTER))
    for n, item in enumerate(raw.get("indicators") or []):
        if isinstance(item, dict) and (bad := next((k for k, v in item.items() if _holds_nul(v)), None)):
            errors.append(FieldError(f"indicators.{bad}", NUL_CHARACTER, row=rows[n] if n < len(rows) else None))
            continue
        try:
            indicators.append(msgspec.convert(item, IndicatorIn))
        except msgspec.ValidationError as exc:
            errors.append(_refused(exc, "indicators", rows[n] if n < len(rows) else None))
    try:
        head = msgspec.convert({k: raw.get(k) for k in ("code", "title", "areas")} | {"indicators": []}, StandardIn)
    except msgspec.ValidationError as exc:
        errors.append(_refused(exc, "", None))
        head = StandardIn(code="", title="", areas=[], indicators=[])
    if errors:
        raise InvalidInput(errors)
    head.indicators = indicators
    return head, rows


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return msgspec.json.encode(value).decode()  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_toml(s: StandardOut | StandardIn) -> str:
    """The standard as TOML a person can read and edit (and `parse_toml` reads back)."""
    lines = [
        f"# {s.title}" + (f"（第{s.version}版）" if isinstance(s, StandardOut) else ""),
        f"code = {_toml_value(s.code)}",
        f"title = {_toml_value(s.title)}",
        f"areas = {_toml_value(list(s.areas))}",
    ]
    for i in s.indicators:
        lines += ["", "[[indicators]]"]
        lines += [f"{k} = {_toml_value(getattr(i, k))}" for k in ("code", "area", "name", "form")]
        for part in ("base", "benefit", "bonus"):
            fields = msgspec.structs.asdict(getattr(i, part))
            lines.append(f"{part} = {{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in fields.items()) + " }")
    return "\n".join(lines) + "\n"


async def load_standard(text: str | bytes, actor: Actor = SYSTEM) -> StandardOut:
    """A standard from its TOML file (a new one, or an edit of the one with its code)."""
    require_admin(actor)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(FieldError("file", msg.BAD_TOML, reason=str(exc))) from None
    data, rows = parse_toml(text)
    return await save_standard(data, actor, rows)
