"""The words of orgs' export columns and of its code columns' values (`CODES`) (the header row of each `…/export`, server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue, paired
from server.modules.orgs.service.common import LEVELS, ORG_TYPE_ZH, OrgType
from server.modules.orgs.tables import Org

COLUMNS = column_catalogue(
    {
        "OrgOut.name": ("组织名称", "Org"),
        "type": ("组织类型", "Org type"),
        "parent_id": ("上级组织编号", "Parent org ID"),
        "enterprise_name": ("所在单位", "Enterprise"),
        "credit_code": ("统一社会信用代码", "Unified social credit code"),
        "public_sector": ("是否公有制", "Public sector"),
        "above_scale": ("是否规模以上", "Above designated size"),
        "founded_on": ("成立日期", "Founded on"),
        "closed_on": ("撤销日期", "Closed on"),
        "member_count": ("会员人数", "Members"),
        "zone_id": ("园区编号", "Zone ID"),
        "child_count": ("下级组织数", "Child orgs"),
        "PlanSummary.name": ("调整方案名称", "Plan"),
        "effective_on": ("生效日期", "Effective on"),
        "moves": ("调整项数", "Moves"),
        "new_orgs": ("新建组织数", "New orgs"),
        "ZoneOut.name": ("园区名称", "Zone"),
        "ZoneOut.level": ("园区级别", "Zone level"),
        "enterprises": ("企业数", "Enterprises"),
        "workers": ("职工数", "Workers"),
        "SocialWorkerOut.name": ("姓名", "Name"),
        "started_on": ("上岗日期", "Started on"),
        "ended_on": ("离岗日期", "Ended on"),
    }
)

ORG_TYPE_EN = {
    OrgType.city_federation.value: "City federation",
    OrgType.county_federation.value: "County federation",
    OrgType.zone_federation.value: "Zone federation",
    OrgType.industry_union.value: "Industry union",
    OrgType.joint_union.value: "Joint union",
    OrgType.enterprise_union.value: "Enterprise union",
}
ORG_TYPES = codes(Org.type, {t: (zh, ORG_TYPE_EN[t]) for t, zh in ORG_TYPE_ZH.items()})

# A member's qualification level (职业资格等级), 1 the highest; a level column of any module (the
# member's level when paired, a certificate's, a reward's) is written in these words.
LEVEL_WORDS = codes(
    tuple(str(n) for n in LEVELS),
    paired(
        {str(n): zh for n, zh in LEVELS.items()},
        {
            "1": "senior technician",
            "2": "technician",
            "3": "senior worker",
            "4": "intermediate worker",
            "5": "junior worker",
        },
    ),
)

CODES = {
    "type": ORG_TYPES,
    # a plan's statuses (restructure.py writes them; the column has no CHECK)
    "PlanSummary.status": codes(
        ("draft", "applied", "rolled_back"),
        {"draft": ("草案", "draft"), "applied": ("已实施", "applied"), "rolled_back": ("已撤回", "rolled back")},
    ),
    # a zone's level is typed in (zones.py); these are the two the region uses
    "ZoneOut.level": codes(
        ("national", "regional"), {"national": ("国家级", "national"), "regional": ("自治区级", "regional")}
    ),
}
