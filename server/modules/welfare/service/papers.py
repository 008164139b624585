"""Welfare's papers, made with the one paper helper `server.infra.pdf`: the relief payment roster
(发放花名册), the campaign's payouts as the office prints them for each recipient to sign, and a
relief application's acceptance form (救助申请受理单), what the applicant and the officer sign
when it is filed. ID numbers and accounts are always masked on paper, whoever prints it."""

from __future__ import annotations

from server.infra import pdf
from server.infra.codes import chinese
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.welfare import accounts
from server.modules.welfare import disbursement as engine
from server.modules.welfare.service.applications import get_application
from server.modules.welfare.service.campaigns import get_campaign
from server.modules.welfare.service.payouts import _batch_of
from server.platform.roles import SYSTEM, Actor

TITLE = "发放花名册"
APPLICATION_TITLE = "困难职工救助申请受理单"


async def roster_pdf(campaign_id: int, actor: Actor = SYSTEM) -> bytes:
    """Every payout of the campaign the actor may see (an org officer: their subtree's): the
    recipient, the masked ID number and account, the amount in yuan, a column to sign; the total."""
    from server.modules.welfare.columns import PAYOUT_STATES  # columns.py imports the service: read when printing

    campaign = await get_campaign(campaign_id, actor)
    org_ids = await access.visible_org_ids(actor)
    payouts: list[engine.PayoutOut] = []
    cursor: str | None = None
    batch_id = _batch_of(campaign)  # not approved yet: 409 `not_approved`, nothing to print
    while True:
        rows, cursor = await engine.list_payouts(batch_id, org_ids=org_ids, limit=500, cursor=cursor)
        payouts += rows
        if cursor is None:
            break
    members = await orgs.get_members([p.member_id for p in payouts if p.member_id is not None])
    lines = [
        [
            n,
            p.name,
            members[p.member_id].id_number if p.member_id in members else "—",
            accounts.mask(p.account),
            pdf.yuan(p.amount_fen),
            chinese(PAYOUT_STATES, p.state),
            "",
        ]
        for n, p in enumerate(payouts, start=1)
    ]
    total = sum(p.amount_fen for p in payouts)
    story = [
        pdf.title(f"{campaign.name} {TITLE}"),
        pdf.fields(
            [
                ("活动", campaign.name),
                ("年度", campaign.year),
                ("人数", len(payouts)),
                ("合计金额", pdf.yuan(total)),
            ],
            [40, 227],
        ),
        pdf.space(),
        pdf.table(
            [
                ["序号", "姓名", "身份证号", "收款账号", "金额（元）", "状态", "领取人签字"],
                *lines,
                ["合计", "", "", "", pdf.yuan(total), "", ""],
            ],
            [14, 30, 50, 56, 34, 22, 61],
        ),
        pdf.space(8),
        pdf.signatures(["经办人", "审核人", "负责人"], width_mm=267),
    ]
    return pdf.render(story, title=f"{campaign.name} {TITLE}", landscape=True)


async def application_pdf(application_id: int, actor: Actor = SYSTEM) -> bytes:
    """The application as filed (applicant, union, masked ID number and account, the hardship,
    the amount asked), the decision once made, and lines to sign.
    Outside the actor's subtree: 403 `outside_subtree`."""
    from server.modules.welfare.columns import (  # columns.py imports the service: read when printing
        APPLICATION_STATUSES,
        REASONS,
    )

    application = await get_application(application_id, actor)
    campaign = await get_campaign(application.campaign_id)
    member = (await orgs.get_members([application.member_id])).get(application.member_id)
    org = await orgs.get_org(application.org_id)
    story = [
        pdf.title(APPLICATION_TITLE),
        pdf.fields(
            [
                ("受理编号", f"JZ-{application.id:06d}"),
                ("受理日期", f"{application.filed_at:%Y-%m-%d}"),
                ("救助项目", f"{campaign.name}（{campaign.year}年度）"),
                ("申请人", application.member_name),
                # The member record deleted (entered by mistake) after the application was filed.
                ("身份证号", member.id_number if member is not None else f"会员记录已删除（#{application.member_id}）"),
                ("所在工会", org.name),
                ("困难类别", chinese(REASONS, application.category)),
                ("困难情况", application.reason),
                ("收款账号", accounts.mask(application.bank_account)),
                ("申请金额", pdf.yuan(application.requested_fen)),
                ("经办人", application.filed_by),
            ]
        ),
        pdf.heading("审批意见"),
        pdf.fields(
            [
                ("审批结果", chinese(APPLICATION_STATUSES, application.status)),
                ("批准金额", pdf.yuan(application.approved_fen) if application.approved_fen is not None else ""),
                ("审批日期", f"{application.decided_at:%Y-%m-%d}" if application.decided_at else ""),
                ("意见", application.decision_note),
            ]
        ),
        pdf.space(8),
        pdf.signatures(["申请人", "经办人", "审批人"]),
    ]
    return pdf.render(story, title=f"{APPLICATION_TITLE} JZ-{application.id:06d}")
