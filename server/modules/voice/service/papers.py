"""The acceptance form on paper (工会维权服务受理单): what the federation prints, the worker and the
officer sign, and the file keeps. Made with the one paper helper, `server.infra.pdf`."""

from __future__ import annotations

from server.infra import pdf
from server.infra.codes import chinese
from server.modules.orgs import access
from server.modules.orgs import service as orgs
from server.modules.voice.service.forms import get_form
from server.modules.voice.service.orders import get_order
from server.modules.voice.service.shapes import CATEGORY_NAMES
from server.platform.roles import SYSTEM, Actor

TITLE = "工会维权服务受理单"


async def acceptance_form_pdf(form_id: int, actor: Actor = SYSTEM) -> bytes:
    """The form, the order it accepted with each worker's complaint (an anonymous one without the
    worker's name), the deadline in working days, the result, and lines to sign.
    Outside the actor's subtree: 403 `outside_subtree`."""
    from server.modules.voice.columns import FORM_STATUS_WORDS  # columns.py imports the service: read when printing

    form = await get_form(form_id)
    await access.check_org_visible(actor, form.org_id)
    order = await get_order(form.order_id, actor)
    org = await orgs.get_org(form.org_id)
    complaints = [
        [
            c.ref,
            "匿名" if c.anonymous else (c.member_name or "—"),
            CATEGORY_NAMES.get(c.category, (c.category,))[0],
            c.text,
            f"{c.created_at:%Y-%m-%d}",
        ]
        for c in order.complaints
    ]
    story = [
        pdf.title(TITLE),
        pdf.fields(
            [
                ("受理编号", form.ref),
                ("受理日期", form.opened_on.isoformat()),
                ("所属工会", org.name),
                ("服务需求订单", f"{order.ref} {order.title}"),
                ("诉求摘要", order.summary),
                ("承办人", form.officer_name),
                ("办理时限", f"{form.working_days}个工作日，{form.due_on.isoformat()}前办结"),
                ("办理状态", chinese(FORM_STATUS_WORDS, form.status)),
            ]
        ),
        pdf.heading("一、职工反映的问题"),
        pdf.table([["编号", "反映人", "类别", "反映内容", "日期"], *complaints], [28, 22, 22, 80, 28]),
        pdf.heading("二、办理结果"),
        pdf.fields(
            [
                ("办结日期", form.resolved_on.isoformat() if form.resolved_on else ""),
                ("办理结果", form.resolution),
                ("追回金额", pdf.yuan(form.recovered_fen) if form.recovered_fen else ""),
            ]
        ),
        pdf.space(8),
        pdf.signatures(["反映人", "承办人", "负责人"]),
    ]
    return pdf.render(story, title=f"{TITLE} {form.ref}")
