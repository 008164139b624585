"""Programmes (名师带高徒活动): a scope (an org subtree), a term, a target number of pairs and
the pairing rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server import messages
from server.errors import FieldError, InvalidInput, NotFound
from server.infra.pagination import Page, keyset_sql
from server.infra.tenancy import conn
from server.modules.core import service as activity
from server.modules.orgs import service as orgs
from server.modules.pairing.messages import BEFORE_START, ORG_NOT_FOUND, PROGRAMME_NOT_FOUND
from server.modules.pairing.service.common import MAX_CAPACITY, MAX_TARGET_PAIRS, may_act, programme_row, text_field
from server.modules.pairing.service.structs import ProgrammeIn, ProgrammeOut, ProgrammePatch
from server.platform.roles import SYSTEM, Actor

# The columns a programme can be changed by (ProgrammePatch's fields); names for SQL come from here only.
PATCHABLE = tuple(ProgrammePatch.__struct_fields__)


def _check_programme(
    errors: list[FieldError],
    *,
    name: str | None,
    term_start: dt.date | None,
    term_end: dt.date | None,
    target_pairs: int | None,
    year: int | None,
    min_level_gap: int | None,
    default_capacity: int | None,
) -> None:
    if name is not None:
        text_field(name, "name", errors, required=True)
    if term_start and term_end and term_end < term_start:
        errors.append(FieldError("term_end", BEFORE_START))
    if target_pairs is not None and not 0 <= target_pairs <= MAX_TARGET_PAIRS:
        errors.append(FieldError("target_pairs", messages.BETWEEN, low=0, high=MAX_TARGET_PAIRS))
    if year is not None and not 1949 <= year <= 2100:
        errors.append(FieldError("year", messages.BETWEEN, low=1949, high=2100))
    if min_level_gap is not None and not 0 <= min_level_gap <= 4:
        errors.append(FieldError("min_level_gap", messages.BETWEEN, low=0, high=4))
    if default_capacity is not None and not 0 <= default_capacity <= MAX_CAPACITY:
        errors.append(FieldError("default_capacity", messages.BETWEEN, low=0, high=MAX_CAPACITY))


_COUNTS = """(SELECT count(*) FROM pairing_candidate c WHERE c.programme = p.id AND c.role = 'master')::int AS masters,
    (SELECT count(*) FROM pairing_candidate c WHERE c.programme = p.id AND c.role = 'apprentice')::int AS apprentices,
    (SELECT count(*) FROM pairing_agreement a WHERE a.programme = p.id
       AND a.status IN ('active', 'completed'))::int AS agreements,
    (SELECT id FROM pairing_proposal pp WHERE pp.programme = p.id AND pp.status = 'open') AS open_proposal_id"""


def _programme_out_row(row: Any) -> ProgrammeOut:
    return ProgrammeOut(**{k: row[k] for k in ProgrammeOut.__struct_fields__})


async def _programme_out(row: dict[str, Any]) -> ProgrammeOut:
    full = await conn().fetchrow(f"SELECT p.*, {_COUNTS} FROM pairing_programme p WHERE p.id = $1", row["id"])
    return _programme_out_row(full)


async def create_programme(data: ProgrammeIn, actor: Actor = SYSTEM) -> ProgrammeOut:
    errors: list[FieldError] = []
    _check_programme(
        errors,
        name=data.name,
        term_start=data.term_start,
        term_end=data.term_end,
        target_pairs=data.target_pairs,
        year=data.year,
        min_level_gap=data.min_level_gap,
        default_capacity=data.default_capacity,
    )
    scope = (await orgs.get_orgs([data.scope_org_id])).get(data.scope_org_id)
    if scope is None:
        errors.append(FieldError("scope_org_id", ORG_NOT_FOUND, org=data.scope_org_id))
    if errors:
        raise InvalidInput(errors)
    await may_act(data.scope_org_id, actor)
    programme_id = await conn().fetchval(
        """INSERT INTO pairing_programme (name, year, scope_org_id, term_start, term_end, target_pairs,
             same_trade_required, same_enterprise_preferred, min_level_gap, default_capacity, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING id""",
        data.name.strip(),
        data.year or data.term_start.year,
        data.scope_org_id,
        data.term_start,
        data.term_end,
        data.target_pairs,
        data.same_trade_required,
        data.same_enterprise_preferred,
        data.min_level_gap,
        data.default_capacity,
    )
    await activity.record("pairing.programme.created", f"programme:{programme_id}", {"name": data.name.strip()}, actor)
    return await get_programme(programme_id)


async def get_programme(programme_id: int, actor: Actor = SYSTEM) -> ProgrammeOut:
    row = await programme_row(programme_id)
    await may_act(row["scope_org_id"], actor)
    return await _programme_out(row)


async def find_programme(ref: str) -> ProgrammeOut:
    """A programme by id or by exact name (for the CLI)."""
    if ref.strip().isdigit():
        return await get_programme(int(ref))
    row = await conn().fetchrow("SELECT * FROM pairing_programme WHERE name = $1 ORDER BY id DESC LIMIT 1", ref.strip())
    if row is None:
        raise NotFound(PROGRAMME_NOT_FOUND, key=ref)
    return await _programme_out(dict(row))


async def list_programmes(
    *, year: int | None = None, within: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ProgrammeOut]:
    """The programmes, optionally of one year or scoped inside an org's subtree (an officer's reach)."""
    where: list[str] = ["TRUE"]
    args: list[Any] = []
    if year is not None:
        args.append(year)
        where.append(f"year = ${len(args)}")
    if within is not None:
        args.append(await orgs.subtree_ids(within))
        where.append(f"scope_org_id = ANY(${len(args)}::int[])")
    rows, next_cursor = await keyset_sql(
        f"SELECT p.*, {_COUNTS} FROM pairing_programme p WHERE {' AND '.join(where)}",
        *args,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=[_programme_out_row(r) for r in rows], next_cursor=next_cursor)


async def update_programme(programme_id: int, patch: ProgrammePatch, actor: Actor = SYSTEM) -> ProgrammeOut:
    row = await programme_row(programme_id, for_update=True)
    await may_act(row["scope_org_id"], actor)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not None}
    merged = {**row, **changes}
    errors: list[FieldError] = []
    _check_programme(
        errors,
        name=changes.get("name"),
        term_start=merged["term_start"],
        term_end=merged["term_end"],
        target_pairs=changes.get("target_pairs"),
        year=changes.get("year"),
        min_level_gap=changes.get("min_level_gap"),
        default_capacity=changes.get("default_capacity"),
    )
    if errors:
        raise InvalidInput(errors)
    if changes:
        if "name" in changes:
            changes["name"] = changes["name"].strip()
        columns = [k for k in PATCHABLE if k in changes]
        assignments = ", ".join(f"{k} = ${i}" for i, k in enumerate(columns, start=2))
        await conn().execute(
            f"UPDATE pairing_programme SET {assignments} WHERE id = $1", programme_id, *[changes[k] for k in columns]
        )
        await activity.record(
            "pairing.programme.updated", f"programme:{programme_id}", {"fields": sorted(changes)}, actor
        )
    return await get_programme(programme_id)
