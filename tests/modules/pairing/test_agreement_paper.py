"""The master-apprentice agreement on paper (师徒协议): its Chinese title, both parties with trade and
union, the term and the goals, lines to sign; the font travels inside the PDF. An officer outside
the programme's scope gets `outside_subtree`; an unknown agreement is a 404 problem."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.pairing import service
from server.modules.pairing.service.structs import CandidateIn, CandidatesIn
from tests.conftest import bearer
from tests.modules.pairing.helpers import make_world, person, programme
from tests.pdf_helpers import assert_font_embedded, text_of


async def test_the_agreement_prints_both_parties_the_term_and_lines_to_sign(client, tenant, tenant_headers, make_token):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        zhang = await person(w, "小张", w.steel, "焊工", 4)
        prog = await programme(w)
        await service.add_candidates(
            prog.id, CandidatesIn(candidates=[CandidateIn(wang, "master"), CandidateIn(zhang, "apprentice")])
        )
        proposal = await service.propose(prog.id)
        await service.accept(proposal.id, service.AcceptIn(goals="一年内晋升技师"))
        [agreement] = (await service.list_agreements(programme_id=prog.id)).items
    base = f"/api/v1/t/{tenant.slug}/pairing/agreements"
    r = await client.get(f"{base}/{agreement.id}/paper.pdf", headers=tenant_headers)
    assert r.status_code == 200, r.text
    text = text_of(r.content)
    assert "师徒结对协议" in text
    assert "王师傅" in text and "小张" in text and "焊工" in text and "石嘴山钢铁工会" in text
    assert "2017-03-01 至 2017-12-31" in text and "一年内晋升技师" in text
    assert "2017 高新区名师带高徒" in text
    assert "师傅（甲方）（签字）" in text and "工会（盖章）（签字）" in text
    assert_font_embedded(r.content)

    outsider = bearer(await make_token("org_officer", tenant.slug, org_id=w.elsewhere))
    r = await client.get(f"{base}/{agreement.id}/paper.pdf", headers=outsider)
    assert r.status_code == 403 and r.json()["code"] == "outside_subtree"
    r = await client.get(f"{base}/999999/paper.pdf", headers=tenant_headers)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
