"""The relief payment roster on paper (发放花名册): the campaign's payouts as the office prints them
for each recipient to sign, made with the one paper helper, `server.infra.pdf`. ID numbers and
accounts are always masked on paper, whoever prints it."""

from __future__ import annotations

from server.infra import pdf
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.welfare import accounts
from server.modules.welfare import disbursement as engine
from server.modules.welfare.service.campaigns import get_campaign
from server.modules.welfare.service.payouts import _batch_of
from server.platform.roles import SYSTEM, Actor

TITLE = "发放花名册"
STATE_ZH = {"paid": "已发放", "failed": "失败", "unknown": "待查", "pending": "待发", "sending": "发送中"}


async def roster_pdf(campaign_id: int, actor: Actor = SYSTEM) -> bytes:
    """Every payout of the campaign the actor may see (an org officer: their subtree's): the
    recipient, the masked ID number and account, the amount in yuan, a column to sign; the total."""
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
            STATE_ZH.get(p.state, p.state),
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
