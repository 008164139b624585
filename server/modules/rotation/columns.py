"""The words of rotation's export columns and of its code columns' values (`CODES`) (the header row of each `…/export`,
server/platform/exports.py)."""

from __future__ import annotations

from server.modules.contract import codes, column_catalogue, paired
from server.modules.orgs.columns import ORG_TYPES
from server.modules.rotation.service.shared import ACTIVITY_KINDS, ROLES
from server.modules.rotation.tables import Activity, Booking, Chair, SlotNotice

COLUMNS = column_catalogue(
    {
        "root_org_id": ("所辖组织编号", "Root org ID"),
        "AreaOut.name": ("轮值片区", "Rotation area"),
        "centre_name": ("服务中心", "Service centre"),
        "respect_holidays": ("节假日顺延", "Skips holidays"),
        "platforms": ("服务阵地", "Platforms"),
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
        "area_id": ("片区编号", "Area ID"),
        "role": ("轮值角色", "Role"),
        "ChairOut.name": ("姓名", "Name"),
        "chosen_by": ("选定人", "Chosen by"),
        "slot_id": ("轮值时段编号", "Slot ID"),
        "FlagOut.kind": ("提醒类型", "Flag"),
        "chair_name": ("轮值主席", "Chair"),
        "FlagOut.at": ("提醒时间", "Flagged at"),
        "visited_on": ("来访日期", "Visited on"),
        "visitor": ("来访人", "Visitor"),
        "matter": ("反映事项", "Matter"),
        "received_by": ("接待人", "Received by"),
        "complaint_id": ("转诉求编号", "Complaint ID"),
        "platform_id": ("阵地编号", "Platform ID"),
        "platform_name": ("服务阵地", "Platform"),
        "series_id": ("系列活动编号", "Series ID"),
        "organiser_org_id": ("主办组织编号", "Organiser org ID"),
        "co_org_ids": ("协办组织编号", "Co-organiser org IDs"),
        "head_count": ("人数", "Head count"),
        "roster": ("名单", "Roster"),
        "purpose": ("用途", "Purpose"),
        "booked_by": ("预约人", "Booked by"),
    }
)

CODES = {
    "OrgOut.type": ORG_TYPES,
    "BookingOut.state": codes(Booking.state, {"booked": ("已预约", "booked"), "cancelled": ("已取消", "cancelled")}),
    "RosterOut.state": codes(
        ("draft", "published"), {"draft": ("草案", "draft"), "published": ("已公布", "published")}
    ),
    "ChairOut.role": codes(Chair.role, paired(ROLES, {"chair": "chair", "vice_chair": "vice chair"})),
    "FlagOut.kind": codes(
        SlotNotice.kind, {"reminded": ("已提醒", "reminded"), "flagged": ("已标记逾期", "flagged late")}
    ),
    "ActivityOut.kind": codes(
        Activity.kind,
        paired(
            ACTIVITY_KINDS,
            {
                "cultural": "cultural and sports",
                "training": "skills training",
                "volunteer": "volunteering and patrols",
                "tutoring": "tutoring migrant workers' children",
                "skills_contest": "skills contest",
                "health_talk": "health talk",
                "warmth": "sending warmth",
                "coolness": "summer cooling",
            },
        ),
    ),
}
