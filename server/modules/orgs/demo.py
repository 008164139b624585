"""Demo datasets: a plausible org tree with members for every tenant (seeded, so
reproducible), and for Shizuishan the 2017 development-zone restructuring from
which the report gives the article's figures: 4 zones with 287 enterprises and
61,000+ workers; a plan moving 48 directly-affiliated unions and 602 county-
managed enterprise unions under 3 new zone federations and 3 new industry
unions; 41 social union workers assigned to the zone federations. A second plan, for
2018, is left as a draft to preview: a federation for the fine-chemicals base.

Everything is written with COPY (tens of thousands of members in seconds);
the Shizuishan plan goes through the real `restructure.apply_plan`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from server.infra.tenancy import conn, tenant_scope
from server.modules.contract import DemoContext
from server.modules.core import service as activity
from server.modules.orgs import creditcode, idcard, restructure
from server.modules.orgs import messages as msg
from server.modules.orgs.protect import keys

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文辉建华红玉兰海燕鹏飞志强小红晓东宁丹峰婷雪梅春梅"
    "立新国庆建国卫东永红玉梅凤兰德胜振华宏亮"
)
TRADES = (
    "焊工",
    "电工",
    "钳工",
    "车工",
    "化工操作工",
    "维修电工",
    "铣工",
    "起重工",
    "冶炼工",
    "司机",
    "仓管员",
    "电焊工",
    "机修工",
    "锅炉工",
    "质检员",
    "数控车工",
    "装配工",
    "仪表工",
    "管道工",
    "教师",
    "护士",
    "会计",
)
ENTERPRISE_WORDS = (
    "宁夏",
    "石嘴山",
    "银川",
    "吴忠",
    "青铜峡",
    "塞上",
    "贺兰山",
    "黄河",
    "星海",
    "沙湖",
    "宝丰",
    "天元",
    "恒力",
    "英力特",
    "华夏",
    "金昱元",
    "瑞泰",
    "大地",
    "荣华",
    "新材料",
    "鑫源",
    "宏达",
    "中冶",
    "东方",
)
INDUSTRY_WORDS = (
    "化工",
    "冶金",
    "机械",
    "电力",
    "煤业",
    "建材",
    "新材料",
    "能源",
    "食品",
    "物流",
    "纺织",
    "制药",
    "硅业",
    "碳素",
    "陶瓷",
    "建筑",
    "商贸",
    "科技",
)
SUFFIX = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司")


class Builder:
    """Collects orgs and members in memory, then writes them with COPY."""

    def __init__(self, rng: random.Random, regions: list[str], credit_region: str):
        self.rng = rng
        self.regions = regions
        self.credit_region = credit_region
        self.orgs: list[dict[str, Any]] = []
        self.members: list[tuple] = []
        self._ids: set[str] = set()
        self._codes: set[str] = set()
        self._names: set[str] = set()

    def org(
        self, name: str, type: str, parent: int | None = None, founded: dt.date | None = None, **fields: Any
    ) -> int:
        self.orgs.append(
            dict(
                name=name,
                type=type,
                parent=parent,
                founded_on=founded,
                enterprise_name=None,
                credit_code=None,
                public_sector=None,
                above_scale=None,
                zone_id=None,
            )
            | fields
        )
        return len(self.orgs) - 1

    def enterprise_name(self) -> str:
        while True:
            name = self.rng.choice(ENTERPRISE_WORDS) + self.rng.choice(INDUSTRY_WORDS) + self.rng.choice(SUFFIX)
            if name not in self._names:
                self._names.add(name)
                return name
            name = (
                self.rng.choice(ENTERPRISE_WORDS)
                + self.rng.choice(ENTERPRISE_WORDS)
                + self.rng.choice(INDUSTRY_WORDS)
                + self.rng.choice(SUFFIX)
            )
            if name not in self._names:
                self._names.add(name)
                return name

    def credit_code(self) -> str:
        while True:
            code = creditcode.generate(self.rng, self.credit_region)
            if code not in self._codes:
                self._codes.add(code)
                return code

    def enterprise(
        self,
        parent: int | None,
        *,
        public: bool | None = None,
        above: bool | None = None,
        founded: dt.date | None = None,
        **fields: Any,
    ) -> int:
        rng = self.rng
        name = self.enterprise_name()
        return self.org(
            name + "工会",
            "enterprise_union",
            parent,
            founded or dt.date(rng.randint(1995, 2015), rng.randint(1, 12), rng.randint(1, 28)),
            enterprise_name=name,
            credit_code=self.credit_code(),
            public_sector=rng.random() < 0.2 if public is None else public,
            above_scale=rng.random() < 0.45 if above is None else above,
            **fields,
        )

    def person_name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) if rng.random() < 0.35 else rng.choice(GIVEN) + rng.choice(GIVEN)
        return rng.choice(SURNAMES) + given

    def staff(self, org: int, count: int, *, latest_join: dt.date = dt.date(2017, 10, 31)) -> None:
        rng = self.rng
        for _ in range(count):
            gender = "M" if rng.random() < 0.62 else "F"
            birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
            while True:
                number = idcard.generate(rng, birth, gender, rng.choice(self.regions))
                if number not in self._ids:
                    self._ids.add(number)
                    break
                birth += dt.timedelta(days=1)
            earliest = max(dt.date(birth.year + 18, birth.month, min(birth.day, 28)), dt.date(1995, 1, 1))
            span = (latest_join - earliest).days
            joined = earliest + dt.timedelta(days=rng.randrange(span)) if span > 0 else latest_join
            level = rng.choices((None, 1, 2, 3, 4, 5), weights=(45, 2, 5, 12, 18, 18))[0]
            phone = (
                "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
                if rng.random() < 0.9
                else None
            )
            self.members.append(
                (
                    org,
                    self.person_name(),
                    number,
                    gender,
                    birth,
                    phone,
                    rng.choice(TRADES),
                    level,
                    rng.random() < 0.35,
                    joined,
                )
            )

    async def write(self) -> list[int]:
        """COPY the orgs (with their links) and members (with placements); return the org ids."""
        c = conn()
        ids = [
            r["id"]
            for r in await c.fetch(
                "SELECT nextval(pg_get_serial_sequence('org', 'id'))::int AS id FROM generate_series(1, $1)",
                len(self.orgs),
            )
        ]
        now = dt.datetime.now(dt.UTC)
        await c.copy_records_to_table(
            "org",
            columns=[
                "id",
                "name",
                "type",
                "parent_id",
                "enterprise_name",
                "credit_code",
                "public_sector",
                "above_scale",
                "zone_id",
                "founded_on",
                "created_at",
            ],
            records=[
                (
                    ids[i],
                    o["name"],
                    o["type"],
                    ids[o["parent"]] if o["parent"] is not None else None,
                    o["enterprise_name"],
                    o["credit_code"],
                    o["public_sector"],
                    o["above_scale"],
                    o["zone_id"],
                    o["founded_on"],
                    now,
                )
                for i, o in enumerate(self.orgs)
            ],
        )
        await c.copy_records_to_table(
            "org_link",
            columns=["org_id", "parent_id", "valid_from"],
            records=[
                (ids[i], ids[o["parent"]] if o["parent"] is not None else None, o["founded_on"] or dt.date(1900, 1, 1))
                for i, o in enumerate(self.orgs)
            ],
        )
        if self.members:
            member_ids = [
                r["id"]
                for r in await c.fetch(
                    "SELECT nextval(pg_get_serial_sequence('member', 'id'))::int AS id FROM generate_series(1, $1)",
                    len(self.members),
                )
            ]
            k = keys()
            await c.copy_records_to_table(
                "member",
                columns=[
                    "id",
                    "name",
                    "id_hash",
                    "id_cipher",
                    "id_masked",
                    "gender",
                    "birth_date",
                    "phone",
                    "org_id",
                    "trade",
                    "level",
                    "migrant",
                    "joined_on",
                    "created_at",
                    "updated_at",
                ],
                records=[
                    (
                        mid,
                        name,
                        k.digest(number),
                        k.encrypt(number),
                        idcard.mask(number),
                        gender,
                        birth,
                        phone,
                        ids[org],
                        trade,
                        level,
                        migrant,
                        joined,
                        now,
                        now,
                    )
                    for mid, (org, name, number, gender, birth, phone, trade, level, migrant, joined) in zip(
                        member_ids, self.members
                    )
                ],
            )
            await c.copy_records_to_table(
                "placement",
                columns=["member_id", "org_id", "valid_from", "reason"],
                records=[(mid, ids[m[0]], m[9], "joined") for mid, m in zip(member_ids, self.members)],
            )
        return ids


def _spread(rng: random.Random, total: int, parts: int, floor: int) -> list[int]:
    """`parts` positive sizes summing exactly to `total`, skewed like real enterprises."""
    weights = [rng.lognormvariate(0, 1.0) for _ in range(parts)]
    scale = (total - floor * parts) / sum(weights)
    sizes = [floor + int(w * scale) for w in weights]
    sizes[max(range(parts), key=sizes.__getitem__)] += total - sum(sizes)
    return sizes


# --- Shizuishan ---------------------------------------------------------------------------

ZONES = [
    ("石嘴山高新技术产业开发区", "national", "高新区总工会", 92),
    ("石嘴山经济技术开发区", "national", "经济技术开发区总工会", 88),
    ("石嘴山生态经济开发区", "regional", "生态经济开发区总工会", 67),
    ("宁夏精细化工基地", "regional", None, 40),
]
COUNTIES = [("大武口区总工会", 0, 212), ("惠农区总工会", 1, 205), ("平罗县总工会", 2, 185)]  # -> zone federation
INDUSTRY = [
    ("石嘴山市教科文卫工会", ("中学", "小学", "医院", "卫生院", "文化馆", "职业技术学院", "图书馆"), 18),
    (
        "石嘴山市市政建设金融工会",
        (
            "建设银行石嘴山分行",
            "农业银行石嘴山分行",
            "市政工程公司",
            "城市建设投资公司",
            "住房公积金管理中心",
            "供水公司",
            "燃气公司",
            "工商银行石嘴山分行",
        ),
        8,
    ),
    ("石嘴山市交通运输工会", ("公交公司", "客运站", "出租车公司", "货运物流公司", "公路管理段"), 5),
]
PLAN_DAY = dt.date(2017, 3, 28)
DRAFT_DAY = dt.date(2018, 1, 1)
CHEMICAL_FEDERATION = "宁夏精细化工基地工会联合会"
ZONE_WORKERS = 61_380


async def shizuishan(rng: random.Random) -> None:
    c = conn()
    zone_ids = [
        r["id"]
        for r in await c.fetch(
            """INSERT INTO zone (name, level, founded_on)
           SELECT * FROM unnest($1::text[], $2::text[], $3::date[]) RETURNING id""",
            [z[0] for z in ZONES],
            [z[1] for z in ZONES],
            [dt.date(2000, 1, 1)] * 4,
        )
    ]
    b = Builder(rng, idcard.NINGXIA_REGIONS["shizuishan"], "640200")
    city = b.org("石嘴山市总工会", "city_federation", None, dt.date(1960, 5, 1))
    counties = [b.org(name, "county_federation", city, dt.date(1987, 1, 1)) for name, _, _ in COUNTIES]
    # 48 unions directly under the city federation: institutions for the industry unions, industry for the zones.
    direct: list[tuple[int, str]] = []
    for i, (_, kinds, n) in enumerate(INDUSTRY):
        for j in range(n):
            kind = kinds[j % len(kinds)]
            prefix = "石嘴山市" if j < len(kinds) else f"石嘴山市第{j // len(kinds) + 1}"
            name = f"{prefix}{kind}"
            u = b.org(
                name + "工会",
                "enterprise_union",
                city,
                dt.date(rng.randint(1985, 2005), 6, 1),
                enterprise_name=name,
                credit_code=b.credit_code(),
                public_sector=True,
                above_scale=True,
            )
            direct.append((u, f"industry{i}"))
    for j in range(48 - len(direct)):
        u = b.enterprise(city, public=j % 2 == 0, above=True)
        direct.append((u, f"zone{j % 3}"))
    for u, _ in direct:
        b.staff(u, rng.randint(15, 60))
    # 602 enterprise unions managed by the county federations; 287 of them sit in the four zones.
    county_unions: list[tuple[int, int]] = []  # (org, index of the zone federation it moves to)
    zone_slots = [z for z, (_, _, _, n) in enumerate(ZONES) for _ in range(n)]
    rng.shuffle(zone_slots)
    total = sum(n for _, _, n in COUNTIES)
    in_zone = dict(zip(rng.sample(range(total), len(zone_slots)), zone_slots))
    zone_unions: list[int] = []
    chemical_base: list[int] = []  # the fine-chemicals base's unions: the draft 2018 plan gives them a federation
    k = 0
    for county, (_, fed, n) in zip(counties, COUNTIES):
        for _ in range(n):
            zone = in_zone.get(k)
            k += 1
            u = b.enterprise(
                county, zone_id=zone_ids[zone] if zone is not None else None, public=False if zone is not None else None
            )
            # Zone enterprises go to their zone's federation (the chemical base's to the eco-zone's).
            county_unions.append((u, fed if zone is None else min(zone, 2)))
            if zone is not None:
                zone_unions.append(u)
                if ZONES[zone][2] is None:
                    chemical_base.append(u)
            else:
                b.staff(u, rng.randint(3, 12))
    for u, size in zip(zone_unions, _spread(rng, ZONE_WORKERS, len(zone_unions), 30)):
        b.staff(u, size)
    # Street joint unions stay with the counties, with small enterprises under them.
    for county in counties:
        for s in range(4):
            joint = b.org(
                f"{b.orgs[county]['name'][:3]}第{s + 1}街道联合工会", "joint_union", county, dt.date(2008, 1, 1)
            )
            for _ in range(5):
                small = b.enterprise(joint, public=False, above=False)
                b.staff(small, rng.randint(2, 8))
    ids = await b.write()
    plan = restructure.PlanIn(
        name="2017年开发区工会改革：组建开发区总工会和产业工会",
        effective_on=PLAN_DAY,
        note="市总直属48家工会调整到开发区总工会和产业工会；县区总工会管理的602家企业工会调整到开发区总工会",
        new_orgs=[
            restructure.PlanNewOrg(
                ref=f"zone{i}", name=z[2], type="zone_federation", parent_id=ids[city], zone_id=zone_ids[i]
            )
            for i, z in enumerate(ZONES)
            if z[2]
        ]
        + [
            restructure.PlanNewOrg(ref=f"industry{i}", name=name, type="industry_union", parent_id=ids[city])
            for i, (name, _, _) in enumerate(INDUSTRY)
        ],
        moves=[restructure.PlanMoveIn(org_id=ids[u], parent_ref=target) for u, target in direct]
        + [restructure.PlanMoveIn(org_id=ids[u], parent_ref=f"zone{fed}") for u, fed in county_unions],
    )
    draft = await restructure.create_plan(plan)
    await restructure.apply_plan(draft.id)
    created = {o.ref: o.created_org_id for o in (await restructure.get_plan(draft.id)).new_orgs}
    # A draft for the tour to preview: the chemical base gets a federation of its own in 2018.
    await restructure.create_plan(
        restructure.PlanIn(
            name="2018年组建宁夏精细化工基地工会联合会（草案）",
            effective_on=DRAFT_DAY,
            note="精细化工基地的企业工会从生态经济开发区总工会调整到新组建的基地工会联合会",
            new_orgs=[
                restructure.PlanNewOrg(
                    ref="chem",
                    name=CHEMICAL_FEDERATION,
                    type="zone_federation",
                    parent_id=ids[city],
                    zone_id=zone_ids[3],
                )
            ],
            moves=[restructure.PlanMoveIn(org_id=ids[u], parent_ref="chem") for u in chemical_base],
        )
    )
    # 41 social union workers sent to the three zone federations.
    workers = []
    for n in range(41):
        workers.append(
            (
                b.person_name(),
                "139" + f"{rng.randrange(10**8):08d}",
                created[f"zone{n % 3}"],
                dt.date(2017, 4, 10),
                dt.datetime.now(dt.UTC),
            )
        )
    await c.copy_records_to_table(
        "social_worker", columns=["name", "phone", "org_id", "started_on", "created_at"], records=workers
    )


# --- the other tenants: plausible trees --------------------------------------------------

TREES: dict[str, dict[str, Any]] = {
    "yinchuan": dict(
        root=("银川市总工会", "city_federation"),
        credit="640100",
        counties=["兴庆区总工会", "金凤区总工会", "西夏区总工会", "永宁县总工会", "贺兰县总工会", "灵武市总工会"],
        industries=["银川市教育工会", "银川市卫生工会", "银川市建设工会"],
        per_county=30,
        staff=(8, 40),
    ),
    "wuzhong": dict(
        root=("吴忠市总工会", "city_federation"),
        credit="640300",
        counties=["利通区总工会", "红寺堡区总工会", "盐池县总工会", "同心县总工会", "青铜峡市总工会"],
        industries=["吴忠市教科文卫工会"],
        per_county=24,
        staff=(8, 40),
        non_public=0.85,
    ),
    "xixia": dict(
        root=("银川市西夏区工会", "county_federation"),
        credit="640105",
        streets={"朔方路街道工会": 29, "贺兰山西路街道工会": 12, "文昌路街道工会": 10, "宁华路街道工会": 8},
        staff=(6, 30),
        non_public=0.8,
    ),
    "qingtongxia": dict(
        root=("青铜峡市总工会", "city_federation"),
        credit="640381",
        streets={"裕民街道工会": 12, "小坝镇工会": 11, "大坝镇工会": 10, "青铜峡镇工会": 10, "瞿靖镇工会": 9},
        industries=["青铜峡市教育工会", "青铜峡市卫生工会"],
        staff=(10, 50),
    ),
}


async def generic(slug: str, rng: random.Random) -> None:
    spec = TREES.get(slug) or dict(
        root=("市总工会", "city_federation"), credit="640000", counties=["一区总工会"], per_county=12, staff=(5, 20)
    )
    b = Builder(rng, idcard.NINGXIA_REGIONS.get(slug, ["640102"]), spec["credit"])
    root = b.org(spec["root"][0], spec["root"][1], None, dt.date(1960, 5, 1))
    lo, hi = spec["staff"]
    non_public = spec.get("non_public", 0.7)
    for name in spec.get("counties", []):
        county = b.org(name, "county_federation", root, dt.date(1987, 1, 1))
        for _ in range(spec["per_county"]):
            u = b.enterprise(county, public=rng.random() > non_public)
            b.staff(u, rng.randint(lo, hi))
    for name, n in spec.get("streets", {}).items():
        street = b.org(name, "joint_union", root, dt.date(2005, 1, 1))
        for _ in range(n):
            u = b.enterprise(street, public=rng.random() > non_public)
            b.staff(u, rng.randint(lo, hi))
    for name in spec.get("industries", []):
        union = b.org(name, "industry_union", root, dt.date(1990, 1, 1))
        for _ in range(6):
            u = b.enterprise(union, public=True)
            b.staff(u, rng.randint(lo, hi))
    await b.write()


async def load(ctx: DemoContext) -> None:
    rng = random.Random(f"{ctx.seed}:{ctx.tenant}:orgs")
    async with tenant_scope(ctx.tenant):
        if await conn().fetchval("SELECT EXISTS (SELECT 1 FROM org)"):
            ctx.say(msg.DEMO_SKIPPED)
            return
        # `extras["dataset"]` lets a test load a city's dataset into a throwaway tenant.
        dataset = ctx.extras.get("dataset", ctx.tenant)
        if dataset == "shizuishan":
            await shizuishan(rng)
        else:
            await generic(dataset, rng)
        await conn().execute("ANALYZE org; ANALYZE member; ANALYZE placement; ANALYZE org_link")
        await activity.record("orgs.demo.loaded", ctx.tenant, {})
