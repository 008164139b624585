"""A member record deleted (entered by mistake, before the database refused it) while other records
still name it: the readers say so (the proposal's 会员记录已删除, the agreement list's "?"); the
agreement's paper answered 500. Now the delete is refused (409) and such rows are only old data."""

from __future__ import annotations

from server.infra.tenancy import tenant_scope
from server.modules.pairing import service
from server.modules.pairing.service.structs import CandidateIn, CandidatesIn
from tests.modules.orgs.factories import delete_member_as_before
from tests.modules.pairing.helpers import make_world, person, programme
from tests.pdf_helpers import text_of


async def test_the_paper_of_an_agreement_whose_apprentice_was_deleted_prints(client, tenant, tenant_headers):
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
    r = await client.delete(f"/api/v1/t/{tenant.slug}/members/{zhang}", headers=tenant_headers)
    assert r.status_code == 409 and r.json()["modules"] == ["pairing"], r.text
    async with tenant_scope(tenant.slug):
        await delete_member_as_before(zhang)
    r = await client.get(f"/api/v1/t/{tenant.slug}/pairing/agreements/{agreement.id}/paper.pdf", headers=tenant_headers)
    assert r.status_code == 200, r.text
    text = text_of(r.content)
    assert "王师傅" in text and f"会员记录已删除（#{zhang}）" in text
