"""The words of skills' export columns and of its code columns' values (`CODES`) (the header row of each `…/export`,
server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue, paired
from server.modules.orgs.columns import LEVEL_WORDS
from server.modules.skills.service.catalogue import TRAINER_LEVELS
from server.modules.skills.service.certificates import ROUTES
from server.modules.skills.service.contests import KINDS, LEVELS
from server.modules.skills.service.shared import CATEGORIES, MODES
from server.modules.skills.tables import Certificate, Course, Project, RewardRun, Session

COLUMNS = column_catalogue(
    {
        "CourseOut.title": ("课程名称", "Course"),
        "hours": ("学时", "Hours"),
        "price_fen": ("价格（元）", "Price (yuan)"),
        "modes": ("授课方式", "Modes"),
        "TrainerOut.name": ("姓名", "Name"),
        "specialities": ("专长", "Specialities"),
        "rating": ("评分", "Rating"),
        "course_id": ("课程编号", "Course ID"),
        "course_title": ("课程名称", "Course"),
        "project_id": ("培训项目编号", "Training project ID"),
        "order_id": ("订购单编号", "Order ID"),
        "trainer_id": ("培训师编号", "Trainer ID"),
        "trainer_name": ("培训师", "Trainer"),
        "mode": ("授课方式", "Mode"),
        "off_hours": ("是否工余时间", "Off working hours"),
        "place": ("地点", "Place"),
        "cost_fen": ("费用（元）", "Cost (yuan)"),
        "head_count": ("人数", "Head count"),
        "roster": ("名单", "Roster"),
        "topic": ("培训主题", "Topic"),
        "target_trade": ("目标工种", "Target trade"),
        "expected_heads": ("计划人数", "Expected participants"),
        "budget_fen": ("预算（元）", "Budget (yuan)"),
        "review_note": ("审核意见", "Review note"),
        "sessions": ("场次", "Sessions"),
        "spent_fen": ("已支出（元）", "Spent (yuan)"),
        "mean_rating": ("平均评分", "Mean rating"),
        "events": ("过程记录", "History"),
        "lines": ("订购明细", "Lines"),
        "enterprise": ("企业", "Enterprise"),
        "CompetitionOut.title": ("竞赛名称", "Competition"),
        "theme": ("主题", "Theme"),
        "enterprises": ("参赛企业数", "Enterprises"),
        "eligible": ("应参赛人数", "Eligible"),
        "participation_rate": ("参与率", "Participation rate"),
        "contest": ("推荐赛事", "Contest"),
        "recommended_on": ("推荐日期", "Recommended on"),
        "number": ("证书编号", "Certificate number"),
        "CertificateOut.level": ("职业资格等级", "Qualification level"),
        "issued_on": ("发证日期", "Issued on"),
        "route": ("取证途径", "Route"),
        "issuer": ("发证机构", "Issuer"),
        "competition_id": ("竞赛编号", "Competition ID"),
        "rewarded": ("是否已奖励", "Rewarded"),
        "effective_from": ("生效日期", "Effective from"),
        "amounts": ("各等级奖励（分）", "Reward per level (fen)"),
        "awarded_on": ("授予日期", "Awarded on"),
        "HonourOut.title": ("荣誉名称", "Honour"),
        "up_to": ("截至日期", "Up to"),
        "line_count": ("明细条数", "Lines"),
        "groups": ("分组汇总", "Groups"),
        "without_account": ("无银行账号人数", "Without bank account"),
        "skipped": ("同等级重复证书（不予奖励）", "Certificates of a level rewarded already (not paid)"),
        "paid_fen": ("已发放（元）", "Paid (yuan)"),
        "paid": ("已发放笔数", "Payments paid"),
        "open": ("未完成笔数", "Payments open"),
        "failed": ("失败笔数", "Payments failed"),
        "certificate_id": ("证书编号", "Certificate ID"),
        "honour_id": ("荣誉编号", "Honour ID"),
        "rule_id": ("奖励规则编号", "Reward rule ID"),
        "RunLineOut.level": ("职业资格等级", "Qualification level"),
    }
)

CATEGORY_WORDS = paired(CATEGORIES, {"general": "general", "skills": "skills", "safety_law": "safety and law"})
CONTEST_LEVELS = codes(tuple(LEVELS), paired(LEVELS, {"city": "city", "region": "region", "national": "national"}))

MODE_WORDS = codes(Session.mode, paired(MODES, {"classroom": "classroom", "workplace": "at the workplace"}))

CODES = {
    "CertificateOut.level": LEVEL_WORDS,
    "RunLineOut.level": LEVEL_WORDS,
    "CourseOut.category": codes(Course.category, CATEGORY_WORDS),
    "ProjectOut.category": codes(tuple(CATEGORIES), CATEGORY_WORDS),
    "SessionOut.category": codes(Course.category, CATEGORY_WORDS),  # the course's
    "TrainerOut.level": codes(
        TRAINER_LEVELS,
        {"senior": ("高级", "senior"), "intermediate": ("中级", "intermediate"), "junior": ("初级", "junior")},
    ),
    "SessionOut.mode": MODE_WORDS,
    "CourseOut.modes": MODE_WORDS,
    "SessionOut.state": codes(
        Session.state, {"scheduled": ("已排课", "scheduled"), "cancelled": ("已取消", "cancelled")}
    ),
    "ProjectOut.state": codes(
        Project.state,
        {
            "declared": ("待评审", "waiting for review"),
            "approved": ("已通过", "approved"),
            "returned": ("已退回", "returned"),
            "rejected": ("不予立项", "rejected"),
            "running": ("实施中", "running"),
            "completed": ("已完成", "completed"),
        },
    ),
    "CompetitionOut.kind": codes(
        tuple(KINDS),
        paired(
            KINDS,
            {
                "five_one": "five comparisons, one creation",
                "double_excellence": "double excellence",
                "five_small": "five smalls",
                "skills_contest": "skills contest",
            },
        ),
    ),
    "CompetitionOut.level": CONTEST_LEVELS,
    "RecommendationOut.level": CONTEST_LEVELS,
    "CertificateOut.route": codes(Certificate.route, paired(ROUTES, {"competition": "competition", "exam": "exam"})),
    "RunOut.state": codes(
        RewardRun.state,
        {
            "preview": ("待审批", "waiting for approval"),
            "approved": ("已审批", "approved"),
            "cancelled": ("已取消", "cancelled"),
        },
    ),
}
