"""Officers run a 名师带高徒 programme through the service: candidates, locks and forbids,
an explained optimal proposal, agreements with notes and outcomes, and the report."""

from __future__ import annotations

import datetime as dt

import pytest

from server.errors import Conflict, InvalidInput, NotFound, RuleViolation
from server.infra.tenancy import tenant_scope
from server.modules.contract import ReportQuery
from server.modules.pairing import service
from server.modules.pairing.report import report
from server.modules.pairing.service import CandidateIn, CandidatesIn, PairRuleIn
from tests.modules.pairing.helpers import make_world, person, programme


async def test_a_programme_from_candidates_to_agreements_and_the_report(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)  # 高级技师
        li = await person(w, "李师傅", w.chem, "焊工", 2)  # 技师
        zhao = await person(w, "赵师傅", w.chem, "电工", 2)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        a2 = await person(w, "小刘", w.chem, "焊工", 5)
        a3 = await person(w, "小陈", w.steel, "电焊工", None)
        a4 = await person(w, "小周", w.chem, "钳工", 4)  # nobody teaches 钳工
        a5 = await person(w, "小吴", w.steel, "电工", 3)
        await service.set_compatible_trades(service.CompatibleTradesIn(pairs=[["电焊工", "焊工"]]))
        prog = await programme(w, default_capacity=2)
        await service.add_candidates(
            prog.id,
            CandidatesIn(
                candidates=[
                    CandidateIn(wang, "master", capacity=1),
                    CandidateIn(li, "master"),
                    CandidateIn(zhao, "master"),
                    CandidateIn(a1, "apprentice"),
                    CandidateIn(a2, "apprentice", preferences=[wang]),
                    CandidateIn(a3, "apprentice"),
                    CandidateIn(a4, "apprentice"),
                    CandidateIn(a5, "apprentice"),
                ]
            ),
        )
        got = await service.get_programme(prog.id)
        assert (got.masters, got.apprentices) == (3, 5)

        # The officer wants 小吴 kept away from 赵师傅 and fixes 小刘 with 李师傅.
        await service.forbid_pair(prog.id, PairRuleIn(zhao, a5, note="亲属回避"))
        await service.lock_pair(prog.id, PairRuleIn(li, a2))

        proposal = await service.propose(prog.id)
        pairs = {p.apprentice_member_id: p.master_member_id for p in proposal.pairs}
        assert pairs[a2] == li and [p for p in proposal.pairs if p.apprentice_member_id == a2][0].locked
        assert pairs[a1] == wang  # same enterprise, same trade
        assert pairs[a3] == li  # compatible trade, li has a second place
        assert a5 not in pairs and a4 not in pairs
        why = {u.apprentice_member_id: u.code for u in proposal.unpaired}
        assert why == {a4: "no_master_in_trade", a5: "forbidden"}
        assert proposal.summary.pairs == 3 and proposal.summary.target_pairs == 3
        assert proposal.summary.optimal and proposal.status == "open"
        assert all(p.reasons for p in proposal.pairs)
        assert {m.master_member_id: m.used for m in proposal.masters} == {wang: 1, li: 2, zhao: 0}
        assert (await service.latest_proposal(prog.id)).id == proposal.id

        accepted = await service.accept(proposal.id, service.AcceptIn(goals="晋升一级"))
        assert accepted.agreements_created == 3
        with pytest.raises(Conflict, match="accepted"):
            await service.accept(proposal.id)

        # A new apprentice joins later: the next proposal keeps the agreements and adds one pair.
        a6 = await person(w, "小孙", w.chem, "电工", 4)
        await service.add_candidates(prog.id, CandidatesIn(candidates=[CandidateIn(a6, "apprentice")]))
        again = await service.propose(prog.id)
        assert again.summary.pairs == 4 and again.summary.new_pairs == 1
        kept = [p for p in again.pairs if p.agreement_id is not None]
        assert len(kept) == 3 and all(p.reasons[0].code == "agreed" and not p.locked for p in kept)
        assert (await service.accept(again.id)).agreements_created == 1

        agreements = (await service.list_agreements(programme_id=prog.id)).items
        assert len(agreements) == 4
        first = next(a for a in agreements if a.apprentice_member_id == a1)
        assert first.goals == "晋升一级" and first.level_before == 4 and first.status == "active"
        noted = await service.add_note(first.id, service.NoteIn(text="完成焊接练习件", noted_on=dt.date(2017, 5, 1)))
        assert [n.text for n in noted.notes] == ["完成焊接练习件"]
        done = await service.record_outcome(
            first.id, service.OutcomeIn(level_after=3, innovation="焊接夹具小革新", completed_on=dt.date(2017, 12, 20))
        )
        assert done.status == "completed" and done.level_raised
        second = next(a for a in agreements if a.apprentice_member_id == a6)
        ended = await service.end_early(second.id, service.EndIn(reason="徒弟调岗", ended_on=dt.date(2017, 8, 1)))
        assert ended.status == "ended_early" and ended.end_reason == "徒弟调岗"
        with pytest.raises(Conflict):
            await service.end_early(second.id, service.EndIn(reason="again"))

        figures = await report(ReportQuery(tenant=tenant.slug, year=2017))
        assert figures["masters"] == 3 and figures["apprentices"] == 6
        assert figures["target_pairs"] == 3 and figures["pairs"] == 4
        assert figures["completed"] == 1 and figures["ended_early"] == 1 and figures["levels_raised"] == 1
        assert figures["blocking_pairs"] == again.summary.blocking_pairs
        assert figures["innovations"] == 1
        assert (await report(ReportQuery(tenant=tenant.slug, year=2016)))["pairs"] == 0
        assert (await report(ReportQuery(tenant=tenant.slug, year=2017, org=w.elsewhere)))["pairs"] == 0


async def test_locks_and_forbids_are_checked_against_the_rules(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 2)
        low = await person(w, "孙师傅", w.steel, "焊工", 4)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        a2 = await person(w, "小刘", w.steel, "电工", 5)
        a3 = await person(w, "小陈", w.steel, "焊工", 5)
        prog = await programme(w)
        await service.add_candidates(
            prog.id,
            CandidatesIn(
                candidates=[
                    CandidateIn(wang, "master", capacity=1),
                    CandidateIn(low, "master"),
                    CandidateIn(a1, "apprentice"),
                    CandidateIn(a2, "apprentice"),
                    CandidateIn(a3, "apprentice"),
                ]
            ),
        )
        with pytest.raises(RuleViolation, match="trades"):
            await service.lock_pair(prog.id, PairRuleIn(wang, a2))
        with pytest.raises(RuleViolation, match="level gap"):
            await service.lock_pair(prog.id, PairRuleIn(low, a1))
        with pytest.raises(InvalidInput) as bad:
            await service.lock_pair(prog.id, PairRuleIn(a1, wang))
        assert {e.field for e in bad.value.errors} == {"master_member_id", "apprentice_member_id"}
        await service.lock_pair(prog.id, PairRuleIn(wang, a1))
        with pytest.raises(Conflict, match="already locked"):
            await service.lock_pair(prog.id, PairRuleIn(wang, a1))
        with pytest.raises(RuleViolation) as full:
            await service.lock_pair(prog.id, PairRuleIn(wang, a3))
        assert full.value.code == "master_full"
        with pytest.raises(Conflict):
            await service.forbid_pair(prog.id, PairRuleIn(wang, a1))
        rules = (await service.list_rules(prog.id)).items
        assert [(r.kind, r.master_member_id, r.apprentice_member_id) for r in rules] == [("lock", wang, a1)]
        await service.remove_rule(prog.id, rules[0].id)
        assert (await service.list_rules(prog.id)).items == []
        with pytest.raises(NotFound):
            await service.remove_rule(prog.id, rules[0].id)


async def test_bad_candidates_are_refused_row_by_row_and_nothing_is_added(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 2)
        outsider = await person(w, "外人", w.elsewhere, "焊工", 4)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        prog = await programme(w)
        with pytest.raises(InvalidInput) as bad:
            await service.add_candidates(
                prog.id,
                CandidatesIn(
                    candidates=[
                        CandidateIn(wang, "master", capacity=99),
                        CandidateIn(outsider, "apprentice"),
                        CandidateIn(a1, "boss"),
                        CandidateIn(a1, "apprentice", preferences=[a1]),
                        CandidateIn(999999, "apprentice"),
                    ]
                ),
            )
        fields = [e.field for e in bad.value.errors]
        assert "candidates[0].capacity" in fields and "candidates[1].member_id" in fields
        assert "candidates[2].role" in fields and "candidates[3].member_id" in fields
        assert "candidates[4].member_id" in fields
        assert (await service.list_candidates(prog.id)).items == []
        with pytest.raises(InvalidInput):
            await service.create_programme(
                service.ProgrammeIn(
                    name=" ",
                    scope_org_id=w.zone,
                    term_start=dt.date(2017, 3, 1),
                    term_end=dt.date(2017, 1, 1),
                    min_level_gap=9,
                )
            )


async def test_empty_programmes_and_masters_without_places_give_clear_answers(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        prog = await programme(w)
        empty = await service.propose(prog.id)
        assert empty.summary.pairs == 0 and empty.pairs == [] and empty.unpaired == []
        assert (await service.accept(empty.id)).agreements_created == 0

        full = await person(w, "王师傅", w.steel, "焊工", 1)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        await service.add_candidates(
            prog.id, CandidatesIn(candidates=[CandidateIn(full, "master", capacity=0), CandidateIn(a1, "apprentice")])
        )
        proposal = await service.propose(prog.id)
        assert [u.code for u in proposal.unpaired] == ["no_capacity"]
        assert "capacity 0" in proposal.unpaired[0].reasons[0].en
        assert proposal.summary.idle_masters == 1


async def test_a_proposal_goes_stale_when_its_inputs_change(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        a2 = await person(w, "小刘", w.steel, "焊工", 4)
        prog = await programme(w)
        await service.add_candidates(
            prog.id,
            CandidatesIn(
                candidates=[CandidateIn(wang, "master"), CandidateIn(a1, "apprentice"), CandidateIn(a2, "apprentice")]
            ),
        )
        old = await service.propose(prog.id)
        await service.forbid_pair(prog.id, PairRuleIn(wang, a2))
        with pytest.raises(Conflict) as stale:
            await service.accept(old.id)
        assert stale.value.code == "proposal_stale"
        new = await service.propose(prog.id)
        assert (await service.get_proposal(old.id)).status == "superseded"
        with pytest.raises(Conflict):
            await service.accept(old.id)
        # Accepting only part of a proposal.
        out = await service.accept(new.id, service.AcceptIn(apprentice_member_ids=[a1]))
        assert out.agreements_created == 1


async def test_candidates_are_added_by_org_trade_and_level(tenant):
    async with tenant_scope(tenant.slug):
        w = await make_world()
        wang = await person(w, "王师傅", w.steel, "焊工", 1)
        li = await person(w, "李师傅", w.chem, "焊工", 2)
        await person(w, "孙师傅", w.chem, "电工", 2)
        a1 = await person(w, "小张", w.steel, "焊工", 4)
        a2 = await person(w, "小刘", w.chem, "焊工", None)
        await person(w, "外人", w.elsewhere, "焊工", 4)
        prog = await programme(w)
        masters = await service.add_candidates_from_orgs(
            prog.id, service.CandidateFilterIn(role="master", trades=["焊工"], level_to=2)
        )
        assert (masters.added, masters.already) == (2, 0)
        apprentices = await service.add_candidates_from_orgs(
            prog.id,
            service.CandidateFilterIn(role="apprentice", trades=["焊工"], level_from=3, include_uncertified=True),
        )
        assert (apprentices.added, apprentices.already) == (2, 0)
        listed = {c.member_id: c.role for c in (await service.list_candidates(prog.id)).items}
        assert listed == {wang: "master", li: "master", a1: "apprentice", a2: "apprentice"}
        again = await service.add_candidates_from_orgs(
            prog.id, service.CandidateFilterIn(role="apprentice", org_id=w.steel, trades=["焊工"], level_from=3)
        )
        assert (again.added, again.already) == (0, 1)
        with pytest.raises(InvalidInput):
            await service.add_candidates_from_orgs(
                prog.id, service.CandidateFilterIn(role="apprentice", org_id=w.elsewhere)
            )
