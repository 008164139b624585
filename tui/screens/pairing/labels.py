"""Every label of the pairing screens, in both languages (`tui.i18n.L`); a screen shows one with
`lbl.NAME()` (placeholders as keywords) and a code from the API with `lbl.of(lbl.X_OF, code)`."""

from __future__ import annotations

from tui.i18n import L, of

__all__ = ["of"]

ACCEPT = L("接受方案", "Accept")
ACCEPTED = L("已接受方案 #{id}：签订师徒协议 {count} 份", "Proposal #{id} accepted: {count} agreements")
AGREEMENT_ACTIVE = L("履行中", "active")
AGREEMENT_COMPLETED = L("已完成", "completed")
AGREEMENT_END_REASON = L("终止原因：{reason}", "Ended because: {reason}")
AGREEMENT_ENDED = L("{on} 提前终止", "ended early {on}")
AGREEMENT_ENDED_EARLY = L("提前终止", "ended early")
AGREEMENT_GOALS = L("目标：{goals}", "Goals: {goals}")
AGREEMENT_OUTCOME = L("成效：{outcome}", "Outcome: {outcome}")
AGREEMENTS_ALL = L("全部", "all")
AGREEMENTS_COL_APPRENTICE = L("徒弟", "Apprentice")
AGREEMENTS_COL_ID = L("编号", "ID")
AGREEMENTS_COL_MASTER = L("师傅", "Master")
AGREEMENTS_COL_OUTCOME = L("成效", "Outcome")
AGREEMENTS_COL_PROGRAMME = L("项目", "Programme")
AGREEMENTS_COL_STATUS = L("状态", "Status")
AGREEMENTS_COL_TERM = L("期限", "Term")
AGREEMENTS_END = L("提前终止", "End early")
AGREEMENTS_NOTE = L("进展记录", "Progress note")
AGREEMENTS_OF = L("{name} · 师徒协议", "{name} · agreements")
AGREEMENTS_OUTCOME = L("结业成效", "Outcome")
AGREEMENTS_TITLE = L("名师带高徒 · 师徒协议", "Master-apprentice pairing · agreements")
AGREEMENTS_OF = L("协议", "Agreements")
COL_AGREEMENTS = L("协议", "Agreements")
COL_APPRENTICES = L("徒弟", "Apprentices")
COL_ID = L("编号", "ID")
COL_MASTERS = L("师傅", "Masters")
COL_NAME = L("项目", "Programme")
COL_PROPOSAL = L("待定方案", "Proposal")
COL_TARGET = L("目标对数", "Target")
COL_TERM = L("期限", "Term")
CONFIRM_ACCEPT = L(
    "接受方案 #{id}？{new} 对新配对将签订师徒协议（{name}，{start} 至 {end}）。",
    "Accept proposal #{id}? Its {new} new pairs become pairing agreements (师徒协议) for {name}, {start} to {end}.",
)
FIELD_COMPETITION_RESULT = L("竞赛成绩", "Competition")
FIELD_INNOVATION = L("五小成果", "五小 innovation")
FIELD_LEVEL_AFTER = L("现等级", "Level now")
FIELD_LEVEL_HINT = L("1 高级技师 … 5 初级工", "1 senior technician … 5 junior worker")
FIELD_NOTE = L("备注", "Note")
FIELD_REASON = L("终止原因", "Reason")
FIELD_TEXT = L("进展", "Progress")
FOCUS_YEAR = L("筛选", "Filter")
FORBID = L("禁止此对", "Forbid pair")
FORBID_DONE = L(
    "已禁止 {master} 带 {apprentice}；按 P 重新计算", "{master} with {apprentice} forbidden; press P to propose again"
)
FORM_END = L("师徒协议 #{id} · 提前终止", "Agreement #{id} · end early")
FORM_END_DONE = L("协议 #{id} 已提前终止", "Agreement #{id} ended early")
FORM_NOTE = L("师徒协议 #{id} · 记录进展", "Agreement #{id} · progress note")
FORM_NOTE_DONE = L("协议 #{id} 已记录进展", "Progress noted on agreement #{id}")
FORM_OUTCOME = L("师徒协议 #{id} · 结业成效", "Agreement #{id} · outcome")
FORM_OUTCOME_DONE = L("协议 #{id} 已结业", "Agreement #{id} completed")
FORM_PAIR = L("{master} 带 {apprentice}（{start} 至 {end}）", "{master} with {apprentice} ({start} to {end})")
FORM_SUBMIT = L("保存", "Save")
LEVEL = L("{level}级", "L{level}")
LOCK = L("锁定此对", "Lock pair")
LOCK_DONE = L(
    "已锁定 {master} 带 {apprentice}；按 P 重新计算", "{master} with {apprentice} locked; press P to propose again"
)
NO_PROPOSAL = L(
    "尚无配对方案。师傅 {masters} 名，徒弟 {apprentices} 名，目标 {target} 对。",
    "No proposal yet. {masters} masters, {apprentices} apprentices, target {target} pairs.",
)
NO_PROPOSAL_HINT = L("按 P 计算最优方案。", "Press P to compute the optimal proposal.")
NOT_OPTIMAL = L("未证明最优", "not proven optimal")
NOTHING_NEW = L("此方案没有新的配对可接受", "This proposal has no new pair to accept")
OPEN = L("方案", "Proposal")
OPEN_PROPOSAL = L("#{id}", "#{id}")
OPTIMAL = L("已证明最优", "proven optimal")
PAIR_APPRENTICE = L("徒弟", "Apprentice")
PAIR_LEVELS = L("等级", "Levels")
PAIR_MASTER = L("师傅", "Master")
PAIR_REASONS = L("理由", "Why this master")
PAIR_STATE = L("状态", "State")
PAIR_TRADE = L("工种", "Trade")
PAIRS_TITLE = L("拟配对 {count} 对", "Proposed pairs: {count}")
PROGRAMMES_TITLE = L("名师带高徒 · 带徒项目", "Master-apprentice pairing · programmes")
PROPOSAL_TITLE = L("{name}（{start} 至 {end}）· 配对方案", "{name} ({start} to {end}) · proposal")
PROPOSE = L("计算方案", "Propose")
PROPOSED = L(
    "方案 #{id}：配对 {pairs} 对，未配对 {unpaired} 名（求解 {ms} 毫秒）",
    "Proposal #{id}: {pairs} pairs, {unpaired} unpaired (solved in {ms} ms)",
)
RULES = L("锁定/禁止", "Locks & forbids")
RULES_COL_APPRENTICE = L("徒弟", "Apprentice")
RULES_COL_BY = L("设定人", "Set by")
RULES_COL_KIND = L("类型", "Kind")
RULES_COL_MASTER = L("师傅", "Master")
RULES_COUNT = L("共 {count} 条；按 D 删除所选，Esc 返回", "{count} rules; D removes the selected one, Esc closes")
RULES_FORBID = L("禁止", "forbidden")
RULES_LOCK = L("锁定", "locked")
RULES_PROPOSE_AGAIN = L("规则已变：按 P 重新计算方案", "The rules changed: press P to propose again")
RULES_REMOVE = L("删除", "Remove")
RULES_REMOVED = L("已删除该规则", "Rule removed")
RULES_TITLE = L("{name} · 锁定与禁止的配对", "{name} · locked and forbidden pairs")
SOLVING = L("正在求解最优配对…", "Solving for the optimal pairing…")
STATE_AGREED = L("已签协议 #{id}", "agreement #{id}")
STATE_LOCKED = L("已锁定", "locked")
STATE_NEW = L("新配对", "new")
STATUS_ACCEPTED = L("已接受", "accepted")
STATUS_OPEN = L("待接受", "open")
STATUS_SUPERSEDED = L("已被取代", "superseded")
SUMMARY_COUNTS = L(
    "配对 {pairs} 对（目标 {target}，新增 {new}）· 未配对徒弟 {unpaired} 名 · 师傅 {masters} 名（{idle} 名未带徒）· 徒弟 {apprentices} 名",
    "{pairs} pairs (target {target}, {new} new) · {unpaired} apprentices unpaired · {masters} masters ({idle} idle) · {apprentices} apprentices",
)
SUMMARY_HEAD = L("方案 #{id} · {status} · 提出人 {by}", "Proposal #{id} · {status} · by {by}")
SUMMARY_QUALITY = L(
    "阻塞对 {blocking} 个（师徒双方都更愿意彼此）· 总成本 {cost} · {optimal}",
    "{blocking} blocking pairs (both would rather have each other) · cost {cost} · {optimal}",
)
UNPAIRED_APPRENTICE = L("徒弟", "Apprentice")
UNPAIRED_ELIGIBLE = L("可选师傅", "Eligible masters")
UNPAIRED_LEVEL = L("等级", "Level")
UNPAIRED_TRADE = L("工种", "Trade")
UNPAIRED_WHY = L("原因", "Why unpaired")
UNPAIRED_TITLE = L("未配对徒弟 {count} 名", "Unpaired apprentices: {count}")
WHY_PAIR = L("{master} 带 {apprentice}：{reasons}", "{master} with {apprentice}: {reasons}")
WHY_UNPAIRED = L("{name} 未配对：{reasons}", "{name} unpaired: {reasons}")
YEAR_FILTER = L("按年份筛选（如 2017），回车应用", "Filter by year (e.g. 2017), Enter applies")

AGREEMENT_OF = {
    "active": AGREEMENT_ACTIVE,
    "completed": AGREEMENT_COMPLETED,
    "end_reason": AGREEMENT_END_REASON,
    "ended": AGREEMENT_ENDED,
    "ended_early": AGREEMENT_ENDED_EARLY,
    "goals": AGREEMENT_GOALS,
    "outcome": AGREEMENT_OUTCOME,
}

AGREEMENTS_COL_OF = {
    "apprentice": AGREEMENTS_COL_APPRENTICE,
    "id": AGREEMENTS_COL_ID,
    "master": AGREEMENTS_COL_MASTER,
    "outcome": AGREEMENTS_COL_OUTCOME,
    "programme": AGREEMENTS_COL_PROGRAMME,
    "status": AGREEMENTS_COL_STATUS,
    "term": AGREEMENTS_COL_TERM,
}

COL_OF = {
    "agreements": COL_AGREEMENTS,
    "apprentices": COL_APPRENTICES,
    "id": COL_ID,
    "masters": COL_MASTERS,
    "name": COL_NAME,
    "proposal": COL_PROPOSAL,
    "target": COL_TARGET,
    "term": COL_TERM,
}

FIELD_OF = {
    "competition_result": FIELD_COMPETITION_RESULT,
    "innovation": FIELD_INNOVATION,
    "level_after": FIELD_LEVEL_AFTER,
    "level_hint": FIELD_LEVEL_HINT,
    "note": FIELD_NOTE,
    "reason": FIELD_REASON,
    "text": FIELD_TEXT,
}

FORM_OF = {
    "end": FORM_END,
    "end.done": FORM_END_DONE,
    "note": FORM_NOTE,
    "note.done": FORM_NOTE_DONE,
    "outcome": FORM_OUTCOME,
    "outcome.done": FORM_OUTCOME_DONE,
    "pair": FORM_PAIR,
    "submit": FORM_SUBMIT,
}

PAIR_OF = {
    "apprentice": PAIR_APPRENTICE,
    "levels": PAIR_LEVELS,
    "master": PAIR_MASTER,
    "reasons": PAIR_REASONS,
    "state": PAIR_STATE,
    "trade": PAIR_TRADE,
}

RULES_OF = {
    "col.apprentice": RULES_COL_APPRENTICE,
    "col.by": RULES_COL_BY,
    "col.kind": RULES_COL_KIND,
    "col.master": RULES_COL_MASTER,
    "count": RULES_COUNT,
    "forbid": RULES_FORBID,
    "lock": RULES_LOCK,
    "propose_again": RULES_PROPOSE_AGAIN,
    "remove": RULES_REMOVE,
    "removed": RULES_REMOVED,
    "title": RULES_TITLE,
}

RULES_COL_OF = {
    "apprentice": RULES_COL_APPRENTICE,
    "by": RULES_COL_BY,
    "kind": RULES_COL_KIND,
    "master": RULES_COL_MASTER,
}

STATUS_OF = {
    "accepted": STATUS_ACCEPTED,
    "open": STATUS_OPEN,
    "superseded": STATUS_SUPERSEDED,
}

UNPAIRED_OF = {
    "apprentice": UNPAIRED_APPRENTICE,
    "eligible": UNPAIRED_ELIGIBLE,
    "level": UNPAIRED_LEVEL,
    "trade": UNPAIRED_TRADE,
    "why": UNPAIRED_WHY,
}
