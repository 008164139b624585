"""The rotation report: the year's figures of the rotation areas, computed from the records at
request time.

For every area of the tenant (or those rooted inside `?org=`'s subtree): the area's units (the
distinct enterprises of its grassroots unions), grassroots unions and community joint unions as
the org tree stands at the year's end (or `as_of`); the vice chairs with a slot in the year's
published roster, and the slots that ended without a themed series run; the activities by kind
with their person-times (a head count where given, else the roster); the slots' work (plans,
joint meetings, major issues), the bookings of the platforms and the visits received."""

from __future__ import annotations

import datetime as dt

from server.infra.tenancy import conn
from server.modules.contract import Figure, Figures, ReportQuery, Unit, figure_catalogue
from server.modules.orgs import service as orgs
from server.modules.rotation.service.notices import WITHOUT_SERIES
from server.modules.rotation.service.shared import today

FIGURES = figure_catalogue(
    Figure("areas", "轮值片区", "Rotation areas"),
    Figure("units", "单位", "Units (enterprises)"),
    Figure("grassroots_unions", "基层工会", "Grassroots unions"),
    Figure("community_joint_unions", "社区联合工会", "Community joint unions"),
    Figure("vice_chairs", "轮值副主席", "Rotating vice chairs", Unit.person),
    Figure("vice_chair_slots", "副主席轮值班次", "Vice chair slots"),
    Figure("slots_without_series", "未开展系列活动的轮值期", "Slots ended without a themed series"),
    Figure("activity_series", "系列活动", "Activity series"),
    Figure("themes", "年度活动主题", "Themes of the year"),
    Figure("work_plans", "月度工作计划", "Monthly work plans"),
    Figure("joint_meetings", "联席会议", "Joint meetings"),
    Figure("major_issues", "重大事项", "Major issues"),
    Figure("major_issues_resolved", "已解决的重大事项", "Major issues resolved"),
    Figure("visits", "走访", "Visits received"),
    Figure("bookings", "阵地预约", "Platform bookings"),
    Figure("cultural_events", "文体活动", "Cultural events"),
    Figure("cultural_person_times", "文体活动参与人次", "Cultural events: person-times", Unit.person_time),
    Figure("trainings", "培训", "Trainings"),
    Figure("training_person_times", "培训人次", "Trainings: person-times", Unit.person_time),
    Figure("tutoring_classes", "辅导班", "Tutoring classes"),
    Figure("volunteer_activities", "志愿服务", "Volunteer activities"),
    Figure("skills_contests", "技能比赛", "Skills contests"),
    Figure("skills_contest_workers", "技能比赛参赛人次", "Skills contests: person-times", Unit.person_time),
    Figure("health_talks", "健康讲座", "Health talks"),
    Figure("warmth_and_coolness", "送温暖送清凉", "Warmth and coolness visits"),
    Figure("activities", "活动", "Activities"),
    Figure("person_times", "活动参与人次", "Person-times of all activities", Unit.person_time),
    Figure("series_activities", "系列活动中的活动", "Activities within a series"),
)

YEARS_SQL = """
SELECT year::int AS year FROM rot_roster
UNION SELECT year::int FROM rot_theme
UNION SELECT extract(year FROM held_on)::int FROM rot_activity
UNION SELECT extract(year FROM held_on)::int FROM rot_meeting
UNION SELECT extract(year FROM visited_on)::int FROM rot_visit
"""

ACTIVITIES_SQL = """
SELECT count(*) FILTER (WHERE a.kind = 'cultural')::int AS cultural_events,
       coalesce(sum(pt) FILTER (WHERE a.kind = 'cultural'), 0)::int AS cultural_person_times,
       count(*) FILTER (WHERE a.kind = 'training')::int AS trainings,
       coalesce(sum(pt) FILTER (WHERE a.kind = 'training'), 0)::int AS training_person_times,
       count(*) FILTER (WHERE a.kind = 'tutoring')::int AS tutoring_classes,
       count(*) FILTER (WHERE a.kind = 'volunteer')::int AS volunteer_activities,
       count(*) FILTER (WHERE a.kind = 'skills_contest')::int AS skills_contests,
       coalesce(sum(pt) FILTER (WHERE a.kind = 'skills_contest'), 0)::int AS skills_contest_workers,
       count(*) FILTER (WHERE a.kind = 'health_talk')::int AS health_talks,
       count(*) FILTER (WHERE a.kind IN ('warmth', 'coolness'))::int AS warmth_and_coolness,
       count(*)::int AS activities, coalesce(sum(pt), 0)::int AS person_times,
       count(*) FILTER (WHERE a.series_id IS NOT NULL)::int AS series_activities
  FROM (SELECT a.*, coalesce(a.head_count, (SELECT count(*) FROM rot_participant p WHERE p.activity_id = a.id)) AS pt
          FROM rot_activity a WHERE a.area_id = ANY($1::int[]) AND a.held_on >= $2 AND a.held_on < $3) a
"""

WORK_SQL = f"""
SELECT (SELECT count(DISTINCT s.chair_id) FROM rot_slot s JOIN rot_roster r ON r.id = s.roster_id
         WHERE r.area_id = ANY($1::int[]) AND r.year = $4 AND r.state = 'published' AND s.role = 'vice_chair')::int
         AS vice_chairs,
       (SELECT count(*) FROM rot_slot s JOIN rot_roster r ON r.id = s.roster_id
         WHERE r.area_id = ANY($1::int[]) AND r.year = $4 AND r.state = 'published' AND s.role = 'vice_chair')::int
         AS vice_chair_slots,
       (SELECT count(*) FROM rot_slot s JOIN rot_roster r ON r.id = s.roster_id
         WHERE r.area_id = ANY($1::int[]) AND r.year = $4 AND s.ends_on < $5 AND {WITHOUT_SERIES})::int
         AS slots_without_series,
       (SELECT count(*) FROM rot_series x JOIN rot_slot s ON s.id = x.slot_id JOIN rot_roster r ON r.id = s.roster_id
         WHERE r.area_id = ANY($1::int[]) AND r.year = $4)::int AS activity_series,
       (SELECT count(*) FROM rot_theme t WHERE t.area_id = ANY($1::int[]) AND t.year = $4)::int AS themes,
       (SELECT count(*) FROM rot_work_plan w JOIN rot_slot s ON s.id = w.slot_id
         WHERE s.area_id = ANY($1::int[]) AND w.month >= $2 AND w.month < $3)::int AS work_plans,
       (SELECT count(*) FROM rot_meeting m JOIN rot_slot s ON s.id = m.slot_id
         WHERE s.area_id = ANY($1::int[]) AND m.held_on >= $2 AND m.held_on < $3)::int AS joint_meetings,
       (SELECT count(*) FROM rot_issue i JOIN rot_slot s ON s.id = i.slot_id
         WHERE s.area_id = ANY($1::int[]) AND i.raised_on >= $2 AND i.raised_on < $3)::int AS major_issues,
       (SELECT count(*) FROM rot_issue i JOIN rot_slot s ON s.id = i.slot_id
         WHERE s.area_id = ANY($1::int[]) AND i.raised_on >= $2 AND i.raised_on < $3
           AND i.resolved_on IS NOT NULL)::int AS major_issues_resolved,
       (SELECT count(*) FROM rot_visit v WHERE v.area_id = ANY($1::int[]) AND v.visited_on >= $2
           AND v.visited_on < $3)::int AS visits,
       (SELECT count(*) FROM rot_booking b JOIN rot_platform p ON p.id = b.platform_id
         WHERE p.area_id = ANY($1::int[]) AND b.state = 'booked'
           AND b.starts_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
           AND b.starts_at < ($3::date)::timestamp AT TIME ZONE 'Asia/Shanghai')::int AS bookings
"""


async def report(query: ReportQuery) -> Figures:
    return await figures(query.year, query.org, query.as_of)


async def figures(year: int, org_id: int | None = None, as_of: dt.date | None = None) -> Figures:
    """The rotation figures of a year, from the records (the areas rooted inside `org_id`'s subtree when given)."""
    c = conn()
    first, following = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    day = as_of or min(dt.date(year, 12, 31), today())
    roots = await orgs.subtree_ids(org_id) if org_id is not None else None
    areas = await c.fetch(
        "SELECT id, root_org_id FROM rot_area WHERE ($1::int[] IS NULL OR root_org_id = ANY($1)) ORDER BY id", roots
    )
    area_ids = [a["id"] for a in areas]
    units: set[str] = set()
    grassroots = joint = 0
    for a in areas:
        ids = await orgs.subtree_ids(a["root_org_id"], day) or await orgs.subtree_ids(a["root_org_id"])
        tree = await orgs.get_orgs(ids)
        for o in tree.values():
            if o.type == "enterprise_union":
                grassroots += 1
                units.add((o.enterprise_name or o.name).strip())
            elif o.type == "joint_union" and o.id != a["root_org_id"]:
                joint += 1
    acts = dict(await c.fetchrow(ACTIVITIES_SQL, area_ids, first, following))
    work = dict(await c.fetchrow(WORK_SQL, area_ids, first, following, year, min(following, today())))
    return {
        "areas": len(areas),
        "units": len(units),
        "grassroots_unions": grassroots,
        "community_joint_unions": joint,
        **{k: int(v) for k, v in work.items()},
        **{k: int(v) for k, v in acts.items()},
    }
