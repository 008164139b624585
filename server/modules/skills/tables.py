"""Skills tables: the course catalogue, training projects, course orders, trainers and their
sessions, attendance, drills, competitions, certificates, reward rules, reward runs and honours.

Members and orgs are referred to by id (they belong to the orgs module and are checked through
its service). What the database itself enforces (see the migration `skills_rules`): a trainer
is never booked for two overlapping sessions (an exclusion constraint on the time range), a
certificate or an honour is rewarded at most once (a unique reward line), a level is 1-5, money
is never negative.
"""

from piccolo.columns import (
    Array,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Serial,
    SmallInt,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Course(Table, tablename="skill_course"):
    """A course of the catalogue (订单式课程), in one of three categories."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    category = Varchar(length=20, index=True)  # general 综合素质 | skills 技能提升 | safety_law 安全法律法规
    hours = SmallInt()
    modes = Array(Varchar(length=20))  # classroom | workplace (at the workplace, off-hours)
    price_fen = BigInt()  # per head
    created_at = Timestamptz(default=TimestamptzNow())


class Trainer(Table, tablename="skill_trainer"):
    """A trainer of the pool (培训师智库, 点将式)."""

    id = Serial(primary_key=True)
    name = Varchar(length=100)
    specialities = Array(Varchar(length=50))
    level = Varchar(length=20)  # senior | intermediate | junior
    rating = Numeric(digits=(3, 2), null=True, default=None)  # the mean of session feedback, 1-5
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Project(Table, tablename="skill_project"):
    """A topic-based training project (点题式) a grassroots union declares and the city federation
    reviews: declared → approved | returned | rejected; approved → running → completed."""

    id = Serial(primary_key=True)
    org_id = Integer(index=True)
    topic = Varchar(length=200)
    category = Varchar(length=20)
    target_trade = Varchar(length=50, default="")
    expected_heads = Integer()
    budget_fen = BigInt()
    starts_on = Date()
    ends_on = Date()
    state = Varchar(length=12, default="declared", index=True)
    review_note = Text(default="")
    declared_by = Varchar(length=200)
    declared_at = Timestamptz(default=TimestamptzNow())
    reviewed_by = Varchar(length=200, null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)


class ProjectEvent(Table, tablename="skill_project_event"):
    """What happened to a project, dated: declared, reviewed, started, adjusted, completed."""

    id = Serial(primary_key=True)
    project_id = ForeignKey(Project, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=12)  # declared | approved | returned | rejected | started | adjusted | completed
    happened_on = Date()
    note = Text(default="")
    actor_name = Varchar(length=200)
    recorded_at = Timestamptz(default=TimestamptzNow())


class CourseOrder(Table, tablename="skill_order"):
    """An enterprise union's order of catalogue courses for its workers (点菜式)."""

    id = Serial(primary_key=True)
    org_id = Integer(index=True)
    note = Text(default="")
    created_by = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())


class CourseOrderLine(Table, tablename="skill_order_line"):
    id = Serial(primary_key=True)
    order_id = ForeignKey(CourseOrder, on_delete=OnDelete.cascade, index=True)
    course_id = ForeignKey(Course, on_delete=OnDelete.restrict, index=True)
    heads = Integer()
    wanted_on = Date()


class Shift(Table, tablename="skill_shift"):
    """An enterprise's working hours, so off-hours sessions (点播式) fall outside them."""

    id = Serial(primary_key=True)
    org_id = Integer(unique=True)
    starts = Time()
    ends = Time()


class Session(Table, tablename="skill_session"):
    """A training session: a course, for a project or an order, at a unit, with a trainer, at a time.
    A trainer's sessions never overlap (exclusion constraint on tstzrange(starts_at, ends_at))."""

    id = Serial(primary_key=True)
    org_id = Integer(index=True)
    course_id = ForeignKey(Course, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    project_id = ForeignKey(Project, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    order_id = ForeignKey(CourseOrder, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    trainer_id = ForeignKey(Trainer, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    mode = Varchar(length=20, default="classroom")  # classroom | workplace (off-hours)
    place = Varchar(length=200, default="")
    cost_fen = BigInt(default=0)
    head_count = Integer(null=True, default=None)  # where no roster is kept
    state = Varchar(length=10, default="scheduled")  # scheduled | cancelled
    created_at = Timestamptz(default=TimestamptzNow())


class Attendance(Table, tablename="skill_attendance"):
    """A member on a session's roster, with their feedback rating (1-5) when given."""

    id = Serial(primary_key=True)
    session_id = ForeignKey(Session, on_delete=OnDelete.cascade)
    member_id = Integer(index=True)
    rating = SmallInt(null=True, default=None)
    feedback = Text(default="")


class Drill(Table, tablename="skill_drill"):
    """A drill session (岗位练兵) in an enterprise and trade."""

    id = Serial(primary_key=True)
    org_id = Integer(null=True, default=None, index=True)
    enterprise = Varchar(length=200, index=True)
    trade = Varchar(length=50)
    held_on = Date(index=True)
    participants = Integer()


class Competition(Table, tablename="skill_competition"):
    """A labour or skills competition (劳动竞赛, 技能大赛)."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    theme = Varchar(length=200, default="")
    kind = Varchar(length=20)  # five_one 五比一创 | double_excellence 创双优 | five_small 五小 | skills_contest
    level = Varchar(length=10)  # city | region | national
    starts_on = Date(index=True)
    ends_on = Date()
    created_at = Timestamptz(default=TimestamptzNow())


class CompetitionEntry(Table, tablename="skill_competition_entry"):
    """An enterprise taking part: its eligible workers and those who took part."""

    id = Serial(primary_key=True)
    competition_id = ForeignKey(Competition, on_delete=OnDelete.cascade, index=True)
    enterprise = Varchar(length=200)
    org_id = Integer(null=True, default=None, index=True)
    eligible = Integer()
    participants = Integer()


class CompetitionResult(Table, tablename="skill_competition_result"):
    """A member's placing in a competition."""

    id = Serial(primary_key=True)
    competition_id = ForeignKey(Competition, on_delete=OnDelete.cascade, index=True)
    member_id = Integer(index=True)
    org_id = Integer()
    rank = SmallInt()
    prize = Varchar(length=50, default="")


class Recommendation(Table, tablename="skill_recommendation"):
    """A member recommended to a regional or national contest (推荐参加自治区、国家级大赛)."""

    id = Serial(primary_key=True)
    member_id = Integer(index=True)
    org_id = Integer()
    level = Varchar(length=10)  # region | national
    contest = Varchar(length=200)
    recommended_on = Date()


class Certificate(Table, tablename="skill_certificate"):
    """A vocational qualification certificate (职业资格证书): level 1 高级技师 … 5 初级工."""

    id = Serial(primary_key=True)
    number = Varchar(length=40, unique=True)
    member_id = Integer(index=True)
    org_id = Integer(index=True)  # the member's union when it was recorded
    level = SmallInt()
    issued_on = Date(index=True)
    route = Varchar(length=12)  # competition | exam
    issuer = Varchar(length=200)
    competition_id = ForeignKey(Competition, null=True, default=None, on_delete=OnDelete.restrict)
    bank_account = Varchar(length=32, null=True, default=None)  # where a reward is paid
    created_at = Timestamptz(default=TimestamptzNow())


class RewardRule(Table, tablename="skill_reward_rule"):
    """A version of the reward rule (凤城工匠助推奖励), in force from `effective_from` until the next."""

    id = Serial(primary_key=True)
    effective_from = Date(unique=True)
    title = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())


class RewardAmount(Table, tablename="skill_reward_amount"):
    """What a rule version pays per certificate of one level (a level not listed is not rewarded)."""

    id = Serial(primary_key=True)
    rule_id = ForeignKey(RewardRule, on_delete=OnDelete.cascade, index=True)
    level = SmallInt()
    amount_fen = BigInt()


class Honour(Table, tablename="skill_honour"):
    """A named honour (凤城工匠, 十佳五小) with its own award, paid by a reward run."""

    id = Serial(primary_key=True)
    title = Varchar(length=50)
    member_id = Integer(index=True)
    org_id = Integer()
    awarded_on = Date(index=True)
    amount_fen = BigInt()
    bank_account = Varchar(length=32)
    created_at = Timestamptz(default=TimestamptzNow())


class RewardRun(Table, tablename="skill_reward_run"):
    """A reward run: what is owed for a year's certificates and honours, previewed, approved, paid."""

    id = Serial(primary_key=True)
    year = SmallInt(index=True)
    up_to = Date()
    state = Varchar(length=10, default="preview")  # preview | approved | cancelled
    line_count = Integer(default=0)
    total_fen = BigInt(default=0)
    batch_id = Integer(null=True, default=None)  # the disbursement batch (welfare), once approved
    created_by = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())
    approved_by = Varchar(length=200, null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)


class RewardLine(Table, tablename="skill_reward_line"):
    """One payment a run owes: for one certificate (under the rule then in force) or one honour.
    A certificate and an honour each appear in one line at most (unique): rewarded once; and a
    member at a level too (a unique index on (member_id, level) over certificate lines)."""

    id = Serial(primary_key=True)
    run_id = ForeignKey(RewardRun, on_delete=OnDelete.cascade, index=True)
    certificate_id = Integer(null=True, default=None, unique=True)
    honour_id = Integer(null=True, default=None, unique=True)
    rule_id = Integer(null=True, default=None)
    member_id = Integer()
    org_id = Integer()
    level = SmallInt(null=True, default=None)
    amount_fen = BigInt()
    account = Varchar(length=32)
    # When the member was told of the reward over Telegram (or its run was approved too long before
    # they linked their chat to be told): skills' bot notices claim the lines without it.
    told_at = Timestamptz(null=True, default=None)
    # A second line of a member at a level, approved before the once-per-level rule (history, kept
    # as it was); the unique index on (member_id, level) leaves these out. Never set on a new line.
    legacy_repeat = Boolean(default=False)
