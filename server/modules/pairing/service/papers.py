"""The master-apprentice agreement on paper (师徒协议): the pairing's terms as the union prints them
for master, apprentice and the union to sign, made with the one paper helper, `server.infra.pdf`."""

from __future__ import annotations

from server.infra import pdf
from server.infra.codes import chinese
from server.modules.orgs import service as orgs
from server.modules.pairing.service.agreements import get_agreement
from server.modules.pairing.service.common import programme_row
from server.platform.roles import SYSTEM, Actor

TITLE = "师徒结对协议"


async def agreement_pdf(agreement_id: int, actor: Actor = SYSTEM) -> bytes:
    """Parties (with trade, level and union), term, goals, the duties of each side, the outcome
    once recorded, and lines to sign. Outside the actor's subtree: 403 `outside_subtree`."""
    from server.modules.pairing.columns import AGREEMENT_STATUSES  # columns.py imports the service: read when printing

    agreement = await get_agreement(agreement_id, actor)  # checks the programme's scope
    programme = await programme_row(agreement.programme_id)
    people = await orgs.get_members([agreement.master_member_id, agreement.apprentice_member_id])
    unions = {m.org_id: (await orgs.get_org(m.org_id)).name for m in people.values()}

    def party(member_id: int) -> str:
        m = people.get(member_id)
        if m is None:  # the member record was deleted (entered by mistake) after the agreement
            return f"会员记录已删除（#{member_id}）"
        level = f"，职业技能等级{m.level}级" if m.level else ""
        return f"{m.name}（{m.trade or '—'}{level}，{unions[m.org_id]}）"

    story = [
        pdf.title(TITLE),
        pdf.fields(
            [
                ("协议编号", f"SZ-{agreement.id:06d}"),
                ("结对活动", programme["name"]),
                ("师傅（甲方）", party(agreement.master_member_id)),
                ("徒弟（乙方）", party(agreement.apprentice_member_id)),
                ("结对期限", f"{agreement.term_start.isoformat()} 至 {agreement.term_end.isoformat()}"),
                ("培养目标", agreement.goals),
                ("协议状态", chinese(AGREEMENT_STATUSES, agreement.status)),
            ]
        ),
        pdf.heading("双方约定"),
        pdf.text("一、甲方按培养目标制定带徒计划，传授技术技能和职业操守，定期检查乙方的学习进度。"),
        pdf.text("二、乙方尊重师傅，按计划学习，完成规定的实操训练，争取在期限内提升职业技能等级。"),
        pdf.text("三、工会为双方提供培训、竞赛和考核的机会，期满时组织评价，对成绩突出的师徒给予表彰。"),
        pdf.heading("期满评价"),
        pdf.fields(
            [
                ("结对前等级", agreement.level_before),
                ("结对后等级", agreement.level_after),
                ("竞赛成绩", agreement.competition_result),
                ("创新成果", agreement.innovation),
                ("评价意见", agreement.outcome_note),
            ]
        ),
        pdf.space(8),
        pdf.signatures(["师傅（甲方）", "徒弟（乙方）", "工会（盖章）"]),
    ]

    def name(member_id: int) -> str:
        m = people.get(member_id)
        return m.name if m is not None else f"#{member_id}"

    return pdf.render(story, title=f"{TITLE} {name(agreement.master_member_id)}—{name(agreement.apprentice_member_id)}")
