"""The orgs report: figures computed from the records at request time.

Per org subtree (or the whole tenant) as of a date (default: the year's last
day): orgs by type, enterprises, members, migrant workers, social workers.
For the year: what restructuring moved (the 2017 Shizuishan figures) and the
development zones' enterprises and workers.
"""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs.service import OrgType, subtree_ids
from server.modules.orgs.service.common import ORG_TYPE_ZH

_ORG_TYPE_EN = {
    "city_federation": "city federations",
    "county_federation": "county federations",
    "zone_federation": "zone federations",
    "industry_union": "industry unions",
    "joint_union": "joint unions",
    "enterprise_union": "enterprise unions",
}

FIGURES = figure_catalogue(
    Figure("orgs", "工会组织", "Union organisations"),
    *(Figure(f"orgs_{t.value}", ORG_TYPE_ZH[t.value], _ORG_TYPE_EN[t.value].capitalize()) for t in OrgType),
    Figure("enterprises", "企业", "Enterprises"),
    Figure("non_public_enterprises", "非公企业", "Non-public enterprises"),
    Figure("above_scale_enterprises", "规模以上企业", "Enterprises above designated size"),
    Figure("non_public_above_scale_enterprises", "规模以上非公企业", "Non-public enterprises above designated size"),
    Figure("members", "会员", "Members", Unit.person),
    Figure("migrant_workers", "农民工会员", "Migrant worker members", Unit.person),
    Figure("qualified_workers", "有职业资格的会员", "Members with a qualification", Unit.person),
    Figure("joined_in_year", "年内入会", "Joined in the year", Unit.person),
    Figure("social_workers", "社会工作者", "Social workers", Unit.person),
    Figure("zones", "开发区", "Development zones"),
    Figure("zone_enterprises", "开发区企业", "Enterprises in zones"),
    Figure("zone_workers", "开发区职工", "Workers in zones", Unit.person),
    Figure("moved_orgs", "调整隶属关系的组织", "Orgs moved to another parent"),
    Figure(
        "moved_direct_unions",
        "由市总划归开发区、产业工会的工会",
        "Unions moved from the city federation to zones and industries",
    ),
    Figure("moved_enterprise_unions", "由县区划入开发区的企业工会", "Enterprise unions moved from counties into zones"),
    Figure("new_zone_federations", "新建开发区总工会", "Zone federations founded"),
    Figure("new_industry_unions", "新建产业工会", "Industry unions founded"),
    Figure("social_workers_assigned", "新派驻开发区的社会工作者", "Social workers assigned to zones", Unit.person),
    Figure("plans_applied", "实施的调整方案", "Restructuring plans applied"),
)

# The org tree is a state: every year from its first dated link to this year has figures.
YEARS_SQL = """
SELECT generate_series(min(extract(year FROM valid_from))::int,
                       extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int) AS year
  FROM org_link HAVING count(*) > 0
"""


async def report(query: ReportQuery) -> Figures:
    day = query.as_of or dt.date(query.year, 12, 31)
    start, end = dt.date(query.year, 1, 1), dt.date(query.year + 1, 1, 1)
    c = conn()
    if query.org is not None:
        scope = await subtree_ids(query.org, as_of=day)
    else:
        scope = [
            r["org_id"]
            for r in await c.fetch(
                "SELECT org_id FROM org_link WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)", day
            )
        ]
    figures: Figures = {}
    by_type = {
        r["type"]: r["n"]
        for r in await c.fetch(
            "SELECT type, count(*)::int AS n FROM org WHERE id = ANY($1::int[]) GROUP BY type", scope
        )
    }
    figures["orgs"] = sum(by_type.values())
    for t in OrgType:
        figures[f"orgs_{t.value}"] = by_type.get(t.value, 0)
    ent = await c.fetchrow(
        """SELECT count(*)::int AS enterprises,
                  count(*) FILTER (WHERE public_sector IS FALSE)::int AS non_public,
                  count(*) FILTER (WHERE above_scale IS TRUE)::int AS above_scale,
                  count(*) FILTER (WHERE public_sector IS FALSE AND above_scale IS TRUE)::int AS non_public_above_scale
           FROM org WHERE id = ANY($1::int[]) AND type = 'enterprise_union'""",
        scope,
    )
    figures["enterprises"] = ent["enterprises"]
    figures["non_public_enterprises"] = ent["non_public"]
    figures["above_scale_enterprises"] = ent["above_scale"]
    figures["non_public_above_scale_enterprises"] = ent["non_public_above_scale"]
    people = await c.fetchrow(
        """SELECT count(*)::int AS members, count(*) FILTER (WHERE m.migrant)::int AS migrant,
                  count(*) FILTER (WHERE m.level IS NOT NULL)::int AS qualified
           FROM placement p JOIN member m ON m.id = p.member_id
           WHERE p.org_id = ANY($1::int[]) AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)""",
        scope,
        day,
    )
    figures["members"] = people["members"]
    figures["migrant_workers"] = people["migrant"]
    figures["qualified_workers"] = people["qualified"]
    figures["joined_in_year"] = await c.fetchval(  # in a union of the scope on the day they joined
        """SELECT count(*)::int FROM member m JOIN placement p ON p.member_id = m.id
             AND p.valid_from <= m.joined_on AND (p.valid_to IS NULL OR p.valid_to > m.joined_on)
           WHERE p.org_id = ANY($1::int[]) AND m.joined_on >= $2 AND m.joined_on < $3""",
        scope,
        start,
        end,
    )
    figures["social_workers"] = await c.fetchval(
        """SELECT count(*)::int FROM social_worker WHERE org_id = ANY($1::int[]) AND started_on <= $2
           AND (ended_on IS NULL OR ended_on > $2)""",
        scope,
        day,
    )

    # Development zones (开发区) and their enterprises and workers as of the day.
    zone = await c.fetchrow(
        """SELECT (SELECT count(*) FROM zone z WHERE (z.founded_on IS NULL OR z.founded_on <= $2)
                     AND ($3::int IS NULL OR EXISTS (  -- of an org's subtree: the zones its enterprises are in
                           SELECT 1 FROM org o WHERE o.zone_id = z.id AND o.id = ANY($1::int[]))))::int AS zones,
                  (SELECT count(*) FROM org o WHERE o.zone_id IS NOT NULL AND o.type = 'enterprise_union'
                     AND o.id = ANY($1::int[]))::int AS enterprises,
                  (SELECT count(*) FROM placement p JOIN org o ON o.id = p.org_id
                     WHERE o.zone_id IS NOT NULL AND o.id = ANY($1::int[])
                       AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2))::int AS workers""",
        scope,
        day,
        query.org,
    )
    figures["zones"] = zone["zones"]
    figures["zone_enterprises"] = zone["enterprises"]
    figures["zone_workers"] = zone["workers"]

    # Restructuring in the year: each move is a link whose predecessor (same org, ending the
    # day it starts) had another parent. Rolled-back plans left no links, so they count nothing.
    moved = await c.fetchrow(
        """SELECT count(*)::int AS moves,
                  count(*) FILTER (WHERE op.type = 'city_federation'
                                   AND np.type IN ('zone_federation', 'industry_union'))::int AS direct,
                  count(*) FILTER (WHERE o.type = 'enterprise_union' AND op.type = 'county_federation'
                                   AND np.type = 'zone_federation')::int AS enterprise
           FROM org_link l
           JOIN org_link prev ON prev.org_id = l.org_id AND prev.valid_to = l.valid_from AND prev.id <> l.id
           JOIN org o ON o.id = l.org_id
           LEFT JOIN org op ON op.id = prev.parent_id
           LEFT JOIN org np ON np.id = l.parent_id
           WHERE l.valid_from >= $2 AND l.valid_from < $3 AND l.org_id = ANY($1::int[])
             AND prev.parent_id IS DISTINCT FROM l.parent_id""",
        scope,
        start,
        end,
    )
    figures["moved_orgs"] = moved["moves"]
    figures["moved_direct_unions"] = moved["direct"]
    figures["moved_enterprise_unions"] = moved["enterprise"]
    new = await c.fetchrow(
        """SELECT count(*) FILTER (WHERE type = 'zone_federation')::int AS zone_feds,
                  count(*) FILTER (WHERE type = 'industry_union')::int AS industry
           FROM org WHERE founded_on >= $2 AND founded_on < $3 AND id = ANY($1::int[])""",
        scope,
        start,
        end,
    )
    figures["new_zone_federations"] = new["zone_feds"]
    figures["new_industry_unions"] = new["industry"]
    figures["social_workers_assigned"] = await c.fetchval(
        """SELECT count(*)::int FROM social_worker s JOIN org o ON o.id = s.org_id
           WHERE o.type = 'zone_federation' AND s.started_on >= $2 AND s.started_on < $3
             AND s.org_id = ANY($1::int[])""",
        scope,
        start,
        end,
    )
    figures["plans_applied"] = await c.fetchval(  # of an org's subtree: the plans that moved one of its orgs
        """SELECT count(*)::int FROM plan p WHERE p.status = 'applied' AND p.effective_on >= $1 AND p.effective_on < $2
             AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM plan_move pm WHERE pm.plan_id = p.id
                                             AND pm.org_id = ANY($4::int[])))""",
        start,
        end,
        query.org,
        scope,
    )
    return figures
