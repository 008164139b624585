"""A small world for pairing stories: a zone federation with two enterprise unions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from server.modules.pairing import service
from tests.modules.orgs.factories import make_member, make_org


@dataclass
class World:
    city: int
    zone: int
    steel: int
    chem: int
    elsewhere: int
    people: dict[str, int] = field(default_factory=dict)


async def make_world() -> World:
    """Run inside a tenant scope."""
    city = await make_org("石嘴山市总工会", "city_federation")
    zone = await make_org("高新区总工会", "zone_federation", city.id)
    steel = await make_org("石嘴山钢铁工会", parent_id=zone.id)
    chem = await make_org("英力特化工工会", parent_id=zone.id)
    elsewhere = await make_org("惠农区某厂工会", parent_id=city.id)
    return World(city.id, zone.id, steel.id, chem.id, elsewhere.id)


async def person(world: World, key: str, org: int, trade: str | None, level: int | None) -> int:
    member = await make_member(org, name=key, trade=trade, level=level)
    world.people[key] = member.id
    return member.id


async def programme(world: World, **kw) -> service.ProgrammeOut:
    fields = dict(
        name="2017 高新区名师带高徒",
        scope_org_id=world.zone,
        term_start=dt.date(2017, 3, 1),
        term_end=dt.date(2017, 12, 31),
        target_pairs=3,
    )
    fields.update(kw)
    return await service.create_programme(service.ProgrammeIn(**fields))
