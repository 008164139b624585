"""Demo data: Qingtongxia's 2017 four systems (四制), from which the report gives the article's
figures.

On the orgs demo's enterprise unions: the 23 units that had no representatives elected them in
2017 (398 seats, each election at 1:2 with its candidates' statements and tallies, published);
366 representatives took pre-duty training; 7 units wrote the term into their rules; 12 units
evaluated their representatives (anonymous ballots, nobody recalled); 6 units undertook to reward
them; 216 proposals were filed, which revised 52 rules, found 32 management problems, avoided
750,000 yuan of losses, built or renovated 1,020 m² of canteens and dormitories and 10 reading
rooms, and cancelled overtime 17 times.

Other tenants with `reps` on get nothing: they hold their own elections.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.orgs import service as orgs
from server.modules.reps import messages as msg

YEAR = 2017
UNITS = 23
SEATS = 398
TRAINED = 366
TERM_IN_RULES = 7
EVALUATED = 12
REWARDING = 6
PROPOSALS = 216
MIN_BALLOTS = 5
STATEMENTS = [
    "我将如实反映职工的意见和诉求，做职工的贴心人。",
    "当选后我会经常走访班组，把大家的建议带到职代会上。",
    "我愿意为改善食堂和宿舍条件多出力。",
    "我会认真学习劳动法律法规，维护大家的合法权益。",
]
TOPICS = ["修订考勤制度", "改善职工食堂", "宿舍维修", "建设职工书屋", "减少加班加点", "安全生产隐患排查", "节能降耗"]


def _seats(capacity: list[int], total: int) -> list[int]:
    """Seats per unit: at most half its members (so the list can hold 1:2), summing to `total`."""
    seats = [c // 2 for c in capacity]
    while sum(seats) > total:
        i = max(range(len(seats)), key=lambda k: seats[k])
        seats[i] -= 1
    return seats


def _outcomes(n: int) -> list[dict[str, int]]:
    rows = [dict.fromkeys(("rules", "problems", "loss", "m2", "rooms", "overtime"), 0) for _ in range(n)]
    for i in range(52):
        rows[i]["rules"] = 1
    for i in range(52, 84):
        rows[i]["problems"] = 1
    for i in range(84, 89):
        rows[i]["loss"] = 15_000_000  # 15万元 each: 75万元
    for i, m2 in zip(range(89, 95), (200, 200, 200, 150, 150, 120), strict=True):
        rows[i]["m2"] = m2
    for i in range(95, 105):
        rows[i]["rooms"] = 1
    for i in range(105, 122):
        rows[i]["overtime"] = 1
    return rows


async def _enterprise_unions() -> list[orgs.OrgOut]:
    found: list[orgs.OrgOut] = []
    cursor = None
    while True:
        page = await orgs.list_orgs(type="enterprise_union", limit=200, cursor=cursor)
        found += page.items
        if not page.next_cursor:
            return found
        cursor = page.next_cursor


async def load(ctx: DemoContext) -> None:
    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:reps")
    async with tenant_scope(ctx.tenant):
        c = conn()
        if await c.fetchval("SELECT EXISTS (SELECT 1 FROM rep_congress)"):
            ctx.say(msg.DEMO_SKIPPED)
            return
        if ctx.extras.get("dataset", ctx.tenant) != "qingtongxia":
            return
        unions = await _enterprise_unions()
        staff = {u.id: await orgs.member_ids_in([u.id]) for u in unions}
        chosen = sorted(unions, key=lambda u: (-len(staff[u.id]), u.id))[:UNITS]
        seats = _seats([len(staff[u.id]) for u in chosen], SEATS)
        if len(chosen) < UNITS or sum(seats) < SEATS:
            ctx.say(msg.DEMO_TOO_FEW)
            return
        n = len(chosen)
        starts = [dt.date(YEAR, 1 + i % 6, 1) for i in range(n)]
        congress_ids = await c.fetch(
            "INSERT INTO rep_congress (org_id, name, starts_on, ends_on, conditions, min_level, term_in_rules, "
            "rewards_promised, created_at) SELECT o, '第' || (3 + i % 4) || '届职工代表大会', s, "
            "(s + interval '5 years' - interval '1 day')::date, '本单位在岗会员，爱岗敬业，群众基础好', NULL, "
            "i <= $3, i > $3 AND i <= $3 + $4, now() "
            "FROM unnest($1::int[], $2::date[]) WITH ORDINALITY AS t(o, s, i) ORDER BY i RETURNING id",
            [u.id for u in chosen],
            starts,
            TERM_IN_RULES,
            REWARDING,
        )
        cids = [r["id"] for r in congress_ids]
        const_ids = [
            r["id"]
            for r in await c.fetch(
                "INSERT INTO rep_constituency (congress_id, org_id, name, seats) "
                "SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::smallint[]) RETURNING id",
                cids,
                [u.id for u in chosen],
                ["全体职工" for _ in chosen],
                seats,
            )
        ]
        held = [s + dt.timedelta(days=20) for s in starts]
        eids = [
            r["id"]
            for r in await c.fetch(
                "INSERT INTO rep_election (constituency_id, kind, seats, held_on, state, round, runoff_ids, "
                "electorate, published_at, created_at) SELECT k, 'regular', s, h, 'published', 1, '{}', '{}', "
                "now(), now() FROM unnest($1::int[], $2::smallint[], $3::date[]) AS t(k, s, h) RETURNING id",
                const_ids,
                seats,
                held,
            )
        ]
        await c.execute(
            "UPDATE rep_election e SET electorate = ARRAY(SELECT jsonb_array_elements_text(j.value)::int) "
            "FROM jsonb_each($1::jsonb) j WHERE e.id = j.key::int",
            json.dumps({str(e): staff[u.id] for e, u in zip(eids, chosen, strict=True)}),
        )
        cand_e: list[int] = []
        cand_m: list[int] = []
        cand_v: list[int] = []
        cand_won: list[bool] = []
        cand_s: list[str] = []
        for e, u, k in zip(eids, chosen, seats, strict=True):
            voters = len(staff[u.id])
            people = rng.sample(staff[u.id], 2 * k)
            tally = sorted((rng.randint(voters // 2 + 1, voters) for _ in range(k)), reverse=True)
            tally += sorted((rng.randint(1, voters // 2) for _ in range(k)), reverse=True)
            for i, (m, v) in enumerate(zip(people, tally, strict=True)):
                cand_e.append(e)
                cand_m.append(m)
                cand_v.append(v)
                cand_won.append(i < k)
                cand_s.append(rng.choice(STATEMENTS))
        await c.execute(
            "INSERT INTO rep_candidate (election_id, member_id, statement, votes, elected) "
            "SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::bool[])",
            cand_e,
            cand_m,
            cand_s,
            cand_v,
            cand_won,
        )
        reps = await c.fetch(
            "INSERT INTO rep_representative (congress_id, constituency_id, election_id, member_id, starts_on, "
            "ends_on, state, left_reason) SELECT s.congress_id, s.id, e.id, k.member_id, g.starts_on, g.ends_on, "
            "'seated', '' FROM rep_candidate k JOIN rep_election e ON e.id = k.election_id "
            "JOIN rep_constituency s ON s.id = e.constituency_id JOIN rep_congress g ON g.id = s.congress_id "
            "WHERE k.elected AND e.id = ANY($1) ORDER BY k.id RETURNING id, constituency_id, member_id",
            eids,
        )
        rep_ids = [r["id"] for r in reps]
        trained = sorted(rng.sample(rep_ids, TRAINED))
        await c.execute(
            "UPDATE rep_representative SET trained_on = starts_on + 10 WHERE id = ANY($1)",
            trained,
        )
        await c.execute(
            "INSERT INTO rep_duty (representative_id, kind, done_on, minutes, note) "
            "SELECT id, 'training', trained_on, 240, '岗前培训' FROM rep_representative WHERE id = ANY($1) "
            "UNION ALL SELECT id, 'meeting', starts_on + 60, 180, '参加职代会' FROM rep_representative "
            "WHERE id = ANY($2)",
            trained,
            rep_ids,
        )
        # 12 units evaluated their representatives: five constituents' ballots each, nobody recalled
        ev_ids = [
            r["id"]
            for r in await c.fetch(
                "INSERT INTO rep_evaluation (constituency_id, opened_on, min_ballots, state, electorate) "
                "SELECT k, $2, $3, 'closed', '{}' FROM unnest($1::int[]) AS t(k) RETURNING id",
                const_ids[:EVALUATED],
                dt.date(YEAR, 11, 20),
                MIN_BALLOTS,
            )
        ]
        ev_of = dict(zip(const_ids[:EVALUATED], ev_ids, strict=True))
        unit_of = dict(zip(const_ids, chosen, strict=True))
        roll: list[tuple[int, int, int]] = []
        box: list[tuple[int, int, str, int]] = []
        for r in reps:
            ev = ev_of.get(r["constituency_id"])
            if ev is None:
                continue
            for voter in rng.sample(staff[unit_of[r["constituency_id"]].id], MIN_BALLOTS):
                roll.append((ev, r["id"], voter))
                verdict = rng.choices(["satisfied", "basic", "dissatisfied"], [70, 25, 5])[0]
                box.append((ev, r["id"], verdict, {"satisfied": 95, "basic": 80, "dissatisfied": 40}[verdict]))
        rng.shuffle(box)
        await c.execute(
            "INSERT INTO rep_evaluation_voter (id, evaluation_id, representative_id, member_id, voted_on, by_teller) "
            "SELECT *, $5::date, true FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[])",
            [uuid.uuid4() for _ in roll],
            [x[0] for x in roll],
            [x[1] for x in roll],
            [x[2] for x in roll],
            dt.date(YEAR, 11, 25),
        )
        await c.execute(
            "INSERT INTO rep_ballot (id, evaluation_id, representative_id, verdict, score) "
            "SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::smallint[])",
            [uuid.uuid4() for _ in box],
            [x[0] for x in box],
            [x[1] for x in box],
            [x[2] for x in box],
            [x[3] for x in box],
        )
        # 216 proposals and their outcomes
        out = _outcomes(PROPOSALS)
        authors = [rng.choice(reps) for _ in range(PROPOSALS)]
        org_of = {cid: u.id for cid, u in zip(const_ids, chosen, strict=True)}
        states = ["adopted" if any(o.values()) else rng.choice(["accepted", "adopted", "rejected"]) for o in out]
        await c.execute(
            "INSERT INTO rep_proposal (representative_id, org_id, title, body, filed_on, state, reason, excellent, "
            "rules_revised, problems_found, loss_avoided_fen, facilities_m2, reading_rooms, overtime_cancelled, "
            "complaint_ids) SELECT r, o, t, '', f, s, CASE WHEN s = 'rejected' THEN '暂不具备实施条件' ELSE '' END, "
            "x, a, b, c, d, e, g, '{}' FROM unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::text[], "
            "$6::bool[], $7::int[], $8::int[], $9::bigint[], $10::int[], $11::int[], $12::int[]) "
            "AS t(r, o, t, f, s, x, a, b, c, d, e, g)",
            [a["id"] for a in authors],
            [org_of[a["constituency_id"]] for a in authors],
            [f"关于{rng.choice(TOPICS)}的提案" for _ in authors],
            [dt.date(YEAR, 3, 1) + dt.timedelta(days=rng.randint(0, 290)) for _ in authors],
            states,
            [bool(o["loss"] or o["m2"]) for o in out],
            [o["rules"] for o in out],
            [o["problems"] for o in out],
            [o["loss"] for o in out],
            [o["m2"] for o in out],
            [o["rooms"] for o in out],
            [o["overtime"] for o in out],
        )
        await c.execute("ANALYZE rep_representative; ANALYZE rep_proposal")
        ctx.say(msg.DEMO_LOADED, units=n, reps=len(rep_ids), proposals=PROPOSALS)
