"""Every list and every report exports to XLSX (issue 20, "take it away"), one way for all.

`siblings(controllers)` makes, for each paged list route `GET …/things` (a handler answering
`Page[T]`), a route `GET …/things/export` with the same filters, guards and tenant scope: it
reads every page through the list handler itself (so the officer's subtree, the filters and the
order are the list's own) and writes them with the one writer, `server.infra.sheets` (text is
never a formula). A report route (a handler answering a struct with `figures`) gets the same
sibling, its figures one per row. An answer that is not a page — a struct or a list of structs —
gets one when its struct says how it reads as a table: a classmethod
`tabulate(answers, lang) -> (headers in words, rows)` (the adoption, the review's standings and
result). A module adds nothing; the app factory mounts the siblings beside the controllers. A
route that already has its own `/export` (orgs and members: CSV and importable columns, with
their lists' filters and the request's language too) keeps it.

The header row is in the request's language (`Accept-Language`, zh-CN by default): one row of
words, as an office opening the file in Excel or WPS expects (filters and pivot tables want
one header row). The words come from the catalogue of column labels next to where the lists
are declared: a module's `columns.py` (`COLUMNS`, `MODULE.columns`), `PLATFORM` below for the
platform's own lists, then `COMMON` below for the fields many lists share. A key is a field
(`member_name`) or, where a word depends on the record, `Struct.field` (`CampaignOut.name`).
tests/test_exports.py holds every column of every export route to a label in both languages.
Money (`*_fen`) is written in yuan with two decimals, yes/no as words.

A code column (a status, a kind, a channel, a level...) is written in words too, from the code
catalogue next to the column labels: a module's `columns.py` (`CODES`, `MODULE.codes`), keyed as
the labels are, each entry the words of every value the column can hold (`codes(source, words)`,
server/infra/codes.py, whose source is where those values are fixed: a table column's CHECK,
the service's enum or tuple). A list of codes (`reasons`) is written as its words joined.
tests/test_exports.py holds every code column of every export route to the catalogue, and the
catalogue to the values.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import sys
import typing
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, get
from litestar.handlers import HTTPRouteHandler
from litestar.response import Stream

from server.infra import sheets
from server.infra.codes import CodeWords, codes
from server.infra.pagination import Page, drain
from server.infra.problems import language
from server.platform.roles import Role
from server.platform.tables import Nomination, Review

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SKIP = ("self", "limit", "cursor")
LOCAL = ZoneInfo("Asia/Shanghai")
YUAN = "#,##0.00"

Label = tuple[str, str]  # (zh-CN, English)
Columns = Mapping[str, Label]
Codes = Mapping[str, Mapping[str, Label]]  # column key → code → its words

# The fields many lists share; a module's or the platform's catalogue comes first.
COMMON: dict[str, Label] = {
    "id": ("编号", "ID"),
    "name": ("名称", "Name"),
    "title": ("标题", "Title"),
    "year": ("年度", "Year"),
    "kind": ("类型", "Kind"),
    "category": ("类别", "Category"),
    "status": ("状态", "Status"),
    "state": ("状态", "State"),
    "level": ("等级", "Level"),
    "note": ("备注", "Note"),
    "notes": ("备注", "Notes"),
    "reason": ("原因", "Reason"),
    "active": ("是否有效", "Active"),
    "org_id": ("组织编号", "Org ID"),
    "org_name": ("组织", "Org"),
    "member_id": ("会员编号", "Member ID"),
    "member_name": ("会员姓名", "Member"),
    "phone": ("电话", "Phone"),
    "trade": ("工种", "Trade"),
    "tenant": ("租户", "Tenant"),
    "created_at": ("创建时间", "Created at"),
    "created_by": ("创建人", "Created by"),
    "starts_on": ("开始日期", "Starts on"),
    "ends_on": ("结束日期", "Ends on"),
    "starts_at": ("开始时间", "Starts at"),
    "ends_at": ("结束时间", "Ends at"),
    "held_on": ("举办日期", "Held on"),
    "at": ("时间", "At"),
    "actor": ("操作人", "By"),
    "detail": ("详情", "Detail"),
    "label": ("说明", "Label"),
    "ref": ("编号（文号）", "Reference"),
    "batch_id": ("发放批次编号", "Payment batch ID"),
    "amount_fen": ("金额（元）", "Amount (yuan)"),
    "total_fen": ("合计（元）", "Total (yuan)"),
    "participants": ("参加人数", "Participants"),
    "person_times": ("人次", "Person-times"),
    "results": ("结果", "Results"),
    "total": ("合计", "Total"),
}
YES_NO = {True: ("是", "yes"), False: ("否", "no")}
REPORT_HEADERS: list[Label] = [("指标", "Figure"), ("数值", "Value"), ("数字（金额以元计）", "Number (money in yuan)")]
FIGURE_HEADERS: list[Label] = [("项目", "Item"), ("值", "Value")]


def words(label: Label, lang: str) -> str:
    return label[1] if lang == "en" else label[0]


def column_label(kind: type, name: str, columns: Columns) -> Label | None:
    """A column's words: the catalogue's for this record's field, for the field, or COMMON's."""
    return columns.get(f"{kind.__name__}.{name}") or columns.get(name) or COMMON.get(name)


def code_words(kind: type, name: str, codes: Codes) -> Mapping[str, Label] | None:
    """The words of a code column's values, if the column holds codes."""
    return codes.get(f"{kind.__name__}.{name}") or codes.get(name)


def cell(value: Any, lang: str = "zh-CN", *, money: bool = False, code: Mapping[str, Label] | None = None) -> Any:
    """A value as a spreadsheet cell: numbers, dates and texts as they are (fen as yuan when
    `money`, a code as its words when the column's `code` words are given), yes/no as words,
    the rest as JSON text."""
    if code is not None:
        key = str(value) if isinstance(value, int) and not isinstance(value, bool) else value  # a level 1-5
        if isinstance(key, str) and key in code:
            return words(code[key], lang)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ("、" if lang != "en" else ", ").join(words(code[v], lang) if v in code else v for v in value)
    if isinstance(value, bool):
        return words(YES_NO[value], lang)
    if money and isinstance(value, int):
        return Decimal(value) / 100
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(LOCAL).replace(tzinfo=None)  # XLSX has no time zones: China's clock
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    return msgspec.json.encode(value).decode()


def table(
    items: Iterable[Any], kind: type, columns: Columns, lang: str = "zh-CN", codes: Codes | None = None
) -> tuple[list[str], list[list[Any]], dict[int, str]]:
    """A header of the struct's fields in words, a row per item (codes in words), and the yuan
    columns' format."""
    names = [f.name for f in msgspec.structs.fields(kind)]
    money = [n.endswith("_fen") for n in names]
    coded = [code_words(kind, n, codes or {}) for n in names]
    headers = [words(column_label(kind, n, columns) or (n, n), lang) for n in names]
    rows = [
        [cell(getattr(item, n, None), lang, money=m, code=c) for n, m, c in zip(names, money, coded, strict=True)]
        for item in items
    ]
    return headers, rows, {i: YUAN for i, m in enumerate(money, start=1) if m}


def report_rows(report: Any, lang: str) -> list[list[Any]]:
    """A report's figures, one a row: the label in the request's language, the value as a reader
    reads it, and the number (money in yuan)."""
    rows: list[list[Any]] = []
    for code, value in report.figures.items():
        label = report.labels.get(code)
        unit = getattr(getattr(label, "unit", None), "value", getattr(label, "unit", None))
        name = (label.en if lang == "en" else label.zh) if label is not None else code
        number = Decimal(value) / 100 if unit == "fen" and isinstance(value, int) else value
        rows.append([name, report.text.get(code, str(value)), number])
    return rows


def missing_labels(kind: type, columns: Columns) -> list[str]:
    """The fields of `kind` with no label in both languages (tests/test_exports.py)."""
    out = []
    for f in msgspec.structs.fields(kind):
        label = column_label(kind, f.name, columns)
        if label is None or not all(label) or (f.name.endswith("_fen") and "元" not in label[0]):
            out.append(f.name)
    return out


def flatten(value: Any, prefix: str = "") -> list[list[Any]]:
    """(name, value) rows of a nested record: `figures.by_kind.holiday_relief  120`."""
    data = msgspec.to_builtins(value)
    rows: list[list[Any]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.items():
                walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list) and any(isinstance(x, (dict, list)) for x in node):
            for i, sub in enumerate(node, start=1):
                walk(sub, f"{path}[{i}]")
        else:
            rows.append([path, cell(node) if not isinstance(node, list) else ", ".join(map(str, node))])

    walk(data, prefix)
    return rows


def _hints(fn: Any) -> dict[str, Any] | None:
    try:
        return typing.get_type_hints(fn, globalns=vars(sys.modules[fn.__module__]), include_extras=True)
    except NameError:  # a name imported for type checking only: such a route is not mirrored
        return None


def _paged_item(hints: dict[str, Any]) -> type | None:
    ret = hints.get("return")
    if typing.get_origin(ret) is Page or (isinstance(ret, type) and issubclass(ret, Page)):
        args = typing.get_args(ret)
        return args[0] if args else None
    return None


def _tabular(hints: dict[str, Any]) -> tuple[type, bool] | None:
    """(the struct, whether the answer is a list of them) for an answer whose struct says how it
    reads as a table (`tabulate`)."""
    ret = hints.get("return")
    many = typing.get_origin(ret) is list
    kind = (typing.get_args(ret) or (None,))[0] if many else ret
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct) and hasattr(kind, "tabulate"):
        return kind, many
    return None


def tabulated(answer: Any, kind: Any, many: bool, lang: str) -> tuple[list[str], list[list[Any]]]:
    """`tabulate(answers, lang)`: the header in words of the language, a row per record."""
    headers, rows = kind.tabulate(list(answer) if many else [answer], lang)
    return headers, [[cell(v, lang) for v in row] for row in rows]


def _is_report(hints: dict[str, Any]) -> bool:
    ret = hints.get("return")
    return isinstance(ret, type) and issubclass(ret, msgspec.Struct) and "figures" in ret.__struct_fields__


def _labelled(hints: dict[str, Any]) -> bool:
    """A report that carries its figures' labels and texts (`ReportOut`)."""
    ret = hints.get("return")
    return _is_report(hints) and {"labels", "text"} <= set(ret.__struct_fields__)  # type: ignore[union-attr]


def _listed(controller: type[Controller], name: str) -> list[Any]:
    """A controller's class-level list (`guards`, `tags`); unset, it is a slot, not a list."""
    value = getattr(controller, name, None)
    return list(value) if isinstance(value, (list, tuple)) else []


def _join(*parts: str) -> str:
    return "/" + "/".join(p.strip("/") for p in parts if p.strip("/"))


def _sibling(
    controller: type[Controller], handler: HTTPRouteHandler, path: str, columns: Columns, codes: Codes
) -> HTTPRouteHandler | None:
    fn = handler.fn
    hints = _hints(fn)
    if hints is None:
        return None
    item = _paged_item(hints)
    whole = _tabular(hints) if item is None else None
    report = item is None and whole is None and _is_report(hints)
    if item is None and whole is None and not report:
        return None
    labelled = report and _labelled(hints)
    signature = inspect.signature(fn)
    kept = [p for name, p in signature.parameters.items() if name not in SKIP]
    asks = "request" in signature.parameters  # the list reads the request itself: pass it on
    if not asks:
        kept.append(inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    title = path.strip("/").replace("/", "-").replace("{", "").replace("}", "").split(":")[0] or "export"

    async def export(**kwargs: Any) -> Stream:
        # The list's pages (or the report) are read first, each in the handler's own tenant
        # scope; the file is then written in a worker thread and streamed (sheets.download).
        lang = language(kwargs["request"] if asks else kwargs.pop("request"))
        if whole is not None:
            headers, rows = tabulated(await fn(None, **kwargs), *whole, lang)
            sheet = sheets.Sheet(title, headers, rows)
        elif labelled:
            out = await fn(None, **kwargs)
            sheet = sheets.Sheet(title, [words(h, lang) for h in REPORT_HEADERS], report_rows(out, lang))
        elif report:
            out = await fn(None, **kwargs)
            sheet = sheets.Sheet(title, [words(h, lang) for h in FIGURE_HEADERS], flatten(out))
        else:
            items = await drain(lambda cursor: fn(None, **kwargs, limit=500, cursor=cursor))
            headers, rows, formats = table(items, item, columns, lang, codes)  # type: ignore[arg-type]
            sheet = sheets.Sheet(title, headers, rows, number_formats=formats)
        return await sheets.download("xlsx", title, sheet)

    export.__name__ = export.__qualname__ = f"{fn.__name__}_export"
    export.__module__ = fn.__module__
    export.__doc__ = (
        f"{handler.summary or fn.__name__}: the figures as an XLSX workbook, one figure per row."
        if report
        else f"{handler.summary or fn.__name__}, as an XLSX workbook (text cells are never formulas)."
        if whole is not None
        else f"{handler.summary or fn.__name__}, every page, as an XLSX workbook (text cells are never formulas)."
    )
    export.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=kept, return_annotation=Stream
    )
    export.__annotations__ = (
        {p.name: hints[p.name] for p in kept if p.name in hints} | {"request": Request} | {"return": Stream}
    )
    return get(
        path,
        guards=[*_listed(controller, "guards"), *(handler.guards or [])],
        tags=_listed(controller, "tags"),
        summary=f"{handler.summary or fn.__name__} (XLSX)",
        media_type=XLSX,
        # what the export writes, for tests/test_exports.py: the record of a row and its labels
        opt={"export_of": item, "export_columns": columns, "export_codes": codes},
    )(export)


def siblings(
    controllers: Iterable[type[Controller]], columns: Columns, codes: Codes | None = None
) -> list[HTTPRouteHandler]:
    """The `/export` route of every paged list, every report and every answer that reads as a
    table (`tabulate`) among these controllers, its header in words from `columns` (the
    catalogue next to them) and COMMON, or from `tabulate`, its code columns' values in words
    from `codes`."""
    out: list[HTTPRouteHandler] = []
    for controller in controllers:
        handlers = [v for v in vars(controller).values() if isinstance(v, HTTPRouteHandler)]
        path_value = getattr(controller, "path", "/")
        base = path_value if isinstance(path_value, str) else "/"
        taken = {_join(base, p) for h in handlers for p in h.paths}
        for handler in handlers:
            if "GET" not in handler.http_methods:
                continue
            for path in handler.paths:
                target = _join(base, path, "export")
                if target in taken:
                    continue
                made = _sibling(controller, handler, target, columns, codes or {})
                if made is not None:
                    out.append(made)
                    taken.add(target)
    return out


# The platform's own lists (tenants, tokens, module switches, the platform log, the yearly review).
PLATFORM: dict[str, Label] = {
    "slug": ("代码", "Slug"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "parent": ("上级", "Parent"),
    "locale": ("语言", "Locale"),
    "timezone": ("时区", "Time zone"),
    "modules": ("开启的模块", "Modules on"),
    "TenantOut.active": ("是否启用", "Enabled"),
    "config": ("设置", "Settings"),
    "prefix": ("令牌前缀", "Token prefix"),
    "role": ("角色", "Role"),
    "account": ("账号", "Account"),
    "TokenOut.label": ("用途", "Label"),
    "expires_at": ("到期时间", "Expires at"),
    "revoked_at": ("吊销时间", "Revoked at"),
    "module": ("模块", "Module"),
    "switched_on": ("是否开启", "Switched on"),
    "action": ("操作代码", "Action code"),
    "subject": ("对象", "Subject"),
    "PlatformEventOut.label": ("操作", "Action"),
    "title_zh": ("中文标题", "Chinese title"),
    "title_en": ("英文标题", "English title"),
    "deadline": ("申报截止日", "Deadline"),
    "criteria": ("评审标准", "Criteria"),
    "opened_at": ("开始时间", "Opened at"),
    "closed_at": ("截止时间", "Closed at"),
    "published_at": ("公布时间", "Published at"),
    "NominationOut.title": ("项目名称", "Nomination"),
    "summary": ("简介", "Summary"),
    "submitted_at": ("提交时间", "Submitted at"),
    "figures": ("数据", "Figures"),
    "scores": ("评分", "Scores"),
    "NominationOut.total": ("总分", "Total score"),
    "rank": ("名次", "Rank"),
    "tenant_name": ("租户名称", "Tenant name"),
    "module_name": ("模块名称", "Module name"),
}

# The platform's code columns (a module's name is in words too: `module_codes`, from the registry).
PLATFORM_CODES: dict[str, CodeWords] = {
    "TenantOut.locale": codes(("zh-CN", "en"), {"zh-CN": ("简体中文", "Chinese"), "en": ("英文", "English")}),
    "TokenOut.role": codes(
        Role,
        {
            "platform_admin": ("自治区总工会管理员", "Region admin"),
            "tenant_admin": ("市（区）总工会管理员", "City admin"),
            "org_officer": ("基层工会干部", "Org officer"),
            "auditor": ("经审人员", "Auditor"),
            "worker": ("职工", "Worker"),
            "reviewer": ("评审专家", "Reviewer"),
        },
    ),
    "ReviewOut.state": codes(
        Review.state,
        {
            "draft": ("草拟", "draft"),
            "open": ("申报中", "open"),
            "scoring": ("评审中", "scoring"),
            "published": ("已公布", "published"),
        },
    ),
    "NominationOut.state": codes(Nomination.state, {"draft": ("草稿", "draft"), "submitted": ("已提交", "submitted")}),
}


def module_codes(names: Mapping[str, Label]) -> dict[str, CodeWords]:
    """The platform's code words with the modules' names (`module` columns), given by the app
    (the platform imports no module)."""
    modules = codes(tuple(names), dict(names))
    return PLATFORM_CODES | {"module": modules, "modules": modules}
