"""Create and change orgs and members (the org tree's `n`/`c`, the member list's `n`/`c`), on
the kit's FormModal: the API's field errors show under the fields. An org officer works
inside their own subtree; the API refuses anything outside it."""

from __future__ import annotations

from typing import Any

from tui.i18n import L
from tui.kit.form import Field, FormModal
from tui.screens.orgs.api import LEVELS, ORG_TYPES, Member, Org, OrgsApi

NEW_ORG = L("新建组织", "New org")
NEW_ORG_UNDER = L("在“{parent}”下新建组织", "New org under {parent}")
CHANGE_ORG = L("修改组织：{name}", "Change org: {name}")
NEW_MEMBER = L("新增会员", "New member")
CHANGE_MEMBER = L("修改会员：{name}", "Change member: {name}")
CREATE = L("创建", "Create")

NAME = L("名称", "Name")
TYPE = L("类型", "Type")
ENTERPRISE = L("企业名称", "Enterprise")
CREDIT_CODE = L("统一社会信用代码", "Credit code")
FOUNDED = L("成立日期", "Founded on")
DATE_HINT = L("YYYY-MM-DD", "YYYY-MM-DD")

MEMBER_NAME = L("姓名", "Name")
ID_NUMBER = L("身份证号", "ID number")
ORG_ID = L("所在组织编号", "Org ID")
PHONE = L("手机", "Phone")
TRADE = L("工种", "Trade")
LEVEL = L("职业资格", "Level")
NO_LEVEL = L("无", "none")
MIGRANT = L("农民工", "Migrant worker")
MIGRANT_HINT = L("是农民工", "is a migrant worker")
JOINED = L("入会日期", "Joined on")


def org_fields(*, new: bool) -> list[Field]:
    types = [(L(*label), code) for code, label in ORG_TYPES.items()]
    fields = [
        Field("name", NAME),
        Field("type", TYPE, "choice", choices=types, blank=False),
        Field("enterprise_name", ENTERPRISE),
        Field("credit_code", CREDIT_CODE),
    ]
    if new:
        fields.append(Field("founded_on", FOUNDED, "date", hint=DATE_HINT))
    return fields


class NewOrgModal(FormModal[Org]):
    SUBMIT = CREATE

    def __init__(self, parent: Org | None) -> None:
        title = NEW_ORG_UNDER(parent=parent.name) if parent else NEW_ORG()
        super().__init__({"type": "enterprise_union"}, title=title)
        self.under = parent

    def fields(self) -> list[Field]:
        return org_fields(new=True)

    async def submit(self, body: dict[str, Any]) -> Org:
        if self.under is not None:
            body["parent_id"] = self.under.id
        return await OrgsApi.of(self.app).create_org(body)


class ChangeOrgModal(FormModal[Org]):
    PATCH = True

    def __init__(self, org: Org) -> None:
        values = {"name": org.name, "type": org.type, "enterprise_name": org.enterprise_name}
        values["credit_code"] = org.credit_code
        super().__init__(values, title=CHANGE_ORG(name=org.name))
        self.org = org

    def fields(self) -> list[Field]:
        return org_fields(new=False)

    async def submit(self, body: dict[str, Any]) -> Org:
        return await OrgsApi.of(self.app).change_org(self.org.id, body)


def member_fields(*, new: bool) -> list[Field]:
    levels: list[tuple[L, int | None]] = [(NO_LEVEL, None)] if not new else []
    levels += [(L(*label), level) for level, label in LEVELS.items()]
    fields = [Field("name", MEMBER_NAME)]
    if new:
        fields += [Field("id_number", ID_NUMBER), Field("org_id", ORG_ID, "int")]
    return fields + [
        Field("phone", PHONE),
        Field("trade", TRADE),
        Field("level", LEVEL, "choice", choices=levels, hint=NO_LEVEL),
        Field("migrant", MIGRANT, "flag", hint=MIGRANT_HINT),
        Field("joined_on", JOINED, "date", hint=DATE_HINT),
    ]


class NewMemberModal(FormModal[Member]):
    HEADING = NEW_MEMBER
    SUBMIT = CREATE

    def __init__(self, org: Org | None = None) -> None:
        super().__init__({"org_id": org.id if org else None, "migrant": False})

    def fields(self) -> list[Field]:
        return member_fields(new=True)

    async def submit(self, body: dict[str, Any]) -> Member:
        return await OrgsApi.of(self.app).create_member(body)


class ChangeMemberModal(FormModal[Member]):
    PATCH = True

    def __init__(self, member: Member) -> None:
        values: dict[str, Any] = {"name": member.name, "phone": member.phone, "trade": member.trade}
        values |= {"level": member.level, "migrant": member.migrant}
        values["joined_on"] = member.joined_on.isoformat() if member.joined_on else None
        super().__init__(values, title=CHANGE_MEMBER(name=member.name))
        self.member = member

    def fields(self) -> list[Field]:
        return member_fields(new=False)

    async def submit(self, body: dict[str, Any]) -> Member:
        return await OrgsApi.of(self.app).change_member(self.member.id, body)
